import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { CommandSender, requirePathId, type CommandReceipt } from '../http/command-sender';
import { CorrectTimeDto, LogTimeDto, ReallocateTimeDto, VoidTimeDto } from './time-log.dto';

@ApiTags('time log')
@ApiBearerAuth()
@Controller('patients/:id/time-entries')
export class TimeEntriesController {
  constructor(private readonly send: CommandSender) {}

  @Post()
  @Roles('care_manager', 'practitioner')
  @ApiOperation({
    summary:
      'Log minutes of work (idempotent on entryId); stored as it happened, billing decides later what counts',
  })
  async log(
    @Param('id') id: string,
    @Body() body: LogTimeDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { entryId: string }> {
    if (req.actor?.role === 'care_manager' && body.performerRole === 'physician_qhp') {
      throw new ApiError(403, 'FORBIDDEN', 'Care managers log time as clinical or non-clinical staff.');
    }
    const { entryId, performerId, ...details } = body;
    const receipt = await this.send.toPatient(
      req,
      res,
      id,
      {
        type: 'LogTime',
        data: { ...details, entryId, performerId: performerId ?? req.actor?.userId ?? '' },
      },
      `time:${entryId}`,
    );
    return { entryId, ...receipt };
  }

  @Post(':entryId/corrections')
  @Roles('care_manager', 'practitioner')
  @ApiOperation({
    summary: 'Correct an entry’s minutes (and date or start) with a reason; the original stays on record',
  })
  async correct(
    @Param('id') id: string,
    @Param('entryId') entryId: string,
    @Body() body: CorrectTimeDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { entryId: string }> {
    const receipt = await this.send.toPatient(req, res, id, {
      type: 'CorrectTime',
      data: { entryId: requirePathId(entryId, 'entryId'), ...body },
    });
    return { entryId, ...receipt };
  }

  @Post(':entryId/void')
  @Roles('care_manager', 'practitioner')
  @ApiOperation({ summary: 'Void an entry with a reason; it stays on record and stops counting' })
  async void(
    @Param('id') id: string,
    @Param('entryId') entryId: string,
    @Body() body: VoidTimeDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { entryId: string }> {
    const receipt = await this.send.toPatient(req, res, id, {
      type: 'VoidTime',
      data: { entryId: requirePathId(entryId, 'entryId'), reason: body.reason },
    });
    return { entryId, ...receipt };
  }

  @Post(':entryId/reallocation')
  @Roles('care_manager', 'practitioner')
  @ApiOperation({
    summary: 'Assign an entry to one program (TIME-18: unallocated multi-program time counts toward none)',
  })
  async reallocate(
    @Param('id') id: string,
    @Param('entryId') entryId: string,
    @Body() body: ReallocateTimeDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { entryId: string }> {
    const receipt = await this.send.toPatient(req, res, id, {
      type: 'ReallocateTime',
      data: { entryId: requirePathId(entryId, 'entryId'), program: body.program, reason: body.reason },
    });
    return { entryId, ...receipt };
  }
}
