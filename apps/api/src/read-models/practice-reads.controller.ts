import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ccm/domain';
import { RULE_SETS, ruleSetForMonth } from '@ccm/billing';
import { dateOfServiceOf, formatExport, type BillingMonthPage } from '@ccm/projections';
import type { Response } from 'express';
import { ALL_ROLES, CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { answer } from './read-errors';
import { billingStatus, dateOfServiceParam, exportFormat, pageRequest, requireMonth } from './read-params';
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
      'Billing lines of a month for billing jobs: codes, practitioner and NPI, diagnosis codes, date of service, estimated allowed amount, threshold date, reasons (paged; read model only)',
  })
  @ApiQuery({ name: 'status', required: false, enum: ['billable', 'not-billable', 'all'] })
  @ApiQuery({
    name: 'dateOfService',
    required: false,
    enum: ['month-end', 'threshold'],
    description: 'CLAIM-1: the last day of the month (default) or the day the billed threshold was met',
  })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  billingMonth(
    @Param('month') month: string,
    @Query('status') status: string | undefined,
    @Query('dateOfService') dateOfService: string | undefined,
    @Query('limit') limit: string | undefined,
    @Query('cursor') cursor: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const serviceMonth = requireMonth(month);
    const which = billingStatus(status);
    const dated = dateOfServiceParam(dateOfService);
    const page = pageRequest(limit, cursor);
    return answer<StreamableFile | BillingMonthPage>(res, async () => {
      const queries = this.readSide.queries;
      if (dated === 'month-end') {
        // Lines are stored dated at month end: the page is sent as the text the read model gives, not
        // parsed here only to be serialised again (the same bytes either way), and in its parts.
        const result = await queries.billingMonthJson(actor.practiceId, serviceMonth, which, page);
        return { ...result, body: jsonInParts(result.body.parts) };
      }
      const result = await queries.billingMonth(actor.practiceId, serviceMonth, which, page);
      // The threshold date is on the line itself.
      const items = result.body.items.map((line) => ({
        ...line,
        dateOfService: dateOfServiceOf(line, dated),
      }));
      return { ...result, body: { ...result.body, items } };
    });
  }

  @Get('billing/months/:month/export')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary:
      'The month for claims as a file: every patient-month, billable or not, in the columns and order of the CLI export (read model only)',
  })
  @ApiQuery({ name: 'format', required: false, enum: ['csv', 'json'] })
  @ApiQuery({ name: 'dateOfService', required: false, enum: ['month-end', 'threshold'] })
  billingExport(
    @Param('month') month: string,
    @Query('format') format: string | undefined,
    @Query('dateOfService') dateOfService: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const serviceMonth = requireMonth(month);
    const dated = dateOfServiceParam(dateOfService);
    const as = exportFormat(format);
    if (!ruleSetForMonth(serviceMonth)) {
      throw new ApiError(
        422,
        'NO_BILLING_RULE_SET',
        `No billing rule set covers ${serviceMonth} (known: ${RULE_SETS.map((r) => r.id).join(', ')}).`,
      );
    }
    return answer(res, async () => {
      const result = await this.readSide.queries.billingExport(actor.practiceId, serviceMonth, dated);
      const file = new StreamableFile(Buffer.from(formatExport(result.body, as), 'utf8'), {
        type: as === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        disposition: `attachment; filename="billing-${serviceMonth}.${as}"`,
      });
      return { ...result, body: file };
    });
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
}

/**
 * A JSON body sent part by part, with its length: a page of a thousand billing lines is most of a
 * megabyte, and made into one string (then one buffer) it costs more than reading it did.
 */
function jsonInParts(parts: readonly string[]): StreamableFile {
  const chunks = parts.map((part) => Buffer.from(part, 'utf8'));
  const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  return new StreamableFile(Readable.from(chunks, { objectMode: false }), {
    type: 'application/json; charset=utf-8',
    length,
  });
}
