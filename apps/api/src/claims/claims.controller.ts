import { Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { patientStreamId, practiceStreamId } from '@ccm/domain';
import type { EventStore, RecordedEvent } from '@ccm/event-store';
import { patientMonthFromEvents } from '@ccm/projections';
import { readStreamPaged } from '@ccm/record';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { CommandSender, requirePathId, type CommandReceipt } from '../http/command-sender';
import { EVENT_STORE } from '../infrastructure/tokens';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

async function readAll(store: EventStore, streamId: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of readStreamPaged(store, streamId)) events.push(event);
  return events;
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
   * is stored with the claim: any later change to the month shows as an amendment against it.
   */
  @Post()
  @HttpCode(201)
  @Roles('biller')
  @ApiOperation({
    summary:
      'Mark a patient-month as submitted (claim lock, CLAIM-4): once only, with the decision it was based on',
  })
  async submit(
    @Param('id') id: string,
    @Param('month') month: string,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { serviceMonth: string; codes: readonly { code: string; units: number }[] }> {
    const patientId = requirePathId(id, 'id');
    if (!MONTH.test(month)) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'A path parameter is malformed.', {
        fields: [{ field: 'month', errors: ['must be a month YYYY-MM'] }],
      });
    }
    const practiceId = req.actor?.practiceId ?? '';
    const document = patientMonthFromEvents(
      await readAll(this.store, practiceStreamId(practiceId)),
      await readAll(this.store, patientStreamId(practiceId, patientId)),
      month,
    );
    if (!document) throw new ApiError(404, 'PATIENT_NOT_FOUND', 'No such patient in this practice.');
    const decision = document.billing.decision;
    if (document.billing.status !== 'billable' || !decision) {
      throw new ApiError(422, 'MONTH_NOT_BILLABLE', 'This patient-month bills no code.', {
        details: {
          status: document.billing.status,
          reasons: (decision?.notBillable ?? []).map((r) => (r.ref ? `${r.reason}:${r.ref}` : r.reason)),
        },
      });
    }
    const receipt = await this.send.toPatient(req, res, patientId, {
      type: 'SubmitClaim',
      data: {
        serviceMonth: month,
        billingPractitionerId: document.billingPractitionerId,
        codes: decision.codes,
        decision: JSON.parse(JSON.stringify(decision)) as Record<string, unknown>,
      },
    });
    return { serviceMonth: month, codes: decision.codes, ...receipt };
  }
}
