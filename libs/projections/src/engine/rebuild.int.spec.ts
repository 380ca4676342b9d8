import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPosition, MAX_PAGE_SIZE, SqliteEventStore } from '@ccm/event-store';
import { ALL_PROJECTIONS, projectionsNamed } from '../all-projections';
import type { ReadModelStore } from '../read-model-store';
import { RedisReadModelStore } from '../redis/redis-read-model-store';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { appendChained } from '../testing/append-chained';
import { collectAnswers } from '../testing/collect-answers';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server';
import { OTHER_PRACTICE, PRACTICE, Scenario, standardStory } from '../testing/scenario';
import { Projector } from './projector';
import { rebuildProjections, type RebuildProgress } from './rebuild';

const READS = {
  practices: { [PRACTICE]: ['pt-1', 'pt-2'], [OTHER_PRACTICE]: ['pt-1'] },
  months: ['2026-02', '2026-03'],
  now: new Date('2026-03-31T17:00:00Z'),
};

let dir: string;
let redis: TestRedisServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ccm-rebuild-'));
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.close();
  rmSync(dir, { recursive: true, force: true });
});

const activeVersions = async (store: ReadModelStore) =>
  Object.fromEntries(
    await Promise.all(ALL_PROJECTIONS.map(async (p) => [p.name, await store.activeVersion(p.name)])),
  );

