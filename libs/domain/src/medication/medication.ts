import { copying, type Updates } from '../shared/updates';
import { todayOf, type DecisionContext } from '../patient/decision-context';
import { checkIdempotencyKey, rememberIdempotencyKey } from '../patient/idempotency';
import type { EnrolledPatient } from '../patient/patient-state';
import { isOnRoster } from '../practice/practice';
import { accept, refuse, refuseInvalidDates, type Decision } from '../shared/decision';
import { isLocalDate, type LocalDate } from '../shared/local-time';
import {
  ADHERENCE_MEASURES,
  MEDICATION_ROUTES,
  type MedicationDetails,
  type MedicationEvent,
} from './medication.events';

type DataOf<T extends MedicationEvent['type']> = Omit<
  Extract<MedicationEvent, { type: T }>['data'],
  'recordedBy'
>;

export type MedicationCommand =
  | { readonly type: 'AddMedication'; readonly data: DataOf<'MedicationAdded'> }
  | { readonly type: 'ChangeMedication'; readonly data: DataOf<'MedicationChanged'> }
  | { readonly type: 'StopMedication'; readonly data: DataOf<'MedicationStopped'> }
  | { readonly type: 'ReconcileMedications'; readonly data: DataOf<'MedicationsReconciled'> }
  | { readonly type: 'CheckAdherence'; readonly data: DataOf<'AdherenceChecked'> };

type Refused = Decision<MedicationEvent> | undefined;

const DETAIL_FIELDS = ['name', 'dose', 'route', 'frequency', 'prescriber'] as const;
const REPORTED_MEASURES: readonly string[] = ['patient_report', 'caregiver_report'];

/** A real date, not after today. */
function refuseDate(field: string, date: LocalDate, context: DecisionContext): Refused {
  const bad = refuseInvalidDates<MedicationEvent>({ [field]: date }, isLocalDate);
  if (bad) return bad;
  return date > todayOf(context)
    ? refuse('OCCURS_IN_FUTURE', 'A medication fact is recorded once it is true.', { fields: [field] })
    : undefined;
}

function refuseDetails(details: Partial<MedicationDetails>): Refused {
  const fields = DETAIL_FIELDS.filter((f) => {
    const value = details[f];
    if (value === undefined) return false;
    return f === 'route' ? !(MEDICATION_ROUTES as readonly string[]).includes(value) : value.trim() === '';
  });
  return fields.length > 0
    ? refuse('MEDICATION_INVALID', 'The medication entry is not valid.', { fields: [...fields] })
    : undefined;
}

/** Medications a command names that are not on the patient's list. */
const unknownOf = (state: EnrolledPatient, ids: readonly string[]): string[] =>
  [...new Set(ids)].filter((id) => state.medications?.[id] === undefined);

function refuseUnknown(state: EnrolledPatient, id: string): Refused {
  const medication = state.medications?.[id];
  if (!medication)
    return refuse('MEDICATION_NOT_FOUND', 'No such medication on the list.', { medicationId: id });
  return medication.status === 'stopped'
    ? refuse('MEDICATION_NOT_ACTIVE', 'This medication was stopped.', { medicationId: id })
    : undefined;
}

