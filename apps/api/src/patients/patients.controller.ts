import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, EnrolledPatient } from '@ccm/domain';
import type { EventStore } from '@ccm/event-store';
import { PatientRecords, type Clock } from '@ccm/record';
import type { Response } from 'express';
import { ALL_ROLES, CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { requirePathId } from '../http/command-sender';
import { CLOCK, EVENT_STORE } from '../infrastructure/tokens';
import { recordMedications } from './patient-medications';

/** The patient's record as folded from its stream now, without the bookkeeping the decider keeps. */
export function patientView(state: EnrolledPatient, revision: number) {
  const { status: _status, version: _version, idempotencyKeys: _keys, timeEntries, ...rest } = state;
  const entries = timeEntries
    .values()
    .map(({ logged, ...entry }) => ({ ...logged, ...entry }))
    .sort(
      (a, b) =>
        `${a.serviceDate}T${a.startTime}`.localeCompare(`${b.serviceDate}T${b.startTime}`) ||
        a.entryId.localeCompare(b.entryId),
    );
  return { ...rest, timeEntries: entries, revision };
}

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients')
export class PatientsController {
  constructor(
    private readonly patients: PatientRecords,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':id')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary:
      'Current state of the patient’s record, folded from its stream (ETag = stream revision), with today’s medication list and the latest reconciliation',
  })
  async get(
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const patientId = requirePathId(id, 'id');
    const { state, revision } = await this.patients.load(actor.practiceId, patientId);
    if (state.status !== 'enrolled')
      throw new ApiError(404, 'PATIENT_NOT_FOUND', 'No such patient in this practice.');
    const practice = await this.patients.registeredPractice(actor.practiceId);
    const medications = await recordMedications(
      this.store,
      { practiceId: actor.practiceId, patientId, upToRevision: revision },
      this.clock.now(),
      practice.timeZone,
    );
    res.setHeader('ETag', `"${revision}"`);
    // The list replaces the decider's bookkeeping of which medications exist (their status only).
    return { ...patientView(state, revision), medications };
  }
}