describe.each(['sqlite', 'redis'] as const)('rebuild on %s', (kind) => {
  let events: SqliteEventStore;
  let store: ReadModelStore;
  let projector: Projector;
  let scenario: Scenario;

  beforeEach(async () => {
    events = new SqliteEventStore({
      filename: join(dir, `events-${kind}-${Date.now()}.sqlite`),
      pollIntervalMs: 50,
    });
    if (kind === 'sqlite')
      store = new SqliteReadModelStore({ filename: join(dir, `rm-${Date.now()}.sqlite`) });
    else {
      const redisStore = new RedisReadModelStore({ url: redis.url });
      await redisStore.ready();
      store = redisStore;
    }
    scenario = await standardStory(new Scenario(events));
    projector = new Projector({
      eventStore: events,
      readModels: store,
      projections: ALL_PROJECTIONS,
      idleFlushMs: 10,
      versionCheckMs: 20,
    });
    projector.start();
    await projector.waitUntilCaughtUp();
  });
  afterEach(async () => {
    await projector.stop();
    if (kind === 'redis') {
      const { default: Redis } = await import('ioredis');
      const client = new Redis(redis.url);
      await client.flushall();
      client.disconnect();
    }
    await store.close();
    await events.close();
  });

  it('rebuilds every read model into new versions with progress; readers switch only once it has caught up', async () => {
    const before = await collectAnswers(store, events, READS);
    const oldVersions = await activeVersions(store);
    const progress: RebuildProgress[] = [];
    const duringRebuild: Promise<number | undefined>[] = [];
    const results = await rebuildProjections({
      eventStore: events,
      readModels: store,
      projections: ALL_PROJECTIONS,
      batchSize: 5,
      progressIntervalMs: 0,
      dropDelayMs: 50,
      onProgress: (p) => {
        progress.push(p);
        // What a reader resolves while the new versions fill.
        if (p.phase === 'projecting') duringRebuild.push(store.activeVersion('patient-months'));
      },
    });
    expect(duringRebuild.length).toBeGreaterThan(2);
    expect(new Set(await Promise.all(duringRebuild))).toEqual(new Set([oldVersions['patient-months']]));
    const total = (await scenario.events()).length;
    expect(progress[0].phase).toBe('counting');
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ phase: 'done', eventsDone: total, eventsTotal: total });
    const projecting = progress.filter((p) => p.phase === 'projecting');
    expect(projecting.map((p) => p.eventsDone)).toEqual(
      [...projecting.map((p) => p.eventsDone)].sort((a, b) => a - b),
    );
    expect(projecting.some((p) => p.secondsLeft !== null && p.eventsPerSecond > 0)).toBe(true);
    // The rate reported at the end is the projecting's, not diluted by the switch and the drop delay.
    expect(last.eventsPerSecond).toBe(projecting[projecting.length - 1].eventsPerSecond);

    const newVersions = await activeVersions(store);
    for (const r of results) {
      expect(r.previousVersion).toBe(oldVersions[r.projection]);
      expect(newVersions[r.projection]).toBe(r.version);
      expect(r.version).toBeGreaterThan(r.previousVersion!);
      expect((await store.versions(r.projection)).map((v) => v.version)).toEqual([r.version]);
    }
    expect(await collectAnswers(store, events, READS)).toEqual(before);

    // The live projector moves to the new versions and keeps projecting into them.
    await scenario.at('2026-03-31T16:00:00Z').logTime('pt-2', 'after-rebuild', '2026-03-31', '09:00', 7);
    await projector.waitUntilCaughtUp();
    await waitFor(() => projector.status().every((s) => s.version === newVersions[s.projection]));
    const timeline = (
      await collectAnswers(store, events, { ...READS, practices: { [PRACTICE]: ['pt-2'] }, months: [] })
    )[`${PRACTICE}/pt-2/timeline`];
    expect(timeline).toContain('7 min CCM by rn-lopez');
  });

  it('gives the same answers when its memory of written keys is bounded and dropped midway', async () => {
    const before = await collectAnswers(store, events, READS);
    await rebuildProjections({
      eventStore: events,
      readModels: store,
      projections: ALL_PROJECTIONS,
      batchSize: 5,
      dropDelayMs: 0,
      maxKnownKeys: 3,
    });
    expect(await collectAnswers(store, events, READS)).toEqual(before);
  });

  it.each([
    // One batch per read model, and the switch.
    ['store', 2],
    // One group of streams (a stream longer than a page read whole), the pass's end, and the switch.
    ['by-stream', 3],
  ] as const)(
    'in %s order, fills a batch from several pages of the store, checkpointing after the last event it read',
    async (order, commitsPerReadModel) => {
      const before = await collectAnswers(store, events, READS);
      // Events no read model uses still advance the checkpoints; these make the store longer than a page.
      const noise = Array.from({ length: MAX_PAGE_SIZE + 10 }, (_, i) => ({
        type: 'SomethingElse',
        data: { i },
      }));
      const { position } = await appendChained(events, 'ccm.noise', noise);
      const committed: number[] = [];
      const recording = Object.create(store) as ReadModelStore;
      recording.applyBatch = (ref, batch) => {
        committed.push(batch.writes.length);
        return store.applyBatch(ref, batch);
      };
      const results = await rebuildProjections({
        eventStore: events,
        readModels: recording,
        projections: ALL_PROJECTIONS,
        batchSize: MAX_PAGE_SIZE * 3,
        dropDelayMs: 0,
        order,
      });
      expect(committed).toHaveLength(ALL_PROJECTIONS.length * commitsPerReadModel);
      for (const r of results) expect(r.checkpoint).toBe(formatPosition(position));
      expect(await collectAnswers(store, events, READS)).toEqual(before);
    },
  );

  it('keeps readers on the old version until the switch, and rebuilds one read model alone', async () => {
    const [auditTrail] = projectionsNamed(['audit-trail']);
    const old = await store.activeVersion('audit-trail');
    const others = await activeVersions(store);
    let seenDuring: number | undefined;
    await rebuildProjections({
      eventStore: events,
      readModels: store,
      projections: [auditTrail],
      batchSize: 3,
      progressIntervalMs: 0,
      dropDelayMs: 0,
      keepOldVersions: true,
      onProgress: (p) => {
        if (p.phase === 'projecting' && p.eventsDone > 0 && seenDuring === undefined) {
          void store.activeVersion('audit-trail').then((v) => (seenDuring = v));
        }
      },
    });
    expect(seenDuring).toBe(old);
    const after = await activeVersions(store);
    expect(after['audit-trail']).toBeGreaterThan(old!);
    expect({ ...after, 'audit-trail': old }).toEqual(others);
    expect((await store.versions('audit-trail')).map((v) => [v.version, v.active])).toEqual([
      [old, false],
      [after['audit-trail'], true],
    ]);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
