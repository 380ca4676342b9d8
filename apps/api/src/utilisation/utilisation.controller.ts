import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { CommandSender, generatedId, requirePathId, type CommandReceipt } from '../http/command-sender';
import { RecordAdmissionDto, RecordDischargeDto, RecordEmergencyVisitDto } from './utilisation.dto';

/**
 * Emergency visits, admissions and discharges (docs/care-quality.md). An admission or discharge is the
 * `InpatientStayRecorded` billing reads (TIME-9), with the idempotency keys of /inpatient-stays, so a stay
 * sent through either route is one stay, recorded once.
 */
@ApiTags('utilisation')
@ApiBearerAuth()
@Controller('patients/:id')
export class UtilisationController {
  constructor(private readonly send: CommandSender) {}

  @Post('emergency-visits')
  @Roles('care_manager', 'practitioner')
  @ApiOperation({ summary: 'Record an emergency department visit (date, facility, optional ICD-10 reason)' })
  async emergencyVisit(
    @Param('id') id: string,
    @Body() body: RecordEmergencyVisitDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { visitId: string }> {
    const visitId = body.visitId ?? generatedId(req);
    const receipt = await this.send.toPatient(
      req,
      res,
      id,
      {
        type: 'RecordEmergencyVisit',
        data: {
          visitId,
          visitDate: body.visitDate,
          facility: body.facility,
          ...(body.reasonCode !== undefined ? { reasonCode: body.reasonCode } : {}),
        },
      },
      `ed-visit:${visitId}`,
    );
    return { visitId, ...receipt };
  }

  @Post('hospital-admissions')
  @Roles('care_manager', 'practitioner')
  @ApiOperation({
    summary: 'Record a hospital or SNF admission, discharged or still in (the stay billing reads, TIME-9)',
  })
  async admission(
    @Param('id') id: string,
    @Body() body: RecordAdmissionDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { stayId: string }> {
    const stayId = body.stayId ?? generatedId(req);
    const discharge = body.discharge ?? null;
    const receipt = await this.send.toPatient(
      req,
      res,
      id,
      {
        type: 'RecordInpatientStay',
        data: { stayId, stayType: body.stayType ?? 'acute_hospital_inpatient', admit: body.admit, discharge },
      },
      `stay:${stayId}:${discharge ?? 'open'}`,
    );
    return { stayId, ...receipt };
  }

  @Post('hospital-admissions/:stayId/discharge')
  @Roles('care_manager', 'practitioner')
  @ApiOperation({ summary: 'Record the discharge of an open stay; before its admission is refused (422)' })
  async discharge(
    @Param('id') id: string,
    @Param('stayId') stayId: string,
    @Body() body: RecordDischargeDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { stayId: string }> {
    const receipt = await this.send.toPatient(
      req,
      res,
      id,
      {
        type: 'RecordHospitalDischarge',
        data: { stayId: requirePathId(stayId, 'stayId'), discharge: body.discharge },
      },
      `stay:${stayId}:${body.discharge}`,
    );
    return { stayId, ...receipt };
  }
}
