import { InMemoryEventStore } from '@ccm/event-store';
import { PatientRecords } from './patient-records';
import { StreamStateCache, type LoadedStream } from './decide-and-append';
import { PracticeRecords } from './practice-records';
import {
  ADMIN,
  contextOf,
  enrolPlainPatient,
  NURSE,
  nurseTime,
  registerSmallPractice,
} from './testing/small-practice';

const clock = { now: () => new Date('2026-03-31T17:00:00Z') };

/** Freezes a value at every depth: any later write to it throws. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

describe('folded states cached by stream', () => {
  it('sees what another writer (another process, another cache) appended since, and keeps its hash chain', async () => {
    const store = new InMemoryEventStore();
    const { patients: patientsA } = await registerSmallPractice(store, clock);
    const patientsB = new PatientRecords(store, new PracticeRecords(store, clock), clock);
    await patientsA.execute('pt-1', enrolPlainPatient('pt-1'), contextOf(ADMIN));
    await patientsA.execute('pt-1', nurseTime('e1'), contextOf(NURSE));
    await patientsB.execute('pt-1', nurseTime('e2'), contextOf(NURSE));
    // A's cache stops at e1; it must fold e2 from the store before deciding, or it would conflict forever.
    const third = await patientsA.execute('pt-1', nurseTime('e3'), contextOf(NURSE));
    expect(third).toMatchObject({ revision: 3, alreadyApplied: false });
    const loaded = await patientsA.load('riverside', 'pt-1');
    expect(loaded.state.status === 'enrolled' && loaded.state.timeEntries.keys().sort()).toEqual([
      'e1',
      'e2',
      'e3',
    ]);
    const [last] = await store.readStream('ccm.patient.riverside.pt-1', {
      maxCount: 1,
      direction: 'backwards',
    });
    expect(last.metadata.hash).toBe(loaded.lastHash);
    // A repeat through B, whose cache is behind, is still recognised.
    expect(await patientsB.execute('pt-1', nurseTime('e3'), contextOf(NURSE))).toMatchObject({
      revision: 3,
      alreadyApplied: true,
    });
  });

  it('folds newer events onto a cached state without writing to the state it keeps', async () => {
    const store = new InMemoryEventStore();
    const { patients } = await registerSmallPractice(store, clock);
    await patients.execute('pt-1', enrolPlainPatient('pt-1'), contextOf(ADMIN));
    for (const entry of ['e1', 'e2']) await patients.execute('pt-1', nurseTime(entry), contextOf(NURSE));
    const cached = await patients.load('riverside', 'pt-1');
    const before = JSON.stringify(cached);
    deepFreeze(cached); // the cached state is this very object: a fold writing to it would throw
    for (const entry of ['e3', 'e4']) await patients.execute('pt-1', nurseTime(entry), contextOf(NURSE));
    const later = await patients.load('riverside', 'pt-1');
    expect(JSON.stringify(cached)).toBe(before);
    const fresh = await new PatientRecords(store, new PracticeRecords(store, clock), clock).load(
      'riverside',
      'pt-1',
    );
    expect(later).toEqual(fresh);
    expect(later.state.status === 'enrolled' && later.state.timeEntries.keys()).toEqual([
      'e1',
      'e2',
      'e3',
      'e4',
    ]);
  });

  describe('bounded by streams and by the events their states were folded from', () => {
    const at = (revision: number): LoadedStream<string> => ({
      state: `r${revision}`,
      revision,
      lastHash: 'h',
    });

    it('drops the least recently used streams once the states hold more events than allowed', () => {
      const cache = new StreamStateCache<string>({ streams: 100, events: 30 });
      cache.set('a', at(9)); // 10 events
      cache.set('b', at(9));
      cache.set('c', at(9));
      expect(cache.size()).toEqual({ streams: 3, events: 30 });
      cache.get('a'); // a is used again: b is now the oldest
      cache.set('d', at(4));
      expect(cache.get('b')).toBeUndefined();
      expect(cache.size()).toEqual({ streams: 3, events: 25 });
      // A state that grows counts at its new size, not twice.
      cache.set('a', at(14));
      expect(cache.size()).toEqual({ streams: 3, events: 30 });
      expect(cache.get('c')).toEqual(at(9));
      expect(cache.get('d')).toEqual(at(4));
    });

    it('keeps no state larger than the whole allowance, and drops the older one it replaces', () => {
      const cache = new StreamStateCache<string>({ streams: 100, events: 30 });
      cache.set('a', at(9));
      cache.set('a', at(40));
      expect(cache.get('a')).toBeUndefined();
      expect(cache.size()).toEqual({ streams: 0, events: 0 });
    });

    it('still bounds the number of streams', () => {
      const cache = new StreamStateCache<string>({ streams: 2, events: 1_000 });
      for (const id of ['a', 'b', 'c']) cache.set(id, at(0));
      expect(cache.get('a')).toBeUndefined();
      expect(cache.size()).toEqual({ streams: 2, events: 2 });
    });

    it('an evicted stream is read again in full and decides as before', async () => {
      const store = new InMemoryEventStore();
      const { practices } = await registerSmallPractice(store, clock);
      const tiny = new PatientRecords(
        store,
        practices,
        clock,
        new StreamStateCache({ streams: 1, events: 1_000 }),
      );
      await tiny.execute('pt-1', enrolPlainPatient('pt-1'), contextOf(ADMIN));
      await tiny.execute('pt-1', nurseTime('e1'), contextOf(NURSE));
      await tiny.execute('pt-2', enrolPlainPatient('pt-2'), contextOf(ADMIN)); // pt-1 is dropped
      expect(await tiny.execute('pt-1', nurseTime('e1'), contextOf(NURSE))).toMatchObject({
        alreadyApplied: true,
      });
      expect(await tiny.execute('pt-1', nurseTime('e2'), contextOf(NURSE))).toMatchObject({
        revision: 2,
        alreadyApplied: false,
      });
    });
  });
});
