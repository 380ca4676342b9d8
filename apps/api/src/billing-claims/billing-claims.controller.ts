import { Controller, Get, Inject, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RULE_SETS, ruleSetForMonth } from '@ccm/billing';
import { AccessLog } from '@ccm/audit';
import type { Actor } from '@ccm/domain';
import { CLAIM_FILE_MEDIA_TYPES, claimFileName, formatClaimFile } from '@ccm/interop';
import { PatientRecords, PracticeRecords, type Clock } from '@ccm/record';
import type { Response } from 'express';
import { CurrentActor, Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { PURPOSE_HEADER } from '../audit/access-log.interceptor';
import { ApiError } from '../http/api-error';
import { CLOCK } from '../infrastructure/tokens';
import { answer } from '../read-models/read-errors';
import { dateOfServiceParam, requireMonth } from '../read-models/read-params';
import { claimFileFormat, claimGeneration } from './claim-file-params';
import { ClaimFileSource, NOT_READY_HEADER } from './claim-file-source';
import { ReadSide } from '../read-models/read-side';

@ApiTags('billing')
@ApiBearerAuth()
@Controller('billing/months/:month/claims')
export class BillingClaimsController {
  private readonly source: ClaimFileSource;

  constructor(
    readSide: ReadSide,
    practices: PracticeRecords,
    patients: PatientRecords,
    accessLog: AccessLog,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.source = new ClaimFileSource(readSide, practices, patients, accessLog, clock);
  }

  @Get()
  @Roles('biller', 'admin')
  @ApiOperation({
    summary:
      'The month’s claim file: one claim per billable patient-month with a service line per code, charge from the fee schedule in force, diagnoses and pointers, NPIs and the patient’s demographics; months that cannot be claimed yet under notReady (json). Each patient carried is access-logged.',
  })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', '837p'] })
  @ApiQuery({
    name: 'generation',
    required: false,
    description: '1 (default) to 99999: the file’s control numbers',
  })
  @ApiQuery({ name: 'dateOfService', required: false, enum: ['month-end', 'threshold'] })
  @ApiHeader({ name: NOT_READY_HEADER, description: 'In the answer: how many billable months are not ready' })
  async claims(
    @Param('month') month: string,
    @Query('format') format: string | undefined,
    @Query('generation') generation: string | undefined,
    @Query('dateOfService') dateOfService: string | undefined,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const serviceMonth = requireMonth(month);
    const as = claimFileFormat(format);
    const number = claimGeneration(generation);
    const dated = dateOfServiceParam(dateOfService);
    if (!ruleSetForMonth(serviceMonth)) {
      throw new ApiError(
        422,
        'NO_BILLING_RULE_SET',
        `No billing rule set covers ${serviceMonth} (known: ${RULE_SETS.map((r) => r.id).join(', ')}).`,
      );
    }
    const { file, stamp } = await answer(res, () =>
      this.source.claimFile(actor, serviceMonth, number, dated),
    );
    if (as === '837p' && file.claims.length === 0) {
      throw new ApiError(
        422,
        'NO_CLAIM_READY',
        'No billable month of this service month is ready to claim.',
        {
          details: { notReady: file.notReady.length },
        },
      );
    }
    await this.source.logPatientsCarried(actor, file, req, purposeOf(req));
    res.setHeader(NOT_READY_HEADER, String(file.notReady.length));
    return new StreamableFile(Buffer.from(formatClaimFile(file, as, stamp), 'utf8'), {
      type: CLAIM_FILE_MEDIA_TYPES[as],
      disposition: `attachment; filename="${claimFileName(file, as)}"`,
    });
  }
}

/** The access-log interceptor has already refused an unknown purpose; the same value is logged here. */
function purposeOf(req: AuthenticatedRequest): string {
  const header = req.headers[PURPOSE_HEADER];
  return typeof header === 'string' ? header.trim().toLowerCase() : 'unspecified';
}
