import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPosition, SqliteEventStore } from '@ccm/event-store';
import { ALL_PROJECTIONS, layoutOf, RETIRED_READ_MODELS } from '../all-projections';
import { AUDIT_TRAIL } from '../audit-trail/audit-trail.projection';
import { ReadModelNotReadyError } from '../queries/read-model-reader';
import { ReadModelQueries } from '../queries/read-model-queries';
import type { ReadModelStore } from '../read-model-store';
import { RedisReadModelStore } from '../redis/redis-read-model-store';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { collectAnswers } from '../testing/collect-answers';
import { projectEvents } from '../testing/project-events';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server';
import { PRACTICE, Scenario, standardStory } from '../testing/scenario';
import { FAST_PROJECTOR, STANDARD_STORY_READS } from '../testing/scenario-fixtures';
import { measureLags } from './projection-lag';
import { Projector } from './projector';

const READS = STANDARD_STORY_READS;
const FAST = FAST_PROJECTOR;

let dir: string;
let redis: TestRedisServer;
const open: { close?: () => Promise<void>; stop?: () => Promise<void> }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ccm-layout-'));
  redis = await startRedisServer();
});
afterEach(async () => {
  for (const resource of open.splice(0).reverse()) await (resource.stop ?? resource.close)?.call(resource);
});
afterAll(async () => {
  await redis.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A data directory written by an earlier release: the audit trail in layout 1 (here, a document the new
 * queries cannot read), built and active at the store's head, and the read models retired since (the
 * three month read models that patient-months replaced, the timeline now read from the audit trail).
 */
async function earlierRelease(store: ReadModelStore, head: string): Promise<number> {
  const old = await store.createVersion(AUDIT_TRAIL, 1);
  await store.applyBatch(
    { projection: AUDIT_TRAIL, version: old },
    {
      expectedCheckpoint: null,
      checkpoint: head,
      writes: [
        {
          key: { practiceId: PRACTICE, collection: 'entry', id: 'pt-1:0' },
          document: { json: '{"layout":1}', lists: [{ list: 'audit:pt-1', sortKey: '000000000000' }] },
        },
      ],
      activate: true,
    },
  );
  for (const retired of Object.keys(RETIRED_READ_MODELS)) {
    const version = await store.createVersion(retired, 1);
    await store.applyBatch(
      { projection: retired, version },
      { expectedCheckpoint: null, checkpoint: head, writes: [], activate: true },
    );
  }
  return old;
}

describe.each(['sqlite', 'redis'] as const)('a data directory of an earlier layout, on %s', (kind) => {
  it('is rebuilt into the new layout on start: readers wait, progress shows, old versions and retired read models go', async () => {
    const events = new SqliteEventStore({ filename: join(dir, `events-${kind}.sqlite`), pollIntervalMs: 50 });
    open.push(events);
    await standardStory(new Scenario(events));
    let store: ReadModelStore;
    if (kind === 'sqlite') store = new SqliteReadModelStore({ filename: join(dir, `rm-${kind}.sqlite`) });
    else {
      const redisStore = new RedisReadModelStore({ url: redis.url });
      await redisStore.ready();
      store = redisStore;
    }
    open.push(store);
    const all = await new Scenario(events).events();
    const old = await earlierRelease(store, formatPosition(all[all.length - 1].position));

    // Before the projector runs, the old layout is not served as if it were the new one.
    const queries = new ReadModelQueries(store, events);
    await expect(queries.timeline(PRACTICE, 'pt-1', {})).rejects.toBeInstanceOf(ReadModelNotReadyError);
    const [auditLag] = await measureLags(
      events,
      store,
      ALL_PROJECTIONS.filter((p) => p.name === AUDIT_TRAIL),
    );
    expect(auditLag).toMatchObject({ replacing: old, built: false });

    const projector = new Projector({
      eventStore: events,
      readModels: store,
      projections: ALL_PROJECTIONS,
      ...FAST,
    });
    open.push(projector);
    projector.start();
    await projector.waitUntilCaughtUp(20_000);

    const clean = new SqliteReadModelStore({ filename: ':memory:' });
    open.push(clean);
    await projectEvents(clean, all, { batchSize: 1000 });
    expect(await collectAnswers(store, events, READS)).toEqual(await collectAnswers(clean, events, READS));
    const versions = await store.versions(AUDIT_TRAIL);
    expect(versions).toEqual([expect.objectContaining({ active: true, layout: layoutOf(AUDIT_TRAIL) })]);
    expect(versions[0].version).not.toBe(old);
    for (const retired of Object.keys(RETIRED_READ_MODELS)) expect(await store.versions(retired)).toEqual([]);
    const lags = await projector.lag();
    expect(lags.every((l) => l.replacing === null && l.built && l.behind === 0)).toBe(true);
  }, 60_000);
});
