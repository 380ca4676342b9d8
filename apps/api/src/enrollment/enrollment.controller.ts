import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { CommandSender, type CommandReceipt } from '../http/command-sender';
import {
  AddConditionDto,
  AttestPcmConditionDto,
  ChangeBillingPractitionerDto,
  EnrollPatientDto,
  ResolveConditionDto,
} from './enrollment.dto';

@ApiTags('enrolment')
@ApiBearerAuth()
@Controller('patients')
export class EnrollmentController {
  constructor(private readonly send: CommandSender) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Enrol a patient in the practice of your token' })
  async enroll(
    @Body() body: EnrollPatientDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { patientId: string }> {
    const receipt = await this.send.toPatient(req, res, body.patientId, {
      type: 'EnrollPatient',
      data: { ...body },
    });
    return { patientId: body.patientId, ...receipt };
  }

  @Post(':id/conditions')
  @Roles('admin', 'practitioner')
  @ApiOperation({ summary: 'Add a chronic condition with its attestation' })
  addCondition(
    @Param('id') id: string,
    @Body() body: AddConditionDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.send.toPatient(req, res, id, { type: 'AddCondition', data: { condition: { ...body } } });
  }

  @Post(':id/conditions/:code/resolution')
  @Roles('admin', 'practitioner')
  @ApiOperation({ summary: 'Mark an active condition resolved' })
  resolveCondition(
    @Param('id') id: string,
    @Param('code') code: string,
    @Body() body: ResolveConditionDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.send.toPatient(req, res, id, { type: 'ResolveCondition', data: { icd10: code, ...body } });
  }

  @Post(':id/pcm-attestations')
  @Roles('practitioner')
  @ApiOperation({
    summary:
      'Attest that one active condition warrants principal care management (PCM-1): expected duration, risk and needs',
  })
  attestPcmCondition(
    @Param('id') id: string,
    @Body() body: AttestPcmConditionDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.send.toPatient(req, res, id, { type: 'AttestPcmCondition', data: { ...body } });
  }

  @Post(':id/billing-practitioner')
  @Roles('admin')
  @ApiOperation({
    summary: 'Move the patient to another billing practitioner (a new consent is then needed, CONS-4)',
  })
  changeBillingPractitioner(
    @Param('id') id: string,
    @Body() body: ChangeBillingPractitionerDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.send.toPatient(req, res, id, {
      type: 'ChangeBillingPractitioner',
      data: { to: body.billingPractitionerId, effectiveOn: body.effectiveOn, reason: body.reason },
    });
  }
}
