import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { CommandSender, requirePathId, type CommandReceipt } from '../http/command-sender';
import {
  AddMedicationDto,
  ChangeMedicationDto,
  CheckAdherenceDto,
  ReconcileMedicationsDto,
  StopMedicationDto,
} from './medications.dto';

/** The medication list, its reconciliation and adherence checks (medication management). */
@ApiTags('medications')
@ApiBearerAuth()
@Controller('patients/:id')
export class MedicationsController {
  constructor(private readonly send: CommandSender) {}

  @Post('medications')
  @Roles('care_manager', 'practitioner')
  @ApiOperation({ summary: 'Add a medication to the patient’s list' })
  async add(
    @Param('id') id: string,
    @Body() body: AddMedicationDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { medicationId: string }> {
    const medicationId = body.medicationId ?? randomUUID();
    const command = { type: 'AddMedication' as const, data: { ...body, medicationId } };
    const receipt = await this.send.toPatient(req, res, id, command, `medication:${medicationId}`);
    return { medicationId, ...receipt };
  }

  @Post('medications/:medicationId/changes')
  @Roles('care_manager', 'practitioner')
  @ApiOperation({ summary: 'Change a medication’s dose, route, frequency, name or prescriber' })
  async change(
    @Param('id') id: string,
    @Param('medicationId') medicationId: string,
    @Body() body: ChangeMedicationDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { changeId: string }> {
    requirePathId(medicationId, 'medicationId');
    const changeId = body.changeId ?? randomUUID();
    const command = { type: 'ChangeMedication' as const, data: { ...body, changeId, medicationId } };
    const receipt = await this.send.toPatient(req, res, id, command, `medication-change:${changeId}`);
    return { changeId, ...receipt };
  }

  @Post('medications/:medicationId/stop')
  @Roles('care_manager', 'practitioner')
  @ApiOperation({ summary: 'Stop a medication on the list' })
  stop(
    @Param('id') id: string,
    @Param('medicationId') medicationId: string,
    @Body() body: StopMedicationDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    requirePathId(medicationId, 'medicationId');
    const command = { type: 'StopMedication' as const, data: { ...body, medicationId } };
    return this.send.toPatient(req, res, id, command, `medication-stop:${medicationId}`);
  }

  @Post('medication-reconciliations')
  @Roles('care_manager', 'practitioner')
  @ApiOperation({
    summary:
      'Record a medication reconciliation: who, when, from what source, the changes and the discrepancies found',
  })
  async reconcile(
    @Param('id') id: string,
    @Body() body: ReconcileMedicationsDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { reconciliationId: string }> {
    const reconciliationId = body.reconciliationId ?? randomUUID();
    const data = {
      ...body,
      reconciliationId,
      reconciledBy: body.reconciledBy ?? req.actor?.userId ?? '',
      changes: body.changes.map((c) => ({ medicationId: c.medicationId, action: c.action })),
      discrepancies: body.discrepancies.map((d) => ({ ...d })),
    };
    const command = { type: 'ReconcileMedications' as const, data };
    const receipt = await this.send.toPatient(req, res, id, command, `reconciliation:${reconciliationId}`);
    return { reconciliationId, ...receipt };
  }

  @Post('adherence-checks')
  @Roles('care_manager', 'practitioner')
  @ApiOperation({ summary: 'Record an adherence check, of one medication or overall, reported or measured' })
  async checkAdherence(
    @Param('id') id: string,
    @Body() body: CheckAdherenceDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { checkId: string }> {
    const checkId = body.checkId ?? randomUUID();
    const command = {
      type: 'CheckAdherence' as const,
      data: { ...body, checkId, medicationId: body.medicationId ?? null },
    };
    const receipt = await this.send.toPatient(req, res, id, command, `adherence:${checkId}`);
    return { checkId, ...receipt };
  }
}
