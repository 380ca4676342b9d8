import type { RecordedEvent } from '@ccm/event-store';
import {
  decodePatientEvent,
  decodePracticeEvent,
  derivePatientMonths,
  evolvePracticeSnapshot,
  planPatientEvent,
  storedMonthOf,
  type PatientLedger,
  type PatientMonthDocument,
  type PracticeSnapshot,
} from '@ccm/patient-months';
import { throughStorage } from '../testing/fold-patient-months';
import { seededClinicEvents } from '../testing/seeded-clinic-events';
import { PRACTICE, standardStory } from '../testing/scenario';

interface Derived {
  readonly document: PatientMonthDocument;
  /** The ledger and practice it was derived with. */
  readonly ledger: PatientLedger;
  readonly practice: PracticeSnapshot | undefined;
}

/**
 * Every month document the events derive, each time an event changes it (not only the last), and each
 * patient's ledger at the end.
 */
function everyDerivedMonth(events: readonly RecordedEvent[]): {
  derived: Derived[];
  ledgers: Map<string, PatientLedger | undefined>;
} {
  const practices = new Map<string, PracticeSnapshot | undefined>();
  const ledgers = new Map<string, PatientLedger | undefined>();
  const months = new Map<string, Map<string, PatientMonthDocument>>();
  const placements = new Map<string, readonly string[]>();
  const derived: Derived[] = [];
  for (const event of events) {
    const practiceEvent = decodePracticeEvent(event);
    if (practiceEvent) {
      const before = practices.get(practiceEvent.practiceId);
      practices.set(practiceEvent.practiceId, evolvePracticeSnapshot(before, practiceEvent) ?? before);
      continue;
    }
    const envelope = decodePatientEvent(event);
    if (!envelope) continue;
    const id = patientOf(envelope);
    const plan = planPatientEvent(ledgers.get(id), envelope, (entryId) => placements.get(`${id}/${entryId}`));
    if (!plan) continue;
    if (plan.placed) placements.set(`${id}/${plan.placed.entryId}`, plan.placed.months);
    const own = months.get(id) ?? new Map<string, PatientMonthDocument>();
    months.set(id, own);
    const practice = practices.get(envelope.practiceId);
    for (const document of derivePatientMonths(plan, envelope, own, practice)) {
      own.set(document.month, document);
      derived.push({ document, ledger: plan.ledger, practice });
    }
    ledgers.set(id, plan.ledger);
  }
  return { derived, ledgers };
}

const patientOf = (e: { practiceId: string; patientId: string }): string => `${e.practiceId}/${e.patientId}`;

/** The last document derived of each patient-month. */
function lastOfEach(derived: readonly Derived[]): Derived[] {
  const last = new Map<string, Derived>();
  for (const d of derived) last.set(`${patientOf(d.document)}/${d.document.month}`, d);
  return [...last.values()];
}

function expectSurvivesStorage(derived: readonly Derived[], ledgers: Map<string, PatientLedger | undefined>) {
  for (const { document, ledger, practice } of derived)
    expect(throughStorage(document, ledger, practice)).toBe(JSON.stringify(document));
  // A reader derives a month from the ledger as it is now: the projection derived the month again with
  // every change of the ledger that could change it.
  for (const { document, practice } of lastOfEach(derived)) {
    const now = ledgers.get(patientOf(document)) as PatientLedger;
    expect(throughStorage(document, now, practice)).toBe(JSON.stringify(document));
  }
}

describe('month documents as the read model stores them', () => {
  it('give back every month of the standard story exactly, as text (corrections, voids, a month-end split)', async () => {
    const story = await standardStory();
    const { derived, ledgers } = everyDerivedMonth(await story.events());
    expect(derived.length).toBeGreaterThan(20);
    expectSurvivesStorage(derived, ledgers);
  });

  it('give back every month of a seeded clinic exactly, with and without a roster', async () => {
    const events = await seededClinicEvents({
      practiceId: PRACTICE,
      patients: 40,
      months: 3,
      seed: 5,
      lastDay: '2026-03-31',
    });
    // Without the practice's events no roster is known, and no performer has a credential.
    const withoutRoster = events.filter((e) => decodePracticeEvent(e) === undefined);
    for (const [source, credentials] of [
      [events, true],
      [withoutRoster, false],
    ] as const) {
      const { derived, ledgers } = everyDerivedMonth(source);
      expect(derived.length).toBeGreaterThan(200);
      const performers = derived.flatMap((d) => d.document.billing.facts.timeEntries.map((e) => e.performer));
      expect(performers.length).toBeGreaterThan(0);
      expect(performers.every((p) => (p.credential !== undefined) === credentials)).toBe(true);
      expectSurvivesStorage(derived, ledgers);
    }
  });

  it("keep the month's activity and the roster entries it uses, and nothing the ledger gives", async () => {
    const events = await seededClinicEvents({
      practiceId: PRACTICE,
      patients: 10,
      months: 2,
      seed: 5,
      lastDay: '2026-03-31',
    });
    const [{ document, practice }] = everyDerivedMonth(events).derived.filter(
      (d) => d.document.timeEntries.length > 0 && d.practice !== undefined,
    );
    const stored = storedMonthOf(document, practice);
    expect(Object.keys(stored).sort()).toEqual(
      ['contacts', 'month', 'practice', 'revision', 'timeEntries', 'timeZone'].sort(),
    );
    const performers = new Set(document.timeEntries.map((e) => e.performerId));
    const ids = [...(stored.practice?.billingPractitioners ?? []), ...(stored.practice?.staff ?? [])].map(
      (p) => p.id,
    );
    expect(ids.every((id) => performers.has(id) || id === document.billingPractitionerId)).toBe(true);
    expect(stored.practice).not.toHaveProperty('afterHoursAccess');
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(document).length * 0.5);
  });
});
