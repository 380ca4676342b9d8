import type { RecordedEvent } from '@ccm/event-store';
import {
  activityMonthsOf,
  buildPatientMonth,
  decodePatientEvent,
  decodePracticeEvent,
  EMPTY_ACTIVITY,
  entryChangedBy,
  evolveActivity,
  evolvePracticeSnapshot,
  isPracticeStreamId,
  planPatientEvent,
  type MonthActivity,
  type PatientEventEnvelope,
  type PatientLedger,
  type StoredPatientMonth,
  type PracticeSnapshot,
} from '@ccm/patient-months';
import type { DocumentSession } from '../engine/document-session';
import type { Projection } from '../engine/projection';
import type { DocumentKey } from '../read-model-store';
import { writeMonthDocuments } from './month-documents';
import {
  contributionKey,
  entryPlacementKey,
  ledgerKey,
  MONTH_COLLECTIONS,
  monthKey,
  PATIENT_MONTHS,
  practiceKey,
  programMetricsKey,
  teamMonthKey,
} from './month-keys';

const ACTIVITY_EVENTS: ReadonlySet<string> = new Set([
  'TimeLogged',
  'TimeCorrected',
  'TimeVoided',
  'TimeReallocated',
  'ContactRecorded',
]);

/** One patient's changes within a batch: months are derived once, when the batch (or a practice event) ends them. */
interface ChangedPatient {
  readonly practiceId: string;
  readonly patientId: string;
  ledger: PatientLedger | undefined;
  readonly stored: Map<string, StoredPatientMonth | undefined>;
  readonly activities: Map<string, MonthActivity>;
  /** Entry -> the months it lies in, as read or placed in this batch (undefined: never logged). */
  readonly placements: Map<string, readonly string[] | undefined>;
  /** Month -> the revision and zone of the last event that changed it. */
  readonly dirty: Map<string, { revision: number; timeZone: string }>;
}

type ChangedPatients = Map<string, ChangedPatient>;

/** Where a time entry lies, as its placement document keeps it. */
interface EntryPlacement {
  readonly months: readonly string[];
}

const activityOf = (stored: StoredPatientMonth | undefined): MonthActivity =>
  stored ? { timeEntries: stored.timeEntries, contacts: stored.contacts } : EMPTY_ACTIVITY;

/**
 * Every document a batch will read, asked for in two round trips (ledgers and entry placements first:
 * they name the months).
 */
async function prefetch(events: readonly RecordedEvent[], session: DocumentSession): Promise<void> {
  const patients = events.map(decodePatientEvent).filter((e): e is PatientEventEnvelope => e !== undefined);
  const practices = new Set([
    ...patients.map((e) => e.practiceId),
    ...events.flatMap((e) => decodePracticeEvent(e)?.practiceId ?? []),
  ]);
  await session.prefetch([
    ...[...practices].flatMap((id) => [practiceKey(id), programMetricsKey(id)]),
    ...patients.flatMap((e) => {
      const entryId = entryChangedBy(e.event);
      return [
        ledgerKey(e.practiceId, e.patientId),
        contributionKey(e.practiceId, e.patientId),
        ...(entryId ? [entryPlacementKey(e.practiceId, e.patientId, entryId)] : []),
      ];
    }),
  ]);
  const monthKeys: DocumentKey[] = [];
  for (const envelope of patients) {
    const ledger = await session.get<PatientLedger>(ledgerKey(envelope.practiceId, envelope.patientId));
    if (!ledger) continue;
    const entryId = entryChangedBy(envelope.event);
    const placement = entryId
      ? await session.get<EntryPlacement>(entryPlacementKey(envelope.practiceId, envelope.patientId, entryId))
      : undefined;
    const months = ACTIVITY_EVENTS.has(envelope.event.type)
      ? activityMonthsOf(envelope, () => placement?.months)
      : ledger.months;
    for (const month of months) {
      monthKeys.push(
        monthKey(envelope.practiceId, envelope.patientId, month),
        teamMonthKey(envelope.practiceId, month),
      );
    }
  }
  await session.prefetch(monthKeys);
}

