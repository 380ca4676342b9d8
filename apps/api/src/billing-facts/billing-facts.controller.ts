import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { CommandSender, type CommandReceipt } from '../http/command-sender';
import {
  RecordInpatientStayDto,
  RecordMdmDto,
  RecordOtherPractitionerClaimDto,
  RecordOtherServiceDto,
  RecordPayerCoverageDto,
  SetTrackPolicyDto,
} from './billing-facts.dto';

/** Facts the billing rules read beyond consent, care plan and time (billing-facts.md §2). */
@ApiTags('billing facts')
@ApiBearerAuth()
@Controller('patients/:id')
export class BillingFactsController {
  constructor(private readonly send: CommandSender) {}

  @Post('medical-decision-making')
  @Roles('practitioner')
  @ApiOperation({
    summary: 'Record the month’s medical decision-making level (CODE-3: complex CCM needs moderate or high)',
  })
  mdm(
    @Param('id') id: string,
    @Body() body: RecordMdmDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.send.toPatient(req, res, id, {
      type: 'RecordMedicalDecisionMaking',
      data: {
        serviceMonth: body.serviceMonth,
        level: body.level,
        practitionerId: body.practitionerId ?? req.actor?.userId ?? '',
      },
    });
  }

  @Post('payer-coverage')
  @Roles('admin', 'biller')
  @ApiOperation({ summary: 'Record the patient’s coverage from a month on (ELIG-4, PAY-4)' })
  payer(
    @Param('id') id: string,
    @Body() body: RecordPayerCoverageDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.send.toPatient(req, res, id, { type: 'RecordPayerCoverage', data: { ...body } });
  }

  @Post('track-policy')
  @Roles('practitioner')
  @ApiOperation({
    summary:
      'Choose the billing track and its fallback from a month on (SEL-4, SEL-5): a clinical choice, never by revenue',
  })
  track(
    @Param('id') id: string,
    @Body() body: SetTrackPolicyDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.send.toPatient(req, res, id, { type: 'SetTrackPolicy', data: { ...body } });
  }

  @Post('inpatient-stays')
  @Roles('care_manager', 'practitioner')
  @ApiOperation({ summary: 'Record a hospital or SNF stay; its dates’ minutes do not count (TIME-9)' })
  stay(
    @Param('id') id: string,
    @Body() body: RecordInpatientStayDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.send.toPatient(
      req,
      res,
      id,
      { type: 'RecordInpatientStay', data: { ...body } },
      `stay:${body.stayId}:${body.discharge ?? 'open'}`,
    );
  }

  @Post('other-services')
  @Roles('biller', 'admin')
  @ApiOperation({ summary: 'Record a service billed in the month that may exclude CCM (EXCL-1..3)' })
  otherService(
    @Param('id') id: string,
    @Body() body: RecordOtherServiceDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.send.toPatient(
      req,
      res,
      id,
      { type: 'RecordOtherService', data: { ...body } },
      `service:${body.serviceId}`,
    );
  }

  @Post('other-practitioner-claims')
  @Roles('biller')
  @ApiOperation({
    summary: 'Record another practitioner’s claim for the patient, learnt from remittance (PRAC-4, EXCL-5)',
  })
  otherClaim(
    @Param('id') id: string,
    @Body() body: RecordOtherPractitionerClaimDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.send.toPatient(
      req,
      res,
      id,
      { type: 'RecordOtherPractitionerClaim', data: { ...body } },
      `claim:${body.claimId}`,
    );
  }
}