export function decideMedication(
  command: MedicationCommand,
  state: EnrolledPatient,
  context: DecisionContext,
): Decision<MedicationEvent> {
  const recordedBy = context.actorId;
  switch (command.type) {
    case 'AddMedication': {
      const { data } = command;
      return (
        checkIdempotencyKey<MedicationEvent>(
          state,
          `medication:${data.medicationId}`,
          data,
          'MEDICATION_ID_REUSED',
        ) ??
        refuseDetails(data) ??
        refuseDate('startedOn', data.startedOn, context) ??
        accept({ type: 'MedicationAdded', data: { ...data, recordedBy } })
      );
    }
    case 'ChangeMedication': {
      const { data } = command;
      const replay = checkIdempotencyKey<MedicationEvent>(
        state,
        `medication-change:${data.changeId}`,
        data,
        'MEDICATION_CHANGE_ID_REUSED',
      );
      if (replay) return replay;
      if (DETAIL_FIELDS.every((f) => data[f] === undefined)) {
        return refuse('MEDICATION_CHANGE_EMPTY', 'A change names at least one detail.', {
          fields: [...DETAIL_FIELDS],
        });
      }
      return (
        refuseUnknown(state, data.medicationId) ??
        refuseDetails(data) ??
        refuseDate('changedOn', data.changedOn, context) ??
        accept({ type: 'MedicationChanged', data: { ...data, recordedBy } })
      );
    }
    case 'StopMedication': {
      const { data } = command;
      const stop = state.medications?.[data.medicationId]?.stop;
      if (stop && stop.stoppedOn === data.stoppedOn && stop.reason === data.reason) {
        return { outcome: 'already_applied', atRevision: stop.atRevision };
      }
      return (
        refuseUnknown(state, data.medicationId) ??
        refuseDate('stoppedOn', data.stoppedOn, context) ??
        accept({ type: 'MedicationStopped', data: { ...data, recordedBy } })
      );
    }
    case 'ReconcileMedications': {
      const { data } = command;
      const replay = checkIdempotencyKey<MedicationEvent>(
        state,
        `reconciliation:${data.reconciliationId}`,
        data,
        'RECONCILIATION_ID_REUSED',
      );
      if (replay) return replay;
      const bad = refuseDate('reconciledOn', data.reconciledOn, context);
      if (bad) return bad;
      if (!isOnRoster(context.practice, data.reconciledBy)) {
        return refuse('RECONCILER_NOT_ON_ROSTER', 'Who reconciled must be on the practice roster.', {
          fields: ['reconciledBy'],
        });
      }
      const unknown = unknownOf(state, [
        ...data.changes.map((c) => c.medicationId),
        ...data.discrepancies.flatMap((d) => (d.medicationId === undefined ? [] : [d.medicationId])),
      ]);
      if (unknown.length > 0) {
        return refuse('MEDICATION_NOT_ON_LIST', 'A reconciliation names medications on the list.', {
          medications: unknown,
        });
      }
      return accept({ type: 'MedicationsReconciled', data: { ...data, recordedBy } });
    }
    case 'CheckAdherence': {
      const { data } = command;
      const replay = checkIdempotencyKey<MedicationEvent>(
        state,
        `adherence:${data.checkId}`,
        data,
        'ADHERENCE_CHECK_ID_REUSED',
      );
      if (replay) return replay;
      const bad = refuseDate('checkedOn', data.checkedOn, context);
      if (bad) return bad;
      const fields = [
        ...(!(ADHERENCE_MEASURES as readonly string[]).includes(data.measure) ||
        REPORTED_MEASURES.includes(data.measure) !== (data.method === 'reported')
          ? ['measure']
          : []),
        ...(data.value !== undefined && (data.method !== 'measured' || !(data.value >= 0 && data.value <= 1))
          ? ['value']
          : []),
      ];
      if (fields.length > 0) {
        return refuse('ADHERENCE_CHECK_INVALID', 'The adherence check cannot be true as given.', { fields });
      }
      if (data.medicationId !== null && unknownOf(state, [data.medicationId]).length > 0) {
        return refuse('MEDICATION_NOT_ON_LIST', 'An adherence check names a medication on the list.', {
          medications: [data.medicationId],
        });
      }
      return accept({ type: 'AdherenceChecked', data: { ...data, recordedBy } });
    }
  }
}

const withoutAttribution = <T extends { recordedBy: string }>({ recordedBy: _, ...rest }: T) => rest;

export function evolveMedication(
  state: EnrolledPatient,
  event: MedicationEvent,
  updates: Updates = copying,
): EnrolledPatient {
  const remember = (key: string): EnrolledPatient['idempotencyKeys'] =>
    rememberIdempotencyKey(state, key, withoutAttribution(event.data));
  switch (event.type) {
    case 'MedicationAdded':
      return {
        ...state,
        medications: updates.put(state.medications ?? {}, event.data.medicationId, { status: 'active' }),
        idempotencyKeys: remember(`medication:${event.data.medicationId}`),
      };
    case 'MedicationChanged':
      return { ...state, idempotencyKeys: remember(`medication-change:${event.data.changeId}`) };
    case 'MedicationStopped': {
      const { medicationId, stoppedOn, reason } = event.data;
      if (!state.medications?.[medicationId]) return state;
      const stopped = { status: 'stopped' as const, stop: { stoppedOn, reason, atRevision: state.version } };
      return { ...state, medications: updates.put(state.medications, medicationId, stopped) };
    }
    case 'MedicationsReconciled':
      return { ...state, idempotencyKeys: remember(`reconciliation:${event.data.reconciliationId}`) };
    case 'AdherenceChecked':
      return { ...state, idempotencyKeys: remember(`adherence:${event.data.checkId}`) };
  }
}
