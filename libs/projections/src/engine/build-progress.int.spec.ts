/**
 * A build from nothing (a first start, a layout migration, a new partition count, `projections rebuild`)
 * reads the partitions' streams and moves their checkpoints only at its end. Its progress must still be
 * visible from the stores, to whichever process asks: the api's 503 READ_MODEL_REBUILDING body and
 * /health/projections read them, not the building process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, streamInventory, type RecordedEvent } from '@ccm/event-store';
import { ALL_PROJECTIONS } from '../all-projections';
import type { ReadModelStore } from '../read-model-store';
import { RedisReadModelStore } from '../redis/redis-read-model-store';
import { ReadModelQueries } from '../queries/read-model-queries';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { allEvents, auditAnswers, BuildGates, until } from '../testing/build-gates';
import { projectEvents } from '../testing/project-events';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server';
import { practiceOfEachPartition } from '../testing/read-model-store-partition-contract';
import { appendRounds, interleavedRounds, seededClinicEvents } from '../testing/seeded-clinic-events';
import { FAST_PROJECTOR } from '../testing/scenario-fixtures';
import { CCM_STREAMS } from './projection';
import { measureLag } from './projection-lag';
import { Projector } from './projector';
import { eventsReadByBuilds, readModelProgress } from './read-model-progress';
import { rebuildProjections } from './rebuild';

const WATCHED = ALL_PROJECTIONS.find((p) => p.name === 'audit-trail')!;
const MONTHS = ALL_PROJECTIONS.find((p) => p.name === 'patient-months')!;
const GROUP = 200;

let dir: string;
let redis: TestRedisServer;
let seeded: RecordedEvent[];
const open: { stop?: () => Promise<void>; close?: () => Promise<void> }[] = [];
const gates = new BuildGates();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ccm-build-progress-'));
  redis = await startRedisServer();
  // Two practices, one in each of two partitions, so a partitioned build sums what each has read.
  seeded = [];
  for (const [i, practiceId] of practiceOfEachPartition(2).entries())
    seeded.push(
      ...(await seededClinicEvents({
        practiceId,
        patients: 30,
        months: 2,
        seed: i + 7,
        lastDay: '2026-03-31',
      })),
    );
});
afterEach(async () => {
  gates.releaseAll();
  for (const resource of open.splice(0).reverse()) await (resource.stop ?? resource.close)?.call(resource);
});
afterAll(async () => {
  await redis.close();
  rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
async function stores(
  kind: 'sqlite' | 'redis',
): Promise<{ events: SqliteEventStore; readModels: ReadModelStore }> {
  const events = new SqliteEventStore({
    filename: join(dir, `events-${++counter}.sqlite`),
    pollIntervalMs: 20,
  });
  open.push(events);
  await appendRounds(events, interleavedRounds(seeded));
  let readModels: ReadModelStore;
  if (kind === 'sqlite')
    readModels = new SqliteReadModelStore({ filename: join(dir, `rm-${counter}.sqlite`) });
  else {
    const store = new RedisReadModelStore({ url: redis.url });
    await store.ready();
    for (const p of ALL_PROJECTIONS) await store.dropReadModel(p.name);
    readModels = store;
  }
  open.push(readModels);
  return { events, readModels };
}

describe.each(['sqlite', 'redis'] as const)('progress of a build from nothing on %s', (kind) => {
  it.each([1, 2])('shows from the stores while a projector of %i partitions builds', async (partitions) => {
    const { events, readModels } = await stores(kind);
    const total = await events.countAll(CCM_STREAMS);
    const holding = gates.holdingGroup(readModels, WATCHED.name, 3);
    const projector = new Projector({
      ...FAST_PROJECTOR,
      projections: [WATCHED],
      eventStore: events,
      readModels: holding.store,
      partitions,
      batchSize: GROUP,
    });
    open.push(projector);
    projector.start();
    await holding.held;

    // The group held is not written: what the stores show is what earlier batches stored.
    const during = await readModelProgress(events, readModels, WATCHED.name);
    expect(during.eventsTotal).toBe(total);
    expect(during.eventsApplied).toBeGreaterThanOrEqual(2 * GROUP);
    expect(during.eventsApplied).toBeLessThan(total);
    const lag = await measureLag(events, readModels, WATCHED, undefined, partitions);
    expect(lag).toMatchObject({ checkpoint: null, built: false, behindIsLowerBound: false });
    // Another partition may go on meanwhile: what is left lies between the two readings of progress.
    const later = await readModelProgress(events, readModels, WATCHED.name);
    expect(lag.behind).toBeLessThanOrEqual(total - (during.eventsApplied ?? 0));
    expect(lag.behind).toBeGreaterThanOrEqual(total - (later.eventsApplied ?? 0));

    holding.release();
    await until(async () => (await readModels.readerVersion(WATCHED.name))?.built === true, 'the build');
    expect(await readModelProgress(events, readModels, WATCHED.name)).toEqual({
      projection: WATCHED.name,
      eventsApplied: total,
      eventsTotal: total,
    });
    expect(await measureLag(events, readModels, WATCHED, undefined, partitions)).toMatchObject({
      built: true,
      behind: 0,
      behindIsLowerBound: false,
    });
    // Each partition read its own practice's streams: together, every event once.
    const [version] = await readModels.versions(WATCHED.name);
    expect(eventsReadByBuilds(version.builds)).toBe(total);
  });

  it('shows from the stores while `projections rebuild` fills new versions of two partitions', async () => {
    const { events, readModels } = await stores(kind);
    const total = await events.countAll(CCM_STREAMS);
    const holding = gates.holdingGroup(readModels, WATCHED.name, 2);
    const rebuilt = rebuildProjections({
      eventStore: events,
      readModels: holding.store,
      projections: [WATCHED],
      batchSize: GROUP,
      partitions: 2,
      dropDelayMs: 0,
    });
    await holding.held;
    const during = await readModelProgress(events, readModels, WATCHED.name);
    expect(during.eventsApplied).toBeGreaterThanOrEqual(GROUP);
    expect(during.eventsApplied).toBeLessThan(total);
    holding.release();
    await rebuilt;
    expect(await readModelProgress(events, readModels, WATCHED.name)).toMatchObject({ eventsApplied: total });
    const [version] = await readModels.versions(WATCHED.name);
    expect(eventsReadByBuilds(version.builds)).toBe(total);
  });

  it('goes on from where a stopped build was, in another projector, past the streams it had done', async () => {
    const { events, readModels } = await stores(kind);
    const total = await events.countAll(CCM_STREAMS);
    const holding = gates.holdingGroup(readModels, WATCHED.name, 3);
    const options = { ...FAST_PROJECTOR, projections: [WATCHED], batchSize: GROUP };
    const first = new Projector({ ...options, eventStore: events, readModels: holding.store });
    first.start();
    await holding.held;
    const stopped = first.stop();
    holding.release(false);
    await stopped;
    const [left] = await readModels.versions(WATCHED.name);
    expect(left.checkpoint).toBeNull();
    const progress = left.builds[0];
    expect(progress?.streamsDone).toBeGreaterThan(0);

    // The streams a build reads, in the order it reads them: the context (the practices') first, then the rest.
    const { streams } = await streamInventory(events, CCM_STREAMS);
    const ids = streams.map((s) => s.streamId);
    const done = ids.filter((id) => !WATCHED.context?.streams(id)).slice(0, progress?.streamsDone);
    const patientStreams = ids.filter((id) => id.startsWith('ccm.patient.'));
    const readAgain: string[] = [];
    const watching = Object.create(events) as SqliteEventStore;
    watching.readStream = (streamId, readOptions) => {
      readAgain.push(streamId);
      return events.readStream(streamId, readOptions);
    };
    const second = new Projector({ ...options, eventStore: watching, readModels });
    open.push(second);
    second.start();
    await until(async () => (await readModels.readerVersion(WATCHED.name))?.built === true, 'the build');
    expect(readAgain.filter((id) => done.includes(id))).toEqual([]);
    expect(await readModelProgress(events, readModels, WATCHED.name)).toMatchObject({ eventsApplied: total });

    // What it answers is what one projection of every event answers.
    const reference = new SqliteReadModelStore({ filename: ':memory:' });
    open.push(reference);
    await projectEvents(reference, await allEvents(events), { projections: [WATCHED], batchSize: 500 });
    expect(await auditAnswers(readModels, events, patientStreams)).toEqual(
      await auditAnswers(reference, events, patientStreams),
    );
  });

  it('refuses a stalled builder that wakes after another went on, so practice-wide documents stay whole', async () => {
    // A lease lapses while its holder stalls in a group; another projector takes the partition over and
    // goes on from the stored progress. The first then writes the group it derived before: the practice's
    // metrics as they were, without what the other added since. It must be refused.
    const { events, readModels } = await stores(kind);
    const months = ['2026-02', '2026-03'];
    const options = { ...FAST_PROJECTOR, projections: [MONTHS], batchSize: 100 };
    const first = gates.gatedGroups(readModels, 2, 'stallAfter');
    const second = gates.gatedGroups(readModels, 2, 'readsAfter');
    const stalled = new Projector({ ...options, eventStore: events, readModels: first.store });
    open.push(stalled);
    stalled.start();
    await first.reached; // its first group is stored; the second, derived, waits
    const takeover = new Projector({ ...options, eventStore: events, readModels: second.store });
    open.push(takeover);
    takeover.start();
    await second.reached; // it went on past the first group and stored two more; its next reads wait
    first.open();
    await first.tried;
    await first.next; // whatever became of it, the stalled one's next group waits
    const stopping = stalled.stop();
    first.kill();
    await stopping;
    second.open();
    await until(async () => (await readModels.readerVersion(MONTHS.name))?.built === true, 'the build');
    await takeover.waitUntilCaughtUp(20_000);

    const reference = new SqliteReadModelStore({ filename: ':memory:' });
    open.push(reference);
    await projectEvents(reference, await allEvents(events), { projections: [MONTHS], batchSize: 500 });
    const answers = async (store: ReadModelStore) => {
      const queries = new ReadModelQueries(store, events);
      const all: unknown[] = [];
      for (const practiceId of practiceOfEachPartition(2))
        for (const month of months)
          all.push(
            await queries.programMetrics(practiceId, month),
            await queries.teamMetrics(practiceId, month),
          );
      return JSON.stringify(all);
    };
    expect(await answers(readModels)).toBe(await answers(reference));
  });
});