async function take(changed: ChangedPatients, envelope: PatientEventEnvelope, session: DocumentSession) {
  const { practiceId, patientId } = envelope;
  const id = `${practiceId}\u0000${patientId}`;
  let patient = changed.get(id);
  if (!patient) {
    patient = {
      practiceId,
      patientId,
      ledger: await session.get<PatientLedger>(ledgerKey(practiceId, patientId)),
      stored: new Map(),
      activities: new Map(),
      placements: new Map(),
      dirty: new Map(),
    };
    changed.set(id, patient);
  }
  const entryId = entryChangedBy(envelope.event);
  if (entryId !== undefined && !patient.placements.has(entryId)) {
    const stored = await session.get<EntryPlacement>(entryPlacementKey(practiceId, patientId, entryId));
    patient.placements.set(entryId, stored?.months);
  }
  const { placements } = patient;
  const plan = planPatientEvent(patient.ledger, envelope, (entry) => placements.get(entry));
  if (!plan) return;
  if (plan.placed) {
    placements.set(plan.placed.entryId, plan.placed.months);
    const placement: EntryPlacement = { months: plan.placed.months };
    session.put(entryPlacementKey(practiceId, patientId, plan.placed.entryId), placement);
  }
  for (const month of plan.derive) {
    if (!patient.stored.has(month))
      patient.stored.set(month, await session.get(monthKey(practiceId, patientId, month)));
  }
  const before = new Map(
    plan.activityMonths.map((m) => [m, patient.activities.get(m) ?? activityOf(patient.stored.get(m))]),
  );
  for (const [month, activity] of evolveActivity(before, envelope)) patient.activities.set(month, activity);
  patient.ledger = plan.ledger;
  for (const month of plan.derive)
    patient.dirty.set(month, { revision: envelope.revision, timeZone: envelope.timeZone });
}

async function deriveChanged(changed: ChangedPatients, session: DocumentSession): Promise<void> {
  for (const patient of changed.values()) {
    const { practiceId, patientId, ledger } = patient;
    if (!ledger || patient.dirty.size === 0) continue;
    const practice = await session.get<PracticeSnapshot>(practiceKey(practiceId));
    const months = [...patient.dirty.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, stamp]) => {
        const activity = patient.activities.get(month) ?? activityOf(patient.stored.get(month));
        return buildPatientMonth(ledger, month, activity, practice, stamp);
      });
    await writeMonthDocuments(
      { practiceId, patientId, ledger, months, practice, replaced: patient.stored },
      session,
    );
  }
  changed.clear();
}

/**
 * Per patient and calendar month: the month document (consent, plan, conditions, visit, time, contacts,
 * facts and billing decision), its billing line, the patient's worklist entry and their part of the
 * program's metrics, all derived once per batch from the patient's ledger. The ledger's revision is the
 * redelivery guard.
 */
export const patientMonthsProjection: Projection = {
  name: PATIENT_MONTHS,
  // 2: a team document per practice-month; 3: estimated revenue in the program metrics; 4: month documents
  // store their facts without the parts the document holds (stored-month.ts); 5: nor minutes or summary;
  // 6: where each time entry lies is a document of its own, not a record in the ledger; 7: month documents
  // do not store the billing decision (stored-month.ts); 8: month documents store only what the ledger
  // does not give (stored-month.ts).
  layout: 8,
  handles: (event) => decodePatientEvent(event) !== undefined || decodePracticeEvent(event) !== undefined,
  /** Month documents are derived with the practice's zone and roster as they were. */
  context: {
    streams: isPracticeStreamId,
    derivedDocuments: (key) => key.collection === MONTH_COLLECTIONS.practice,
  },
  async project(events, session) {
    await prefetch(events, session);
    const changed: ChangedPatients = new Map();
    for (const event of events) {
      const practiceEvent = decodePracticeEvent(event);
      if (practiceEvent) {
        // Months changed so far are derived with the practice as it was when they changed.
        await deriveChanged(changed, session);
        const key = practiceKey(practiceEvent.practiceId);
        const next = evolvePracticeSnapshot(await session.get<PracticeSnapshot>(key), practiceEvent);
        if (next) session.put(key, next);
        continue;
      }
      const envelope = decodePatientEvent(event);
      if (envelope) await take(changed, envelope, session);
    }
    await deriveChanged(changed, session);
  },
};
