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

/** Every month document the events derive, each time an event changes it (not only the last). */
function everyDerivedMonth(events: readonly RecordedEvent[]): PatientMonthDocument[] {
  const practices = new Map<string, PracticeSnapshot | undefined>();
  const ledgers = new Map<string, PatientLedger | undefined>();
  const months = new Map<string, Map<string, PatientMonthDocument>>();
  const placements = new Map<string, readonly string[]>();
  const derived: PatientMonthDocument[] = [];
  for (const event of events) {
    const practiceEvent = decodePracticeEvent(event);
    if (practiceEvent) {
      const before = practices.get(practiceEvent.practiceId);
      practices.set(practiceEvent.practiceId, evolvePracticeSnapshot(before, practiceEvent) ?? before);
      continue;
    }
    const envelope = decodePatientEvent(event);
    if (!envelope) continue;
    const id = `${envelope.practiceId}/${envelope.patientId}`;
    const plan = planPatientEvent(ledgers.get(id), envelope, (entryId) => placements.get(`${id}/${entryId}`));
    if (!plan) continue;
    if (plan.placed) placements.set(`${id}/${plan.placed.entryId}`, plan.placed.months);
    const own = months.get(id) ?? new Map<string, PatientMonthDocument>();
    months.set(id, own);
    for (const document of derivePatientMonths(plan, envelope, own, practices.get(envelope.practiceId))) {
      own.set(document.month, document);
      derived.push(document);
    }
    ledgers.set(id, plan.ledger);
  }
  return derived;
}

describe('month documents as the read model stores them', () => {
  it('give back every month of the standard story exactly, as text (corrections, voids, a month-end split)', async () => {
    const story = await standardStory();
    const documents = everyDerivedMonth(await story.events());
    expect(documents.length).toBeGreaterThan(20);
    for (const document of documents) expect(throughStorage(document)).toBe(JSON.stringify(document));
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
      const documents = everyDerivedMonth(source);
      expect(documents.length).toBeGreaterThan(200);
      const performers = documents.flatMap((d) => d.billing.facts.timeEntries.map((e) => e.performer));
      expect(performers.length).toBeGreaterThan(0);
      expect(performers.every((p) => (p.credential !== undefined) === credentials)).toBe(true);
      for (const document of documents) expect(throughStorage(document)).toBe(JSON.stringify(document));
    }
  });

  it('keep no copy of the conditions, the care plan or the time entries in the stored facts', async () => {
    const story = await standardStory();
    const [document] = everyDerivedMonth(await story.events()).filter(
      (d) => d.timeEntries.length > 0 && d.conditions.length > 0,
    );
    const stored = storedMonthOf(document);
    expect(Object.keys(stored.billing.facts)).not.toEqual(
      expect.arrayContaining(['carePlan', 'timeEntries']),
    );
    expect(stored.billing.facts.patient).not.toHaveProperty('chronicConditions');
    expect(Object.values(stored.billing.facts.performerCredentials).length).toBeGreaterThan(0);
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(document).length * 0.9);
  });
});
