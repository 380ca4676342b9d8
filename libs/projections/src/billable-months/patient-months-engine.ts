import type { RecordedEvent } from '@ccm/event-store';
import {
  activityMonthsOf,
  buildPatientMonth,
  decodePatientEvent,
  decodePracticeEvent,
  EMPTY_ACTIVITY,
  evolveActivity,
  evolvePracticeSnapshot,
  isPracticeStreamId,
  planPatientEvent,
  type MonthActivity,
  type MonthSummary,
  type PatientEventEnvelope,
  type PatientLedger,
  type PatientMonthDocument,
  type PracticeSnapshot,
} from '@ccm/patient-months';
import type { DocumentSession } from '../engine/document-session';
import { documentKey } from '../engine/keys';
import type { Projection } from '../engine/projection';
import type { DocumentKey, ListMembership } from '../read-model-store';

/** What is kept per patient-month: at least the activity (to derive the month again) and its summary. */
export interface StoredMonth extends MonthActivity {
  readonly summary: MonthSummary;
}

export interface PatientMonthsUpdate {
  readonly practiceId: string;
  readonly patientId: string;
  readonly ledger: PatientLedger;
  readonly previousLedger: PatientLedger | undefined;
  /** Every month derived again in this batch, with its summary before the batch. */
  readonly months: readonly {
    readonly month: string;
    readonly previous: MonthSummary | undefined;
    readonly document: PatientMonthDocument;
  }[];
}

export interface PatientMonthsProjectionOptions {
  readonly name: string;
  /** Collection of the per-month documents in this projection. */
  readonly monthCollection: string;
  /** The stored form of a month: the whole document, or less. */
  readonly storedForm: (document: PatientMonthDocument) => StoredMonth;
  /** Sorted indexes the ledger documents belong to. */
  readonly ledgerLists?: (ledger: PatientLedger) => ListMembership[];
  /** What the read model makes of a patient's changed months (its own documents). */
  readonly onUpdate?: (update: PatientMonthsUpdate, session: DocumentSession) => Promise<void> | void;
}

const ACTIVITY_EVENTS: ReadonlySet<string> = new Set([
  'TimeLogged',
  'TimeCorrected',
  'TimeVoided',
  'TimeReallocated',
  'ContactRecorded',
]);

const PRACTICE_COLLECTION = 'practice';
export const practiceKey = (practiceId: string): DocumentKey =>
  documentKey(practiceId, PRACTICE_COLLECTION, 'profile');
/** Where each month read model keeps its patients' ledgers. */
export const LEDGER_COLLECTION = 'ledger';
export const ledgerKey = (practiceId: string, patientId: string): DocumentKey =>
  documentKey(practiceId, LEDGER_COLLECTION, patientId);
export const monthId = (patientId: string, month: string): string => `${patientId}:${month}`;

/** One patient's changes within the batch, derived into month documents once, when the batch ends. */
interface PendingPatient {
  readonly practiceId: string;
  readonly patientId: string;
  readonly previousLedger: PatientLedger | undefined;
  ledger: PatientLedger | undefined;
  readonly stored: Map<string, StoredMonth | undefined>;
  readonly activities: Map<string, MonthActivity>;
  /** Month -> the revision and zone of the last event that changed it. */
  readonly dirty: Map<string, { revision: number; timeZone: string }>;
}

const activityOf = (stored: StoredMonth | undefined): MonthActivity =>
  stored ? { timeEntries: stored.timeEntries, contacts: stored.contacts } : EMPTY_ACTIVITY;

/**
 * The month-based read models apply the same events to the same patient states, so a plan, an activity or
 * a month derived by one of them is what the others would derive: the first derives it, the others reuse
 * it (and the document serialised once). Keys name every revision the value is derived from (the
 * patient's stream, the event, the practice), so a value is only reused for the very same inputs, whether
 * the read models are in step (a rebuild pass) or a batch apart (the live projector).
 */
function sharedInPass<T>(session: DocumentSession, reader: string, key: string, derive: () => T): T {
  return session.shared ? session.shared.derive(key, reader, derive) : derive();
}

/**
 * The shared part of the month-based read models (billable months, worklist, program metrics): each keeps
 * patient ledgers and month documents in its own namespace, derived with the same pure functions. Events
 * update ledgers and month activity as they come; each changed month is derived (and decided by the
 * billing engine) once per batch. The ledger's revision is the redelivery guard.
 */
export class PatientMonthsEngine implements Projection {
  readonly name: string;
  readonly sharesDerivations = true;
  private readonly pending = new WeakMap<DocumentSession, Map<string, PendingPatient>>();

  constructor(private readonly options: PatientMonthsProjectionOptions) {
    this.name = options.name;
  }

  /** Month documents are derived with the practice's zone and roster as they were. */
  readonly context = {
    streams: isPracticeStreamId,
    derivedDocuments: (key: DocumentKey): boolean => key.collection === PRACTICE_COLLECTION,
  };

  handles(event: RecordedEvent): boolean {
    return decodePatientEvent(event) !== undefined || decodePracticeEvent(event) !== undefined;
  }

