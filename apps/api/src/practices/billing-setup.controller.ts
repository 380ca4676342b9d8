import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  BILLING_SETUP_EVENT_TYPES,
  billingSetupOn,
  isLocalDate,
  localDateTimeAt,
  practiceStreamId,
  type Actor,
  type BillingSetupRecord,
} from '@ccm/domain';
import type { EventStore } from '@ccm/event-store';
import { CommandRefusedError, PracticeRecords, readWholeStream, type Clock } from '@ccm/record';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { ALL_ROLES, CurrentActor, Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { CommandSender, type CommandReceipt } from '../http/command-sender';
import { CLOCK, EVENT_STORE } from '../infrastructure/tokens';
import { RecordBillingSetupDto } from './billing-setup.dto';

const SETUP_TYPES: ReadonlySet<string> = new Set(BILLING_SETUP_EVENT_TYPES);

/** What a claim file needs from the practice: billing provider, place of service, payer, fee schedule. */
@ApiTags('practices')
@ApiBearerAuth()
@Controller('practices/:practiceId/billing-setup')
export class BillingSetupController {
  constructor(
    private readonly send: CommandSender,
    private readonly practices: PracticeRecords,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary:
      'Record the billing setup from a date: billing provider (name, NPI, EIN, address, phone), place of service, payer and fee schedule; a later-effective setup supersedes it',
  })
  async record(
    @Param('practiceId') practiceId: string,
    @Body() body: RecordBillingSetupDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt & { setupId: string }> {
    if (actor.practiceId !== practiceId) {
      throw new ApiError(403, 'FORBIDDEN', 'Your token is for another practice.');
    }
    const setupId = body.setupId ?? randomUUID();
    const { billingProvider, payer, fees } = body;
    try {
      const receipt = await this.send.toPractice(req, res, {
        type: 'RecordBillingSetup',
        data: {
          practiceId,
          setupId,
          effectiveFrom: body.effectiveFrom,
          billingProvider: { ...billingProvider, address: { ...billingProvider.address } },
          placeOfService: body.placeOfService,
          payer: { ...payer },
          fees: fees.map((f) => ({ code: f.code, chargeCents: f.chargeCents })),
        },
      });
      return { setupId, ...receipt };
    } catch (error) {
      // An id used again for other content is a duplicate, answered like every other reused id.
      if (error instanceof CommandRefusedError && error.refusal.code === 'BILLING_SETUP_ID_REUSED') {
        throw new ApiError(409, error.refusal.code, error.refusal.message, { details: { key: setupId } });
      }
      throw error;
    }
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary:
      'Every billing setup recorded, in recording order with who recorded it, and the one in force on a date (the practice’s today by default)',
  })
  @ApiQuery({ name: 'on', required: false, description: 'YYYY-MM-DD' })
  async read(
    @Param('practiceId') practiceId: string,
    @Query('on') on: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    if (actor.practiceId !== practiceId) throw new ApiError(404, 'PRACTICE_NOT_FOUND', 'No such practice.');
    if (on !== undefined && !isLocalDate(on)) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'A parameter is malformed.', {
        fields: [{ field: 'on', errors: ['must be a date YYYY-MM-DD'] }],
      });
    }
    const { state } = await this.practices.load(practiceId);
    if (state.status !== 'registered') throw new ApiError(404, 'PRACTICE_NOT_FOUND', 'No such practice.');
    const date = on ?? localDateTimeAt(this.clock.now(), state.timeZone).slice(0, 10);
    const events = await readWholeStream(this.store, practiceStreamId(practiceId));
    const setups = events
      .filter((e) => SETUP_TYPES.has(e.type))
      .map((e) => ({
        revision: Number(e.revision),
        recordedAt: String(e.metadata.recordedAt ?? ''),
        recordedBy: String(e.metadata.actorId ?? ''),
        setup: e.data,
      }));
    const inForce: BillingSetupRecord | undefined = billingSetupOn(state.billingSetups, date);
    return { on: date, inForce: inForce ?? null, setups };
  }
}
