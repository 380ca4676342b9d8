import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { CommandSender, type CommandReceipt } from '../http/command-sender';
import { toLocalWithOffset } from '../http/validators';
import { RecordConsentDto, WithdrawConsentDto } from './consent.dto';

@ApiTags('consent')
@ApiBearerAuth()
@Controller('patients/:id/consent')
export class ConsentController {
  constructor(private readonly send: CommandSender) {}

  @Post()
  @Roles('practitioner')
  @ApiOperation({ summary: 'Record the consent discussion and the patient’s decision (CONS-1..4)' })
  async record(
    @Param('id') id: string,
    @Body() body: RecordConsentDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { consentId: string }> {
    const consentId = body.consentId ?? randomUUID();
    const receipt = await this.send.toPatient(
      req,
      res,
      id,
      (timeZone) => {
        const obtained = toLocalWithOffset(body.obtainedAt, timeZone);
        return {
          type: 'RecordConsent',
          data: {
            consentId,
            program: body.program ?? 'CCM',
            decision: body.decision ?? 'accepted',
            method: body.method,
            obtainedAt: obtained.local,
            ...(obtained.offset ? { obtainedAtOffset: obtained.offset } : {}),
            obtainedBy: body.obtainedBy ?? req.actor?.userId ?? '',
            ...(body.billingPractitionerId ? { billingPractitionerId: body.billingPractitionerId } : {}),
            disclosures: { ...body.disclosures },
            ...(body.documentReference ? { documentReference: body.documentReference } : {}),
          },
        };
      },
      `consent:${consentId}`,
    );
    return { consentId, ...receipt };
  }

  @Post('withdrawal')
  @Roles('practitioner', 'care_manager')
  @ApiOperation({
    summary: 'Record that the patient stopped; effective at the end of that calendar month (CONS-6)',
  })
  withdraw(
    @Param('id') id: string,
    @Body() body: WithdrawConsentDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.send.toPatient(req, res, id, (timeZone) => {
      const withdrawn = toLocalWithOffset(body.withdrawnAt, timeZone);
      return {
        type: 'WithdrawConsent',
        data: {
          program: body.program ?? 'CCM',
          withdrawnAt: withdrawn.local,
          ...(withdrawn.offset ? { withdrawnAtOffset: withdrawn.offset } : {}),
          ...(body.reason ? { reason: body.reason } : {}),
        },
      };
    });
  }
}
