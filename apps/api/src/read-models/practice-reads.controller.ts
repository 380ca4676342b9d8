import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ccm/domain';
import type { Response } from 'express';
import { ALL_ROLES, CurrentActor, Roles } from '../auth/auth.decorators';
import { answer } from './read-errors';
import { billingStatus, pageRequest, requireMonth } from './read-params';
import { ReadSide } from './read-side';

@ApiTags('read models')
@ApiBearerAuth()
@Controller()
export class PracticeReadsController {
  constructor(private readonly readSide: ReadSide) {}

  @Get('billing/months/:month')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary:
      'Billing lines of a month for billing jobs: codes, practitioner, threshold date, reasons (paged; read model only)',
  })
  @ApiQuery({ name: 'status', required: false, enum: ['billable', 'not-billable', 'all'] })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  billingMonth(
    @Param('month') month: string,
    @Query('status') status: string | undefined,
    @Query('limit') limit: string | undefined,
    @Query('cursor') cursor: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const serviceMonth = requireMonth(month);
    const which = billingStatus(status);
    const page = pageRequest(limit, cursor);
    return answer(res, () => this.readSide.queries.billingMonth(actor.practiceId, serviceMonth, which, page));
  }

  @Get('worklist')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary:
      'This month: consented patients short of the next billing threshold, fewest minutes missing first, with days left (paged)',
  })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  worklist(
    @Query('limit') limit: string | undefined,
    @Query('cursor') cursor: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const page = pageRequest(limit, cursor);
    return answer(res, () => this.readSide.queries.worklist(actor.practiceId, this.readSide.now(), page));
  }

  @Get('metrics/program')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary:
      'Program metrics of a month: enrolled, consented, active, minutes distribution, share reaching each threshold',
  })
  @ApiQuery({
    name: 'month',
    required: false,
    description: 'YYYY-MM; the current month (practice time zone) when absent',
  })
  programMetrics(
    @Query('month') month: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    return answer(res, async () => {
      const which =
        month === undefined
          ? await this.readSide.queries.currentMonth(actor.practiceId, this.readSide.now())
          : requireMonth(month);
      return this.readSide.queries.programMetrics(actor.practiceId, which);
    });
  }
}
