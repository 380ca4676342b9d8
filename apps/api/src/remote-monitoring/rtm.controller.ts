import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { CommandSender, type CommandReceipt } from '../http/command-sender';
import { EpisodeRoutes } from './monitoring-episode.routes';
import { EndRtmDto, EnrollInRtmDto, RecordRtmDevicePeriodDto } from './rtm.dto';

/**
 * Remote therapeutic monitoring: no RTM code is billed here, but with RPM enrolled for the same period the
 * billing rules keep RPM and report RTM dropped (RPM-4, EXCL-4).
 */
@ApiTags('remote monitoring')
@ApiBearerAuth()
@Controller('patients/:id/rtm')
export class RtmController {
  private readonly episodes: EpisodeRoutes;

  constructor(send: CommandSender) {
    this.episodes = new EpisodeRoutes(send, 'rtm');
  }

  @Post('enrolment')
  @Roles('practitioner')
  @ApiOperation({ summary: 'Enrol the patient in RTM: start and ordering practitioner (RPM-4, EXCL-4)' })
  enrol(
    @Param('id') id: string,
    @Body() body: EnrollInRtmDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.episodes.enrol(req, res, id, {
      type: 'EnrollInRtm',
      data: {
        enrolledOn: body.enrolledOn,
        orderingPractitionerId: body.orderingPractitionerId,
        ...(body.deviceType !== undefined ? { deviceType: body.deviceType } : {}),
      },
    });
  }

  @Post('device-periods')
  @Roles('care_manager', 'practitioner')
  @ApiOperation({
    summary:
      'Report the days with transmitted data of an RTM device period; a later report with more days supersedes',
  })
  devicePeriod(
    @Param('id') id: string,
    @Body() body: RecordRtmDevicePeriodDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.episodes.devicePeriod(req, res, id, body);
  }

  @Post('end')
  @Roles('care_manager', 'practitioner')
  @ApiOperation({ summary: 'End the RTM episode (a new enrolment starts a new episode)' })
  end(
    @Param('id') id: string,
    @Body() body: EndRtmDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.episodes.end(req, res, id, body);
  }
}
