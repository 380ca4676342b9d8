import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PatientCommand } from '@ccm/domain';
import { InMemoryEventStore, SqliteEventStore, type EventStore } from '@ccm/event-store';
import { CommandRefusedError } from './errors';
import type { RequestContext } from './event-envelope';
import { readWholeStreamVerified } from './integrity';
import { PatientRecords } from './patient-records';
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
const STREAM = 'ccm.patient.riverside.pt-1';

/** One request: its own correlation and causation ids, as each HTTP request (and each replica) has. */
let requests = 0;
const sentWith = (key: string): RequestContext => {
  requests += 1;
  return {
    ...contextOf(NURSE),
    correlationId: `req-${requests}`,
    causationId: `req-${requests}`,
    clientIdempotencyKey: key,
  };
};

const addCondition = (icd10: string): PatientCommand => ({
  type: 'AddCondition',
  data: {
    condition: {
      icd10,
      description: 'chronic',
      expectedDuration: '12_months_or_more',
      significantRisk: true,
    },
  },
});

const stores: Array<[string, () => EventStore]> = [
  ['in memory', () => new InMemoryEventStore()],
  [
    'SQLite file',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'ccm-client-key-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return new SqliteEventStore({ filename: join(dir, 'events.db') });
    },
  ],
];
const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

describe.each(stores)('a command sent under the client Idempotency-Key (%s)', (_name, openStore) => {
  let store: EventStore;
  let patients: PatientRecords;

  beforeEach(async () => {
    store = openStore();
    ({ patients } = await registerSmallPractice(store, clock));
    await patients.execute('pt-1', enrolPlainPatient('pt-1'), contextOf(ADMIN));
  });
  afterEach(() => store.close());

  /** Another api process: its own practice and patient caches on the same store. */
  const replica = () => new PatientRecords(store, new PracticeRecords(store, clock), clock);

  it('records the key and the command hash in the chained metadata of each of its events', async () => {
    const outcome = await patients.execute('pt-1', addCondition('E11.9'), sentWith('k-1'));
    const events = await readWholeStreamVerified(store, STREAM);
    const last = events[events.length - 1];
    expect(outcome).toMatchObject({ revision: 1, alreadyApplied: false });
    expect(last.metadata).toMatchObject({
      idempotencyKey: 'k-1',
      commandHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(events[0].metadata.idempotencyKey).toBeUndefined();
  });

  it('answers a repeat with the first revision and records nothing, on this process or another', async () => {
    await patients.execute('pt-1', addCondition('E11.9'), sentWith('k-1'));
    await patients.execute('pt-1', nurseTime('e1'), contextOf(NURSE));
    const again = await patients.execute('pt-1', addCondition('E11.9'), sentWith('k-1'));
    const elsewhere = await replica().execute('pt-1', addCondition('E11.9'), sentWith('k-1'));
    expect(again).toEqual({ revision: 1, streamRevision: 2, alreadyApplied: true });
    expect(elsewhere).toEqual(again);
    expect(await readWholeStreamVerified(store, STREAM)).toHaveLength(3);
  });

  it('answers a repeat sent with the If-Match of the first attempt, though the record moved on', async () => {
    await patients.execute('pt-1', addCondition('E11.9'), sentWith('k-1'), 0);
    await patients.execute('pt-1', nurseTime('e1'), contextOf(NURSE));
    await expect(patients.execute('pt-1', addCondition('E11.9'), sentWith('k-1'), 0)).resolves.toMatchObject({
      revision: 1,
      alreadyApplied: true,
    });
  });

  it('refuses the key with another command (IDEMPOTENCY_KEY_REUSED), and keeps keys to their record', async () => {
    await patients.execute('pt-1', addCondition('E11.9'), sentWith('k-1'));
    const refused = await patients
      .execute('pt-1', addCondition('I10'), sentWith('k-1'))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CommandRefusedError);
    expect((refused as CommandRefusedError).refusal.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await patients.execute('pt-2', enrolPlainPatient('pt-2'), contextOf(ADMIN));
    await expect(patients.execute('pt-2', addCondition('I10'), sentWith('k-1'))).resolves.toMatchObject({
      alreadyApplied: false,
    });
    expect(await readWholeStreamVerified(store, STREAM)).toHaveLength(2);
  });

  it('records a command sent at once to several replicas once, and every replica answers the same revision', async () => {
    const replicas = [patients, replica(), replica(), replica()];
    // Each replica has read the stream before the race, as a warm api has.
    await Promise.all(replicas.map((r) => r.load('riverside', 'pt-1')));
    const outcomes = await Promise.all(
      replicas.map((r) => r.execute('pt-1', addCondition('E11.9'), sentWith('k-race'))),
    );
    const events = await readWholeStreamVerified(store, STREAM);
    expect(events.filter((e) => e.metadata.idempotencyKey === 'k-race')).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.revision))).toEqual(new Set([1]));
    expect(outcomes.filter((o) => !o.alreadyApplied)).toHaveLength(1);
  });

  it('still knows the key after the state cache forgot the stream', async () => {
    await patients.execute('pt-1', addCondition('E11.9'), sentWith('k-1'));
    for (const entry of ['e1', 'e2', 'e3'])
      await patients.execute('pt-1', nurseTime(entry), contextOf(NURSE));
    const cold = replica();
    expect((await cold.load('riverside', 'pt-1')).commandKeys?.get('k-1')).toMatchObject({ revision: 1 });
    await expect(cold.execute('pt-1', addCondition('E11.9'), sentWith('k-1'))).resolves.toMatchObject({
      revision: 1,
      streamRevision: 4,
      alreadyApplied: true,
    });
  });
});
