import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { CommandSender, generatedId, requirePathId, type CommandReceipt } from '../http/command-sender';
import { toLocalWithOffset } from '../http/validators';
import {
  CorrectObservationDto,
  measurementOf,
  RecordObservationDto,
  sourceOf,
  VoidObservationDto,
} from './observations.dto';

type Receipt = CommandReceipt & { observationId: string };

/** Clinical observations: blood pressure, A1c, weight, glucose (docs/care-quality.md). */
@ApiTags('observations')
@ApiBearerAuth()
@Controller('patients/:id/observations')
export class ObservationsController {
  constructor(private readonly send: CommandSender) {}

  @Post()
  @Roles('care_manager', 'practitioner')
  @ApiOperation({
    summary: 'Record a blood pressure, A1c, weight or glucose; implausible values are refused (422)',
  })
  async record(
    @Param('id') id: string,
    @Body() body: RecordObservationDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Receipt> {
    const observationId = body.observationId ?? generatedId(req);
    const receipt = await this.send.toPatient(
      req,
      res,
      id,
      (timeZone) => {
        const taken = toLocalWithOffset(body.takenAt, timeZone);
        return {
          type: 'RecordObservation',
          data: {
            observationId,
            measurement: measurementOf(body),
            takenAt: taken.local,
            ...(taken.offset ? { takenAtOffset: taken.offset } : {}),
            source: sourceOf(body),
          },
        };
      },
      `observation:${observationId}`,
    );
    return { observationId, ...receipt };
  }

  @Post(':observationId/corrections')
  @Roles('care_manager', 'practitioner')
  @ApiOperation({
    summary: 'Correct an observation entered wrongly with a reason: a new event; readers use the correction',
  })
  async correct(
    @Param('id') id: string,
    @Param('observationId') observationId: string,
    @Body() body: CorrectObservationDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Receipt> {
    const target = requirePathId(observationId, 'observationId');
    const receipt = await this.send.toPatient(req, res, id, (timeZone) => {
      const taken = toLocalWithOffset(body.takenAt, timeZone);
      return {
        type: 'CorrectObservation',
        data: {
          observationId: target,
          measurement: measurementOf(body),
          takenAt: taken.local,
          ...(taken.offset ? { takenAtOffset: taken.offset } : {}),
          reason: body.reason,
        },
      };
    });
    return { observationId, ...receipt };
  }

  @Post(':observationId/void')
  @Roles('care_manager', 'practitioner')
  @ApiOperation({ summary: 'Mark an observation entered in error; it stays on record, readers leave it out' })
  async void(
    @Param('id') id: string,
    @Param('observationId') observationId: string,
    @Body() body: VoidObservationDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Receipt> {
    const receipt = await this.send.toPatient(req, res, id, {
      type: 'VoidObservation',
      data: { observationId: requirePathId(observationId, 'observationId'), reason: body.reason },
    });
    return { observationId, ...receipt };
  }
}
