import type { PatientEvent } from '../patient/patient';
import type { LocalDate } from '../shared/local-time';
import type { MedicationDetails, MedicationEvent } from './medication.events';

type DataOf<T extends MedicationEvent['type']> = Extract<MedicationEvent, { type: T }>['data'];

const DETAIL_FIELDS = ['name', 'dose', 'route', 'frequency', 'prescriber'] as const;

/** A change applied to a medication's details, as the list shows it. */
export interface AppliedMedicationChange {
  readonly changeId: string;
  readonly changedOn: LocalDate;
  /** The details the change set. */
  readonly fields: readonly (keyof MedicationDetails)[];
  readonly reason: string;
  readonly recordedBy: string;
}

/** One medication on the list as of a date: its details with the changes effective by then applied. */
export interface ListedMedication extends MedicationDetails {
  readonly medicationId: string;
  readonly startedOn: LocalDate;
  readonly status: 'active' | 'stopped';
  readonly stoppedOn: LocalDate | null;
  readonly stopReason: string | null;
  /** Changes effective on or before the date, in the order they took effect. */
  readonly changes: readonly AppliedMedicationChange[];
  readonly addedBy: string;
}

export type MedicationReconciliation = DataOf<'MedicationsReconciled'>;
export type AdherenceCheck = DataOf<'AdherenceChecked'>;

export interface MedicationList {
  readonly asOf: LocalDate;
  /** Medications started on or before the date (stopped ones too), by start date then id. */
  readonly medications: readonly ListedMedication[];
  /** Reconciliations done on or before the date, oldest first (same day: in recording order). */
  readonly reconciliations: readonly MedicationReconciliation[];
  /** Adherence checks done on or before the date, oldest first (same day: in recording order). */
  readonly adherenceChecks: readonly AdherenceCheck[];
}

/** Stable by effective date: two on the same day keep their recording order, so the one recorded last wins. */
const byDate = <T>(items: readonly T[], dateOf: (item: T) => LocalDate): T[] =>
  items
    .map((item, order) => ({ item, order }))
    .sort((a, b) => dateOf(a.item).localeCompare(dateOf(b.item)) || a.order - b.order)
    .map(({ item }) => item);

function applyChange(medication: ListedMedication, change: DataOf<'MedicationChanged'>): ListedMedication {
  const fields = DETAIL_FIELDS.filter((f) => change[f] !== undefined);
  const details = Object.fromEntries(fields.map((f) => [f, change[f]])) as Partial<MedicationDetails>;
  return {
    ...medication,
    ...details,
    changes: [
      ...medication.changes,
      {
        changeId: change.changeId,
        changedOn: change.changedOn,
        fields,
        reason: change.reason,
        recordedBy: change.recordedBy,
      },
    ],
  };
}

/**
 * The patient's medication list as of a date, from the patient's events in stream order. Pure.
 *
 * What holds on a date is what took effect on or before it, whenever it was recorded: a medication
 * started after the date is not listed, a change effective after it is not applied, a stop effective
 * after it leaves the medication active. Changes apply in order of effective date (of two the same day,
 * the one recorded last wins), the rule the rest of the record follows for facts documented late.
 */
export function medicationListAsOf(events: Iterable<PatientEvent>, asOf: LocalDate): MedicationList {
  const added = new Map<string, DataOf<'MedicationAdded'>>();
  const changes: DataOf<'MedicationChanged'>[] = [];
  const stops = new Map<string, DataOf<'MedicationStopped'>>();
  const reconciliations: MedicationReconciliation[] = [];
  const adherenceChecks: AdherenceCheck[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'MedicationAdded':
        if (!added.has(event.data.medicationId)) added.set(event.data.medicationId, event.data);
        break;
      case 'MedicationChanged':
        changes.push(event.data);
        break;
      case 'MedicationStopped':
        stops.set(event.data.medicationId, event.data);
        break;
      case 'MedicationsReconciled':
        reconciliations.push(event.data);
        break;
      case 'AdherenceChecked':
        adherenceChecks.push(event.data);
        break;
    }
  }

  const list = new Map<string, ListedMedication>();
  for (const { recordedBy, ...start } of added.values()) {
    if (start.startedOn > asOf) continue;
    const stop = stops.get(start.medicationId);
    const stopped = stop !== undefined && stop.stoppedOn <= asOf;
    list.set(start.medicationId, {
      ...start,
      status: stopped ? 'stopped' : 'active',
      stoppedOn: stopped ? stop.stoppedOn : null,
      stopReason: stopped ? stop.reason : null,
      changes: [],
      addedBy: recordedBy,
    });
  }
  for (const change of byDate(changes, (c) => c.changedOn)) {
    const medication = list.get(change.medicationId);
    if (medication && change.changedOn <= asOf)
      list.set(medication.medicationId, applyChange(medication, change));
  }

  return {
    asOf,
    medications: [...list.values()].sort(
      (a, b) => a.startedOn.localeCompare(b.startedOn) || a.medicationId.localeCompare(b.medicationId),
    ),
    reconciliations: byDate(
      reconciliations.filter((r) => r.reconciledOn <= asOf),
      (r) => r.reconciledOn,
    ),
    adherenceChecks: byDate(
      adherenceChecks.filter((c) => c.checkedOn <= asOf),
      (c) => c.checkedOn,
    ),
  };
}

/** The reconciliation done last on or before the list's date (of two the same day, the one recorded last). */
export const latestReconciliation = (list: MedicationList): MedicationReconciliation | null =>
  list.reconciliations.at(-1) ?? null;