  monthKey(practiceId: string, patientId: string, month: string): DocumentKey {
    return documentKey(practiceId, this.options.monthCollection, monthId(patientId, month));
  }

  async prepare(events: readonly RecordedEvent[], session: DocumentSession): Promise<void> {
    const patients = events.map(decodePatientEvent).filter((e): e is PatientEventEnvelope => e !== undefined);
    await session.prefetch([
      ...patients.flatMap((e) => [ledgerKey(e.practiceId, e.patientId), practiceKey(e.practiceId)]),
      ...events.flatMap((e) => {
        const practice = decodePracticeEvent(e);
        return practice ? [practiceKey(practice.practiceId)] : [];
      }),
    ]);
    const monthKeys: DocumentKey[] = [];
    for (const envelope of patients) {
      const ledger = await session.get<PatientLedger>(ledgerKey(envelope.practiceId, envelope.patientId));
      if (!ledger) continue;
      const months = ACTIVITY_EVENTS.has(envelope.event.type)
        ? activityMonthsOf(envelope, ledger.entryMonths)
        : ledger.months;
      for (const month of months)
        monthKeys.push(this.monthKey(envelope.practiceId, envelope.patientId, month));
    }
    await session.prefetch(monthKeys);
  }

  async apply(event: RecordedEvent, session: DocumentSession): Promise<void> {
    const practiceEvent = decodePracticeEvent(event);
    if (practiceEvent) {
      // Months changed so far are derived with the practice as it was when they changed, as if one by one.
      await this.finish(session);
      const key = practiceKey(practiceEvent.practiceId);
      const next = evolvePracticeSnapshot(await session.get<PracticeSnapshot>(key), practiceEvent);
      if (next) session.put(key, next);
      return;
    }
    const envelope = decodePatientEvent(event);
    if (envelope) await this.applyPatientEvent(envelope, session);
  }

  async finish(session: DocumentSession): Promise<void> {
    const batch = this.pending.get(session);
    if (!batch) return;
    this.pending.delete(session);
    for (const patient of batch.values()) {
      const { practiceId, patientId, ledger } = patient;
      if (!ledger || patient.dirty.size === 0) continue;
      const practice = await session.get<PracticeSnapshot>(practiceKey(practiceId));
      const months = [...patient.dirty.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([month, stamp]) => {
          const document = sharedInPass(
            session,
            this.name,
            `month\u0000${practiceId}\u0000${patientId}\u0000${month}\u0000${ledger.revision}\u0000${stamp.revision}\u0000${stamp.timeZone}\u0000${practice?.revision ?? ''}`,
            () => {
              const activity = patient.activities.get(month) ?? activityOf(patient.stored.get(month));
              return buildPatientMonth(ledger, month, activity, practice, stamp);
            },
          );
          session.put(this.monthKey(practiceId, patientId, month), this.options.storedForm(document));
          return { month, previous: patient.stored.get(month)?.summary, document };
        });
      session.put(ledgerKey(practiceId, patientId), ledger, this.options.ledgerLists?.(ledger) ?? []);
      await this.options.onUpdate?.(
        { practiceId, patientId, ledger, previousLedger: patient.previousLedger, months },
        session,
      );
    }
  }

  private async applyPatientEvent(envelope: PatientEventEnvelope, session: DocumentSession): Promise<void> {
    const { practiceId, patientId } = envelope;
    let batch = this.pending.get(session);
    if (!batch) this.pending.set(session, (batch = new Map()));
    const id = `${practiceId}\u0000${patientId}`;
    let patient = batch.get(id);
    if (!patient) {
      const stored = await session.get<PatientLedger>(ledgerKey(practiceId, patientId));
      patient = {
        practiceId,
        patientId,
        previousLedger: stored,
        ledger: stored,
        stored: new Map(),
        activities: new Map(),
        dirty: new Map(),
      };
      batch.set(id, patient);
    }
    const from = patient.ledger;
    const stateKey = `${practiceId}\u0000${patientId}\u0000${from?.revision ?? ''}\u0000${envelope.revision}`;
    const plan = sharedInPass(session, this.name, `plan\u0000${stateKey}`, () =>
      planPatientEvent(from, envelope),
    );
    if (!plan) return;
    for (const month of plan.derive) {
      if (!patient.stored.has(month)) {
        patient.stored.set(
          month,
          await session.get<StoredMonth>(this.monthKey(practiceId, patientId, month)),
        );
      }
    }
    const changed = sharedInPass(session, this.name, `activity\u0000${stateKey}`, () => {
      const before = new Map(
        plan.activityMonths.map((m) => [m, patient.activities.get(m) ?? activityOf(patient.stored.get(m))]),
      );
      return evolveActivity(before, envelope);
    });
    for (const [month, activity] of changed) patient.activities.set(month, activity);
    patient.ledger = plan.ledger;
    for (const month of plan.derive)
      patient.dirty.set(month, { revision: envelope.revision, timeZone: envelope.timeZone });
  }
}
