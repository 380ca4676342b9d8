import { Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { patientStreamId, practiceStreamId, type PatientCommand } from '@ccm/domain';
import type { EventStore } from '@ccm/event-store';
import { reasonKey } from '@ccm/billing';
import { patientMonthFromEvents, type PatientMonthDocument } from '@ccm/patient-months';
import { ConcurrencyConflictError, readWholeStreamVerified } from '@ccm/record';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { CommandSender, parseIfMatch, requirePathId, type CommandReceipt } from '../http/command-sender';
import { EVENT_STORE } from '../infrastructure/tokens';
import { requireMonth } from '../read-models/read-params';

/** Reads and decisions a submission makes when other writers keep moving the record (no If-Match). */
const MAX_ATTEMPTS = 5;

/** The month decided from the patient's stream as it stood at `revision` (-1: no stream). */
interface MonthAsRead {
  readonly document: PatientMonthDocument | undefined;
  readonly revision: number;
}

/** The claim the month as read supports, or why it supports none (404, 422). */
function claimOf(read: MonthAsRead, month: string): Extract<PatientCommand, { type: 'SubmitClaim' }> {
  const { document } = read;
  if (!document) throw new ApiError(404, 'PATIENT_NOT_FOUND', 'No such patient in this practice.');
  const decision = document.billing.decision;
  if (document.billing.status !== 'billable' || !decision) {
    throw new ApiError(422, 'MONTH_NOT_BILLABLE', 'This patient-month bills no code.', {
      details: {
        status: document.billing.status,
        reasons: (decision?.notBillable ?? []).map(reasonKey),
      },
    });
  }
  return {
    type: 'SubmitClaim',
    data: {
      serviceMonth: month,
      billingPractitionerId: document.billingPractitionerId,
      codes: decision.codes,
      decision: JSON.parse(JSON.stringify(decision)) as Record<string, unknown>,
    },
  };
}

@ApiTags('billing')
@ApiBearerAuth()
@Controller('patients/:id/months/:month/claim')
export class ClaimsController {
  constructor(
    private readonly send: CommandSender,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * The decision is made again from the events at submission, never from a read model that may lag, and
   * is stored with the claim: any later change to the month shows as an amendment against it. It is made
   * on the stream as read at one revision and the claim is appended expecting that revision, so an event
   * recorded in between is never left out of the decision: the month is read and decided again, or, when
   * the client pinned the revision with If-Match, the submission answers 409.
   */
  @Post()
  @HttpCode(201)
  @Roles('biller')
  @ApiOperation({
    summary:
      'Mark a patient-month as submitted (claim lock, CLAIM-4): once only, with the decision it was based on',
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'Submit only on this stream revision (ETag); 409 REVISION_CONFLICT when the record moved',
  })
  async submit(
    @Param('id') id: string,
    @Param('month') month: string,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { serviceMonth: string; codes: readonly { code: string; units: number }[] }> {
    const patientId = requirePathId(id, 'id');
    requireMonth(month);
    const practiceId = req.actor?.practiceId ?? '';
    const pinned = parseIfMatch(req.headers['if-match']);
    for (let attempt = 1; ; attempt++) {
      const read = await this.readMonth(practiceId, patientId, month);
      if (pinned !== undefined && pinned !== read.revision) {
        throw new ConcurrencyConflictError('The record changed since it was read (If-Match).', read.revision);
      }
      const claim = claimOf(read, month);
      try {
        const receipt = await this.send.toPatientAt(req, res, patientId, claim, read.revision);
        return { serviceMonth: month, codes: claim.data.codes, ...receipt };
      } catch (error) {
        if (!(error instanceof ConcurrencyConflictError) || pinned !== undefined) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          throw new ConcurrencyConflictError(
            'The record kept changing while the claim was being decided; submit again.',
            error.currentRevision,
          );
        }
        // Another writer got in between: spread the next read from theirs with a short growing pause.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** attempt));
      }
    }
  }

  private async readMonth(practiceId: string, patientId: string, month: string): Promise<MonthAsRead> {
    const practiceEvents = await readWholeStreamVerified(this.store, practiceStreamId(practiceId));
    const patientEvents = await readWholeStreamVerified(this.store, patientStreamId(practiceId, patientId));
    const last = patientEvents[patientEvents.length - 1];
    return {
      document: patientMonthFromEvents(practiceEvents, patientEvents, month),
      revision: last === undefined ? -1 : Number(last.revision),
    };
  }
}
