import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ccm/domain';
import type { Response } from 'express';
import { ALL_ROLES, CurrentActor, Roles } from '../auth/auth.decorators';
import { answer } from './read-errors';
import { monthCount, monthsEndingWith, requireMonth } from './read-params';
import { ReadSide } from './read-side';

/** The practice's figures of a month: the program, the team's work and care outcomes (read models only). */
@ApiTags('read models')
@ApiBearerAuth()
@Controller()
export class MetricsReadsController {
  constructor(private readonly readSide: ReadSide) {}

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
    return answer(res, async () =>
      this.readSide.queries.programMetrics(actor.practiceId, await this.monthAsked(month, actor)),
    );
  }

  @Get('metrics/outcomes')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary:
      'Care outcomes of a month: blood pressure control, A1c over 9%, admissions, 30-day readmissions, ED visits, medication reconciliation after discharge, adherence, satisfaction; before and after enrolment; each figure with its definition',
  })
  @ApiQuery({
    name: 'month',
    required: false,
    description: 'YYYY-MM; the current month (practice time zone) when absent',
  })
  outcomeMetrics(
    @Query('month') month: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    return answer(res, async () =>
      this.readSide.queries.outcomeMetrics(
        actor.practiceId,
        await this.monthAsked(month, actor),
        this.readSide.now(),
      ),
    );
  }

  @Get('metrics/outcomes/trend')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary:
      'Care outcomes of a month and the months before it (oldest first), as GET /metrics/outcomes answers each, read once',
  })
  @ApiQuery({
    name: 'month',
    required: false,
    description: 'YYYY-MM, the last month; the current month when absent',
  })
  @ApiQuery({ name: 'months', required: false, description: 'how many months, 1 to 24 (default 12)' })
  outcomeTrend(
    @Query('month') month: string | undefined,
    @Query('months') count: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const months = monthCount(count);
    return answer(res, async () => {
      const last = await this.monthAsked(month, actor);
      const result = await this.readSide.queries.outcomeTrend(
        actor.practiceId,
        monthsEndingWith(last, months),
        this.readSide.now(),
      );
      return { ...result, body: { months: result.body } };
    });
  }

  @Get('metrics/team')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary:
      'Team work of a month: minutes by staff member (by role and activity, patients served), contacts by channel and outcome',
  })
  @ApiQuery({
    name: 'month',
    required: false,
    description: 'YYYY-MM; the current month (practice time zone) when absent',
  })
  teamMetrics(
    @Query('month') month: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    return answer(res, async () =>
      this.readSide.queries.teamMetrics(actor.practiceId, await this.monthAsked(month, actor)),
    );
  }

  /** The month asked for, or the current month in the practice's time zone. */
  private monthAsked(month: string | undefined, actor: Actor): Promise<string> {
    return month === undefined
      ? this.readSide.queries.currentMonth(actor.practiceId, this.readSide.now())
      : Promise.resolve(requireMonth(month));
  }
}
