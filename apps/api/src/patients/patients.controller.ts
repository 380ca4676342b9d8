import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, EnrolledPatient } from '@ccm/domain';
import { PatientRecords } from '@ccm/record';
import type { Response } from 'express';
import { ALL_ROLES, CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiError } from '../http/api-error';
import { requirePathId } from '../http/command-sender';

/** The patient's record as folded from its stream now, without the bookkeeping the decider keeps. */
export function patientView(state: EnrolledPatient, revision: number) {
  const { status: _status, version: _version, idempotencyKeys: _keys, timeEntries, ...rest } = state;
  const entries = Object.values(timeEntries)
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
  constructor(private readonly patients: PatientRecords) {}

  @Get(':id')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary: 'Current state of the patient’s record, folded from its stream (ETag = stream revision)',
  })
  async get(
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { state, revision } = await this.patients.load(actor.practiceId, requirePathId(id, 'id'));
    if (state.status !== 'enrolled')
      throw new ApiError(404, 'PATIENT_NOT_FOUND', 'No such patient in this practice.');
    res.setHeader('ETag', `"${revision}"`);
    return patientView(state, revision);
  }
}
