import { patientStreamId } from '@ccm/domain';
import { InMemoryEventStore, type EventStore } from '@ccm/event-store';
import type { PatientRecords } from '@ccm/record';
import {
  ADMIN,
  contextOf,
  enrolPlainPatient,
  NURSE,
  nurseTime,
  registerSmallPractice,
} from '@ccm/record/testing/small-practice';
import { replayPatientAsOf, replayVerifiedPatient } from './replay';
import { verifyStream } from './verify-chain';

describe('replay as of an instant of recording time (DOC-8)', () => {
  let now = new Date('2026-03-05T15:00:00Z');
  const clock = { now: () => now };
  const store = new InMemoryEventStore();
  let patients: PatientRecords;

  beforeAll(async () => {
    ({ patients } = await registerSmallPractice(store, clock));
    await patients.execute('pt-1', enrolPlainPatient('pt-1'), contextOf(ADMIN));
    await patients.execute('pt-1', nurseTime('e1', '2026-03-03', 15), contextOf(NURSE));
    now = new Date('2026-03-20T15:00:00Z');
    await patients.execute(
      'pt-1',
      { type: 'CorrectTime', data: { entryId: 'e1', minutes: 25, reason: 'call log' } },
      contextOf(NURSE),
    );
    now = new Date('2026-04-02T15:00:00Z');
    await patients.execute(
      'pt-1',
      { type: 'VoidTime', data: { entryId: 'e1', reason: 'wrong patient' } },
      contextOf(NURSE),
    );
  });

  const entryAt = async (iso: string) => {
    const replay = await replayPatientAsOf(store, 'riverside', 'pt-1', new Date(iso));
    return {
      revision: replay.revision,
      entry: replay.state.status === 'enrolled' ? replay.state.timeEntries.get('e1') : undefined,
    };
  };

  it('shows nothing before the first event was recorded', async () => {
    expect(await entryAt('2026-03-01T00:00:00Z')).toEqual({ revision: -1, entry: undefined });
  });

  it('shows the entry as first logged, before its correction was recorded', async () => {
    expect(await entryAt('2026-03-10T00:00:00Z')).toMatchObject({
      revision: 1,
      entry: { minutes: 15, status: 'active', corrections: 0 },
    });
  });

  it('shows the correction from the instant it was recorded, and the void after that', async () => {
    expect(await entryAt('2026-03-20T15:00:00Z')).toMatchObject({
      revision: 2,
      entry: { minutes: 25, status: 'active' },
    });
    expect(await entryAt('2026-04-30T00:00:00Z')).toMatchObject({
      revision: 3,
      entry: { minutes: 25, status: 'voided' },
    });
  });
});

describe('replay with the hash chain checked in the same read', () => {
  const clock = { now: () => new Date('2026-03-31T17:00:00Z') };
  const store = new InMemoryEventStore();
  const stream = patientStreamId('riverside', 'pt-1');
  let patients: PatientRecords;

  beforeAll(async () => {
    ({ patients } = await registerSmallPractice(store, clock));
    await patients.execute('pt-1', enrolPlainPatient('pt-1'), contextOf(ADMIN));
    for (let i = 1; i <= 4; i++) {
      await patients.execute('pt-1', nurseTime(`e${i}`, `2026-03-0${i}`, 10 + i), contextOf(NURSE));
    }
  });

  it('gives the state and revision a load gives, and the verdict verifyStream gives', async () => {
    const replay = await replayVerifiedPatient(store, 'riverside', 'pt-1');
    const loaded = await patients.load('riverside', 'pt-1');
    expect(replay).toEqual({ ...loaded, verification: await verifyStream(store, stream) });
    expect(replay.verification).toEqual({ ok: true, eventsChecked: 5, streamsChecked: 1 });
  });

  it('reports where an edited event breaks the chain, as verifyStream does, and still folds', async () => {
    // A store that hands back revision 2 with its minutes changed, as an edit behind the store's back would.
    const edited: EventStore = Object.create(store, {
      readStream: {
        value: async (...args: Parameters<EventStore['readStream']>) =>
          (await store.readStream(...args)).map((e) =>
            e.revision === 2n ? { ...e, data: { ...e.data, minutes: 59 } } : e,
          ),
      },
    });
    const replay = await replayVerifiedPatient(edited, 'riverside', 'pt-1');
    expect(replay.verification).toEqual(await verifyStream(edited, stream));
    expect(replay.verification).toMatchObject({
      ok: false,
      eventsChecked: 3,
      firstBreak: { kind: 'hash_mismatch', revision: '2' },
    });
    expect(replay.revision).toBe(4);
    expect(replay.state.status === 'enrolled' && replay.state.timeEntries.get('e2')?.minutes).toBe(59);
  });

  it('replays a stream that does not exist as nothing, verified', async () => {
    expect(await replayVerifiedPatient(store, 'riverside', 'nobody')).toMatchObject({
      state: { status: 'not_enrolled', version: 0 },
      revision: -1,
      verification: { ok: true, eventsChecked: 0, streamsChecked: 0 },
    });
  });
});
