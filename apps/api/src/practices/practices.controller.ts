import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ccm/domain';
import { PracticeRecords } from '@ccm/record';
import type { Response } from 'express';
import { ALL_ROLES, CurrentActor, Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { CommandSender, type CommandReceipt } from '../http/command-sender';
import { PracticeProfileDto, RegisterPracticeDto } from './practice.dto';

function samePractice(actor: Actor, practiceId: string): void {
  if (actor.practiceId !== practiceId)
    throw new ApiError(403, 'FORBIDDEN', 'Your token is for another practice.');
}

@ApiTags('practices')
@ApiBearerAuth()
@Controller('practices')
export class PracticesController {
  constructor(
    private readonly send: CommandSender,
    private readonly practices: PracticeRecords,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Register the practice of your token: name, time zone, billing practitioners, staff roster',
  })
  async register(
    @Body() body: RegisterPracticeDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { practiceId: string }> {
    samePractice(actor, body.practiceId);
    const receipt = await this.send.toPractice(req, res, { type: 'RegisterPractice', data: { ...body } });
    return { practiceId: body.practiceId, ...receipt };
  }

  @Put(':practiceId')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Replace the practice profile and roster (If-Match honoured)' })
  async update(
    @Param('practiceId') practiceId: string,
    @Body() body: PracticeProfileDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { practiceId: string }> {
    samePractice(actor, practiceId);
    const receipt = await this.send.toPractice(req, res, {
      type: 'UpdatePractice',
      data: { ...body, practiceId },
    });
    return { practiceId, ...receipt };
  }

  @Get(':practiceId')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'The practice profile and roster' })
  async get(
    @Param('practiceId') practiceId: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (actor.practiceId !== practiceId) throw new ApiError(404, 'PRACTICE_NOT_FOUND', 'No such practice.');
    const { state, revision } = await this.practices.load(practiceId);
    if (state.status !== 'registered') throw new ApiError(404, 'PRACTICE_NOT_FOUND', 'No such practice.');
    res.setHeader('ETag', `"${revision}"`);
    // After-hours access and the billing setup have their own routes, with who recorded each change.
    const {
      status: _status,
      version: _version,
      afterHoursAccess: _afterHours,
      billingSetups: _billingSetups,
      ...profile
    } = state;
    return profile;
  }
}
