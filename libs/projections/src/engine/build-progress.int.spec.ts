/**
 * A build from nothing (a first start, a layout migration, a new partition count, `projections rebuild`)
 * reads the partitions' streams and moves their checkpoints only at its end. Its progress must still be
 * visible from the stores, to whichever process asks: the api's 503 READ_MODEL_REBUILDING body and
 * /health/projections read them, not the building process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, streamInventory, type GlobalPosition, type RecordedEvent } from '@ccm/event-store';
import { ALL_PROJECTIONS } from '../all-projections';
import type { ReadModelBatch, ReadModelStore, VersionRef } from '../read-model-store';
import { RedisReadModelStore } from '../redis/redis-read-model-store';
import { ReadModelQueries } from '../queries/read-model-queries';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
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
const GROUP = 200;

let dir: string;
let redis: TestRedisServer;
let seeded: RecordedEvent[];
const open: { stop?: () => Promise<void>; close?: () => Promise<void> }[] = [];
/** Builds held part way: released after each test, so that a failed one still stops. */
const releases: (() => void)[] = [];

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
  for (const release of releases.splice(0)) release();
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

/**
 * The store, except that the watched read model's `hold`-th group of a build (a batch with build progress
 * and no checkpoint, of partition 0) waits until released: the build stands still part way through.
 * Released with `write: false`, the group is never written (its process is gone).
 */
function holdingGroup(store: ReadModelStore, hold: number) {
  let groups = 0;
  let release!: (write?: boolean) => void;
  const released = new Promise<boolean>((resolve) => (release = (write = true) => resolve(write)));
  releases.push(release);
  let reached!: () => void;
  const held = new Promise<void>((resolve) => (reached = resolve));
  const wrapper = Object.create(store) as ReadModelStore;
  wrapper.applyBatch = async (ref: VersionRef, batch: ReadModelBatch) => {
    const group = batch.checkpoint === null && batch.build !== undefined && batch.writes.length > 0;
    if (ref.projection === WATCHED.name && group && (batch.partition ?? 0) === 0 && ++groups >= hold) {
      reached();
      if (!(await released)) throw new Error('the process died');
    }
    return store.applyBatch(ref, batch);
  };
  return { store: wrapper, held, release };
}

/** Every page of every patient's audit trail, as JSON text. */
async function auditAnswers(readModels: ReadModelStore, streamIds: readonly string[]): Promise<string[]> {
  const queries = new ReadModelQueries(readModels);
  const answers: string[] = [];
  for (const streamId of streamIds) {
    const [, , practiceId, patientId] = streamId.split('.');
    let cursor: string | undefined;
    do {
      const found = await queries.auditTrail(practiceId, patientId, { limit: 5, cursor });
      if (!found.found) throw new Error(`no audit trail for ${streamId}`);
      answers.push(JSON.stringify(found.answer.body));
      cursor = found.answer.body.nextCursor ?? undefined;
    } while (cursor);
  }
  return answers;
}

async function allEvents(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let after: GlobalPosition | undefined; ;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    all.push(...page.events);
    after = page.lastPosition ?? after;
    if (page.isEnd) return all;
  }
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(['sqlite', 'redis'] as const)('progress of a build from nothing on %s', (kind) => {
  it.each([1, 2])('shows from the stores while a projector of %i partitions builds', async (partitions) => {
    const { events, readModels } = await stores(kind);
    const total = await events.countAll(CCM_STREAMS);
    const holding = holdingGroup(readModels, 3);
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
    const holding = holdingGroup(readModels, 2);
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
    const holding = holdingGroup(readModels, 3);
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
    expect(await auditAnswers(readModels, patientStreams)).toEqual(
      await auditAnswers(reference, patientStreams),
    );
  });

  it('leaves the answers of one projection when two projectors build the same partition at once', async () => {
    // As when a lease lapses while its holder still works. The contract suite shows a commit that does not
    // find the progress it went on from refused; here both builders still finish, and answer right.
    const { events, readModels } = await stores(kind);
    const options = { ...FAST_PROJECTOR, projections: [WATCHED], batchSize: 50 };
    const builders = [0, 1].map(() => new Projector({ ...options, eventStore: events, readModels }));
    open.push(...builders);
    for (const builder of builders) builder.start();
    await until(async () => (await readModels.readerVersion(WATCHED.name))?.built === true, 'the build');
    await Promise.all(builders.map((b) => b.waitUntilCaughtUp(20_000)));
    const ids = (await streamInventory(events, CCM_STREAMS)).streams.map((s) => s.streamId);
    const patientStreams = ids.filter((id) => id.startsWith('ccm.patient.'));
    const reference = new SqliteReadModelStore({ filename: ':memory:' });
    open.push(reference);
    await projectEvents(reference, await allEvents(events), { projections: [WATCHED], batchSize: 500 });
    expect(await auditAnswers(readModels, patientStreams)).toEqual(
      await auditAnswers(reference, patientStreams),
    );
  });
});
