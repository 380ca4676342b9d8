import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { CommandSender, type CommandReceipt } from '../http/command-sender';
import { EpisodeRoutes } from './monitoring-episode.routes';
import {
  EndRpmDto,
  EnrollInRpmDto,
  RecordApcmAttestationDto,
  RecordRpmDevicePeriodDto,
} from './remote-monitoring.dto';

/** Remote physiologic monitoring (RPM-1..8) and the APCM attestation (APCM-2): facts the billing rules read. */
@ApiTags('remote monitoring')
@ApiBearerAuth()
@Controller('patients/:id')
export class RemoteMonitoringController {
  private readonly episodes: EpisodeRoutes;

  constructor(private readonly send: CommandSender) {
    this.episodes = new EpisodeRoutes(send, 'rpm');
  }

  @Post('rpm/enrolment')
  @Roles('practitioner')
  @ApiOperation({
    summary:
      'Enrol the patient in RPM: device, ordering practitioner, consent, established patient (RPM-4..6)',
  })
  enrol(
    @Param('id') id: string,
    @Body() body: EnrollInRpmDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.episodes.enrol(req, res, id, {
      type: 'EnrollInRpm',
      data: {
        deviceType: body.deviceType,
        orderingPractitionerId: body.orderingPractitionerId ?? req.actor?.userId ?? '',
        enrolledOn: body.enrolledOn,
        consentDocumented: body.consentDocumented,
        establishedPatient: body.establishedPatient,
      },
    });
  }

  @Post('rpm/device-periods')
  @Roles('care_manager', 'practitioner')
  @ApiOperation({
    summary:
      'Report the days with transmitted data of a 30-day device period (RPM-1, RPM-2); a later report with more days supersedes',
  })
  devicePeriod(
    @Param('id') id: string,
    @Body() body: RecordRpmDevicePeriodDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.episodes.devicePeriod(req, res, id, body);
  }

  @Post('rpm/end')
  @Roles('care_manager', 'practitioner')
  @ApiOperation({ summary: 'End the RPM episode (a new enrolment starts a new episode, RPM-6)' })
  end(
    @Param('id') id: string,
    @Body() body: EndRpmDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.episodes.end(req, res, id, body);
  }

  @Post('apcm/attestation')
  @Roles('practitioner')
  @ApiOperation({
    summary:
      'Attest, from a month on, responsibility for all primary care and the APCM service elements in place (APCM-2)',
  })
  apcm(
    @Param('id') id: string,
    @Body() body: RecordApcmAttestationDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.send.toPatient(req, res, id, {
      type: 'RecordApcmAttestation',
      data: {
        fromMonth: body.fromMonth,
        practitionerId: body.practitionerId ?? req.actor?.userId ?? '',
        responsibleForAllPrimaryCare: body.responsibleForAllPrimaryCare,
        serviceElementsInPlace: body.serviceElementsInPlace,
      },
    });
  }
}
