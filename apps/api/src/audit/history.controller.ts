import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { monthHistory, replayPatientAsOf } from '@ccm/audit';
import { isLocalMonth, type Actor } from '@ccm/domain';
import type { EventStore } from '@ccm/event-store';
import { ALL_ROLES, CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { requirePathId } from '../http/command-sender';
import { EVENT_STORE } from '../infrastructure/tokens';
import { patientView } from '../patients/patients.controller';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('patients/:id/history')
export class HistoryController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary:
      'The record as it stood at an instant of recording time, from the event store; with `month`, that month decided as of then, as billed and as now, with what changed from as billed and from as of then to now (DOC-8)',
  })
  @ApiQuery({ name: 'asOf', required: true, example: '2026-03-20T12:00:00Z' })
  @ApiQuery({ name: 'month', required: false, example: '2026-03' })
  async history(
    @Param('id') id: string,
    @Query('asOf') asOf: unknown,
    @Query('month') month: unknown,
    @CurrentActor() actor: Actor,
  ) {
    const patientId = requirePathId(id, 'id');
    const instant = typeof asOf === 'string' ? new Date(asOf) : new Date(NaN);
    const fields = [
      ...(Number.isNaN(instant.getTime())
        ? [{ field: 'asOf', errors: ['must be an ISO 8601 instant'] }]
        : []),
      ...(month !== undefined && (typeof month !== 'string' || !isLocalMonth(month))
        ? [{ field: 'month', errors: ['must be a month YYYY-MM'] }]
        : []),
    ];
    if (fields.length > 0)
      throw new ApiError(400, 'VALIDATION_FAILED', 'The query has fields at fault.', { fields });
    const replay = await replayPatientAsOf(this.store, actor.practiceId, patientId, instant);
    if (replay.state.status !== 'enrolled')
      throw new ApiError(404, 'PATIENT_NOT_FOUND', 'No such patient in this practice then.');
    return {
      asOf: instant.toISOString(),
      record: patientView(replay.state, replay.revision),
      ...(typeof month === 'string'
        ? { month: await monthHistory(this.store, actor.practiceId, patientId, month, instant) }
        : {}),
    };
  }
}
