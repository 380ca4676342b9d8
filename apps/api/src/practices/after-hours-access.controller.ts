import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AFTER_HOURS_EVENT_TYPES,
  practiceStreamId,
  type Actor,
  type AfterHoursAccessEvent,
} from '@ccm/domain';
import type { EventStore } from '@ccm/event-store';
import { describeAfterHoursAccessEvent } from '@ccm/projections';
import { readWholeStream } from '@ccm/record';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { ALL_ROLES, CurrentActor, Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { CommandSender, type CommandReceipt } from '../http/command-sender';
import { EVENT_STORE } from '../infrastructure/tokens';
import { ArrangeAfterHoursAccessDto, EndAfterHoursAccessDto } from './after-hours-access.dto';

const AFTER_HOURS_TYPES: ReadonlySet<string> = new Set(AFTER_HOURS_EVENT_TYPES);

function samePractice(actor: Actor, practiceId: string): void {
  if (actor.practiceId !== practiceId)
    throw new ApiError(403, 'FORBIDDEN', 'Your token is for another practice.');
}

/** 24/7 access: how patients reach a care-team member with their record at any hour, over time. */
@ApiTags('practices')
@ApiBearerAuth()
@Controller('practices/:practiceId/after-hours-access')
export class AfterHoursAccessController {
  constructor(
    private readonly send: CommandSender,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary:
      'Arrange after-hours access from a date, or change the arrangement then in force: who covers, how, and whether they see the record',
  })
  async arrange(
    @Param('practiceId') practiceId: string,
    @Body() body: ArrangeAfterHoursAccessDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { changeId: string }> {
    samePractice(actor, practiceId);
    const changeId = body.changeId ?? randomUUID();
    const coveredBy = {
      staffIds: body.coveredBy.staffIds,
      ...(body.coveredBy.service !== undefined ? { service: body.coveredBy.service } : {}),
    };
    const receipt = await this.send.toPractice(req, res, {
      type: 'ArrangeAfterHoursAccess',
      data: { ...body, coveredBy, practiceId, changeId },
    });
    return { changeId, ...receipt };
  }

  @Post('end')
  @Roles('admin')
  @ApiOperation({ summary: 'End after-hours access from a date (the first day without it)' })
  async end(
    @Param('practiceId') practiceId: string,
    @Body() body: EndAfterHoursAccessDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { changeId: string }> {
    samePractice(actor, practiceId);
    const changeId = body.changeId ?? randomUUID();
    const receipt = await this.send.toPractice(req, res, {
      type: 'EndAfterHoursAccess',
      data: { ...body, practiceId, changeId },
    });
    return { changeId, ...receipt };
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary: 'Every after-hours access change on record, in recording order, from the event store',
  })
  async history(@Param('practiceId') practiceId: string, @CurrentActor() actor: Actor) {
    if (actor.practiceId !== practiceId) throw new ApiError(404, 'PRACTICE_NOT_FOUND', 'No such practice.');
    const events = await readWholeStream(this.store, practiceStreamId(practiceId));
    return events
      .filter((e) => AFTER_HOURS_TYPES.has(e.type))
      .map((e) => {
        const event = { type: e.type, data: e.data } as unknown as AfterHoursAccessEvent;
        return {
          revision: Number(e.revision),
          type: e.type,
          recordedAt: String(e.metadata.recordedAt ?? ''),
          recordedBy: String(e.metadata.actorId ?? ''),
          description: describeAfterHoursAccessEvent(event),
          change: e.data,
        };
      });
  }
}
