import type { DecisionContext } from '../patient/decision-context';
import { fingerprintOf, checkIdempotencyKey, rememberIdempotencyKey } from '../patient/idempotency';
import type { EnrolledPatient } from '../patient/patient-state';
import { accept, refuse, refuseInvalidDates, type Decision } from '../shared/decision';
import { isLocalDateTime, type LocalDateTime } from '../shared/local-time';
import { PersistentMap } from '../shared/persistent-map';
import { offsetToKeep, refuseOffClock, type UtcOffset } from '../shared/wall-clock';
import type {
  MeasurementInput,
  ObservationEvent,
  ObservationSource,
  ObservationState,
} from './observations.events';
import { isMeasurementDecision, plausibleMeasurement } from './plausibility';

interface Taken {
  readonly takenAt: LocalDateTime;
  readonly takenAtOffset?: UtcOffset;
}

export type ObservationCommand =
  | {
      readonly type: 'RecordObservation';
      readonly data: Taken & {
        readonly observationId: string;
        readonly measurement: MeasurementInput;
        readonly source: ObservationSource;
      };
    }
  | {
      readonly type: 'CorrectObservation';
      readonly data: Taken & {
        readonly observationId: string;
        readonly measurement: MeasurementInput;
        readonly reason: string;
      };
    }
  | {
      readonly type: 'VoidObservation';
      readonly data: { readonly observationId: string; readonly reason: string };
    };

type Result = Decision<ObservationEvent>;

/** The time an observation was taken, checked as a contact's is: a real time the clock showed, not after now. */
function refuseTakenAt(taken: Taken, context: DecisionContext): Result | undefined {
  const bad = refuseInvalidDates<ObservationEvent>({ takenAt: taken.takenAt }, isLocalDateTime);
  if (bad) return bad;
  const offClock = refuseOffClock<ObservationEvent>(
    { takenAt: { local: taken.takenAt, offset: taken.takenAtOffset } },
    context.practice.timeZone,
  );
  if (offClock) return offClock;
  if (taken.takenAt > context.nowLocal) {
    return refuse('OCCURS_IN_FUTURE', 'An observation is recorded once it has been taken.', {
      fields: ['takenAt'],
    });
  }
  return undefined;
}

/** The taken time with the offset kept only when the local time alone is ambiguous. */
function takenOf(taken: Taken, context: DecisionContext): Taken {
  const kept = offsetToKeep(taken.takenAt, context.practice.timeZone, taken.takenAtOffset);
  return { takenAt: taken.takenAt, ...(kept ? { takenAtOffset: kept } : {}) };
}

/** A device reading was transmitted in a device period recorded on the patient, within its days. */
function refuseSource(
  source: ObservationSource,
  takenAt: LocalDateTime,
  state: EnrolledPatient,
): Result | undefined {
  if (source.type === 'imported' && source.system.trim() === '') {
    return refuse('OBSERVATION_SOURCE_INVALID', 'An imported value names the system it came from.', {
      fields: ['sourceSystem'],
    });
  }
  if (source.type !== 'rpm_device') return undefined;
  const period = state.rpm?.periods[source.rpmPeriodId];
  if (!period) {
    return refuse('RPM_PERIOD_NOT_FOUND', 'No RPM device period with this id is recorded on the patient.', {
      fields: ['rpmPeriodId'],
    });
  }
  const day = takenAt.slice(0, 10);
  if (day < period.start || day > period.end) {
    return refuse('OBSERVATION_OUTSIDE_RPM_PERIOD', 'A device reading is taken within its device period.', {
      fields: ['takenAt'],
      start: period.start,
      end: period.end,
    });
  }
  return undefined;
}

export function decideObservation(
  command: ObservationCommand,
  state: EnrolledPatient,
  context: DecisionContext,
): Result {
  const { observationId } = command.data;
  const earlier = state.observations?.get(observationId);
  switch (command.type) {
    case 'RecordObservation': {
      const measurement = plausibleMeasurement<ObservationEvent>(command.data.measurement);
      if (isMeasurementDecision(measurement)) return measurement;
      const data = {
        observationId,
        measurement,
        ...takenOf(command.data, context),
        source: command.data.source,
        recordedBy: context.actorId,
      };
      const replay = checkIdempotencyKey<ObservationEvent>(
        state,
        `observation:${observationId}`,
        data,
        'OBSERVATION_ID_REUSED',
      );
      if (replay) return replay;
      return (
        refuseTakenAt(command.data, context) ??
        refuseSource(data.source, data.takenAt, state) ??
        accept({ type: 'ClinicalObservationRecorded', data })
      );
    }
    case 'CorrectObservation': {
      if (!earlier)
        return refuse('OBSERVATION_NOT_FOUND', 'No observation with this id.', { key: observationId });
      if (earlier.status === 'voided') {
        return refuse('OBSERVATION_VOIDED', 'This observation was voided; record a new one.', {
          key: observationId,
        });
      }
      if (command.data.measurement.kind !== earlier.measurement.kind) {
        return refuse('OBSERVATION_KIND_CHANGED', 'A correction keeps the kind of the observation.', {
          fields: ['kind'],
        });
      }
      const measurement = plausibleMeasurement<ObservationEvent>(command.data.measurement);
      if (isMeasurementDecision(measurement)) return measurement;
      const taken = takenOf(command.data, context);
      // A re-sent correction finds the values it set: answered as applied, not refused as a no-op.
      if (
        fingerprintOf({ measurement, takenAt: taken.takenAt }) ===
        fingerprintOf({ measurement: earlier.measurement, takenAt: earlier.takenAt })
      ) {
        return { outcome: 'already_applied', atRevision: earlier.atRevision };
      }
      return (
        refuseTakenAt(command.data, context) ??
        refuseSource(earlier.source, taken.takenAt, state) ??
        accept({
          type: 'ClinicalObservationCorrected',
          data: {
            observationId,
            measurement,
            ...taken,
            reason: command.data.reason,
            correctedBy: context.actorId,
          },
        })
      );
    }
    case 'VoidObservation':
      if (!earlier)
        return refuse('OBSERVATION_NOT_FOUND', 'No observation with this id.', { key: observationId });
      if (earlier.status === 'voided') return { outcome: 'already_applied', atRevision: earlier.atRevision };
      return accept({
        type: 'ClinicalObservationVoided',
        data: { observationId, reason: command.data.reason, voidedBy: context.actorId },
      });
  }
}

export function evolveObservation(state: EnrolledPatient, event: ObservationEvent): EnrolledPatient {
  const observations = state.observations ?? PersistentMap.empty<ObservationState>();
  const { observationId } = event.data;
  const earlier = observations.get(observationId);
  switch (event.type) {
    case 'ClinicalObservationRecorded': {
      const { measurement, takenAt, source } = event.data;
      return {
        ...state,
        idempotencyKeys: rememberIdempotencyKey(state, `observation:${observationId}`, event.data),
        observations: observations.set(observationId, {
          measurement,
          takenAt,
          source,
          status: 'current',
          atRevision: state.version,
        }),
      };
    }
    case 'ClinicalObservationCorrected':
      if (!earlier) return state;
      return {
        ...state,
        observations: observations.set(observationId, {
          ...earlier,
          measurement: event.data.measurement,
          takenAt: event.data.takenAt,
          atRevision: state.version,
        }),
      };
    case 'ClinicalObservationVoided':
      if (!earlier) return state;
      return {
        ...state,
        observations: observations.set(observationId, {
          ...earlier,
          status: 'voided',
          atRevision: state.version,
        }),
      };
  }
}
