import { Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { patientStreamId, practiceStreamId } from '@ccm/domain';
import type { EventStore } from '@ccm/event-store';
import { reasonKey } from '@ccm/billing';
import { patientMonthFromEvents } from '@ccm/projections';
import { readWholeStream } from '@ccm/record';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { CommandSender, requirePathId, type CommandReceipt } from '../http/command-sender';
import { EVENT_STORE } from '../infrastructure/tokens';
import { requireMonth } from '../read-models/read-params';

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
    requireMonth(month);
    const practiceId = req.actor?.practiceId ?? '';
    const document = patientMonthFromEvents(
      await readWholeStream(this.store, practiceStreamId(practiceId)),
      await readWholeStream(this.store, patientStreamId(practiceId, patientId)),
      month,
    );
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
