import { Logger } from '@nestjs/common';
import { AccessLog, AccessLogUnavailableError, type PurposeOfUse } from '@ccm/audit';
import { billingSetupOn, localDateTimeAt, type Actor } from '@ccm/domain';
import {
  buildClaimFile,
  claimDemographicsOf,
  type ClaimDemographics,
  type ClaimFile,
  type FileStamp,
} from '@ccm/interop';
import { lastDayOf } from '@ccm/patient-months';
import type { Answer, DateOfService } from '@ccm/projections';
import { PatientRecords, PracticeRecords, type Clock } from '@ccm/record';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import type { ReadSide } from '../read-models/read-side';

export const NOT_READY_HEADER = 'X-CCM-Claims-Not-Ready';
const ROUTE = 'GET /billing/months/:month/claims';

/**
 * Gathers what a claim file is built from: the month's lines from the billing export (the read model,
 * never billing decided again), the practice's billing setups and each billed patient's current
 * demographics from their streams; then stamps the file on the practice's clock. A plain class the
 * controller makes from what it is given, so the route needs no provider of its own.
 */
export class ClaimFileSource {
  private readonly logger = new Logger('claim-file');

  constructor(
    private readonly readSide: ReadSide,
    private readonly practices: PracticeRecords,
    private readonly patients: PatientRecords,
    private readonly accessLog: AccessLog,
    private readonly clock: Clock,
  ) {}

  async claimFile(
    actor: Actor,
    serviceMonth: string,
    generation: number,
    dateOfService: DateOfService,
  ): Promise<Answer<{ file: ClaimFile; stamp: FileStamp }>> {
    const practiceId = actor.practiceId;
    const { state } = await this.practices.load(practiceId);
    if (state.status !== 'registered') throw new ApiError(404, 'PRACTICE_NOT_FOUND', 'No such practice.');
    const setups = state.billingSetups ?? [];
    if (!billingSetupOn(setups, lastDayOf(serviceMonth))) {
      throw new ApiError(
        422,
        'BILLING_SETUP_MISSING',
        'No billing setup (billing provider, place of service, payer, fees) is in force for this month: record one with POST /practices/{id}/billing-setup.',
      );
    }
    const rows = await this.readSide.queries.billingExport(practiceId, serviceMonth, dateOfService);
    const demographics = new Map<string, ClaimDemographics>();
    for (const row of rows.body) {
      if (row.status !== 'billable') continue;
      const found = claimDemographicsOf((await this.patients.load(practiceId, row.patientId)).state);
      if (found) demographics.set(row.patientId, found);
    }
    const file = buildClaimFile({
      practiceId,
      serviceMonth,
      generation,
      lines: rows.body,
      setups,
      demographics,
    });
    const now = localDateTimeAt(this.clock.now(), state.timeZone);
    return {
      position: rows.position,
      body: { file, stamp: { date: now.slice(0, 10), time: now.slice(11, 16) } },
    };
  }

  /**
   * The route's read is logged for the practice by the interceptor; the file also carries patients'
   * records, so each of them is logged in that patient's access stream before the file is served.
   */
  async logPatientsCarried(
    actor: Actor,
    file: ClaimFile,
    request: AuthenticatedRequest,
    purpose: string,
  ): Promise<void> {
    const entry = {
      what: ROUTE,
      purpose: purpose as PurposeOfUse,
      channel: 'api' as const,
      requestId: request.requestId ?? 'unknown',
    };
    const patientIds = [...file.claims, ...file.notReady].map((c) => c.patientId);
    try {
      for (const patientId of patientIds) await this.accessLog.patientRead(actor, patientId, entry);
    } catch (error) {
      if (!(error instanceof AccessLogUnavailableError)) throw error;
      this.logger.error(`access log not written for ${ROUTE} (${error.causeName}); file refused`);
      throw new ApiError(
        503,
        'ACCESS_LOG_UNAVAILABLE',
        'The read could not be logged, so it is not served; retry.',
      );
    }
  }
}
