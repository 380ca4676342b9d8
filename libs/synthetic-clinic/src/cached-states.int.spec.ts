import { SqliteEventStore, type EventStore } from '@ccm/event-store';
import { PatientRecords, PracticeRecords } from '@ccm/record';
import { seedClinic } from './seed-clinic';

const PRACTICE = 'cache-clinic';
const clock = { now: () => new Date('2026-04-01T15:00:00Z') };

/** Counts the events a store hands back from stream reads. */
function counting(store: EventStore): { store: EventStore; eventsRead: () => number } {
  let read = 0;
  const wrapper = Object.create(store) as EventStore;
  wrapper.readStream = async (streamId, options) => {
    const events = await store.readStream(streamId, options);
    read += events.length;
    return events;
  };
  return { store: wrapper, eventsRead: () => read };
}

describe('states kept after a command', () => {
  it('are what a fresh read of the stream folds, so the next command reads nothing back', async () => {
    // SQLite gives events back as JSON, as every real store does.
    const sqlite = new SqliteEventStore({ filename: ':memory:' });
    const { store, eventsRead } = counting(sqlite);
    const practices = new PracticeRecords(store, clock);
    const patients = new PatientRecords(store, practices, clock);
    // Every kind of command the generator sends: consents and withdrawals, plans and revisions,
    // time with corrections and voids, stays, contacts, demographics and their corrections.
    const report = await seedClinic(
      { practices, patients, clock, store },
      { practiceId: PRACTICE, patients: 30, months: 3, seed: 5, lastDay: '2026-03-31', interop: true },
    );
    expect(report).toMatchObject({ patients: 30, refused: {} });
    const before = eventsRead();
    const fresh = new PatientRecords(sqlite, new PracticeRecords(sqlite, clock), clock);
    for (let i = 1; i <= 30; i++) {
      const patientId = `pt-${String(i).padStart(5, '0')}`;
      const kept = await patients.load(PRACTICE, patientId);
      expect(kept.revision).toBeGreaterThan(0);
      expect(kept).toStrictEqual(await fresh.load(PRACTICE, patientId));
    }
    expect(await practices.load(PRACTICE)).toStrictEqual(
      await new PracticeRecords(sqlite, clock).load(PRACTICE),
    );
    expect(eventsRead() - before).toBe(0);
    await sqlite.close();
  });
});
