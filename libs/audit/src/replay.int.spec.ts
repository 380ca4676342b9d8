import { InMemoryEventStore } from '@ccm/event-store';
import type { PatientRecords } from '@ccm/record';
import {
  ADMIN,
  contextOf,
  enrolPlainPatient,
  NURSE,
  nurseTime,
  registerSmallPractice,
} from '@ccm/record/testing/small-practice';
import { replayPatientAsOf } from './replay';

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
      entry: replay.state.status === 'enrolled' ? replay.state.timeEntries.e1 : undefined,
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
