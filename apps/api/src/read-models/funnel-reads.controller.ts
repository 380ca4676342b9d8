import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ccm/domain';
import { EnrolmentFunnelQueries, type FunnelMonth } from '@ccm/projections';
import type { Response } from 'express';
import { ALL_ROLES, CurrentActor, Roles } from '../auth/auth.decorators';
import { answer } from './read-errors';
import { monthsEndingWith, requireMonth } from './read-params';
import { ReadSide } from './read-side';
import { ApiError } from '../http/api-error';

/** `months`: absent for one month; otherwise 1 to 24, and the answer is a trend. */
function trendLength(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,2}$/.test(value) || Number(value) < 1 || Number(value) > 24) {
    throw new ApiError(400, 'VALIDATION_FAILED', 'A parameter is malformed.', {
      fields: [{ field: 'months', errors: ['must be an integer from 1 to 24'] }],
    });
  }
  return Number(value);
}

/**
 * The practice's enrolment funnel (docs/enrolment-funnel.md): identified, reached, consented, enrolled,
 * first billable month, as a cohort and as the month's activity. Counts only, no patient named; the read
 * is access-logged as a practice read like every other.
 */
@ApiTags('read models')
@ApiBearerAuth()
@Controller()
export class FunnelReadsController {
  constructor(private readonly readSide: ReadSide) {}

  @Get('metrics/funnel')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary:
      'Enrolment funnel of a month: of the candidates identified in it, how many were reached, consented, enrolled and billed by now (with median days between stages); and how many reached each stage during it',
  })
  @ApiQuery({
    name: 'month',
    required: false,
    description: 'YYYY-MM; the current month (practice time zone) when absent',
  })
  @ApiQuery({
    name: 'months',
    required: false,
    description: '1 to 24: answer `{ months: [...] }`, the month and the ones before it, oldest first',
  })
  funnel(
    @Query('month') month: string | undefined,
    @Query('months') count: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const months = trendLength(count);
    const asked = month === undefined ? undefined : requireMonth(month);
    return answer<FunnelMonth | { months: FunnelMonth[] }>(res, async () => {
      const last = asked ?? (await this.readSide.queries.currentMonth(actor.practiceId, this.readSide.now()));
      const queries = new EnrolmentFunnelQueries(this.readSide.readModels);
      if (months === undefined) return queries.funnel(actor.practiceId, last);
      const trend = await queries.funnelTrend(actor.practiceId, monthsEndingWith(last, months));
      return { ...trend, body: { months: trend.body } };
    });
  }
}
