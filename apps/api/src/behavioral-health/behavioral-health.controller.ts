import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { CommandSender, type CommandReceipt } from '../http/command-sender';
import { RecordBehavioralHealthServiceDto } from './behavioral-health.dto';

/** The APCM behavioural-health add-on (G0568-G0570, APCM-8): a fact the billing rules read for its month. */
@ApiTags('billing facts')
@ApiBearerAuth()
@Controller('patients/:id/behavioral-health')
export class BehavioralHealthController {
  constructor(private readonly send: CommandSender) {}

  @Post()
  @Roles('practitioner', 'care_manager')
  @ApiOperation({
    summary:
      'Record behavioral health integration furnished in a month under a practitioner, with its activities (APCM-8); the last one recorded for a month is the month’s',
  })
  record(
    @Param('id') id: string,
    @Body() body: RecordBehavioralHealthServiceDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    return this.send.toPatient(
      req,
      res,
      id,
      {
        type: 'RecordBehavioralHealthService',
        data: {
          serviceId: body.serviceId,
          serviceMonth: body.serviceMonth,
          service: body.service,
          furnishedUnderPractitioner: body.furnishedUnderPractitioner,
          activitiesDocumented: body.activitiesDocumented,
        },
      },
      `bh-service:${body.serviceId}`,
    );
  }
}
