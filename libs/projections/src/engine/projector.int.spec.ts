import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ccm/event-store';
import { ALL_PROJECTIONS } from '../all-projections';
import type { ReadModelStore } from '../read-model-store';
import { RedisReadModelStore } from '../redis/redis-read-model-store';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { collectAnswers } from '../testing/collect-answers';
import { failingPartway } from '../testing/faulty-store';
import { projectEvents } from '../testing/project-events';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server';
import { PRACTICE, Scenario, standardStory } from '../testing/scenario';
import { FAST_PROJECTOR, STANDARD_STORY_READS } from '../testing/scenario-fixtures';
import { Projector } from './projector';

const READS = STANDARD_STORY_READS;
const FAST = FAST_PROJECTOR;

let dir: string;
let redis: TestRedisServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ccm-projector-'));
  redis = await startRedisServer();
});

/** What a one-off projection of everything in the event store answers: every other run must answer the same. */
async function reference(events: SqliteEventStore): Promise<Record<string, string>> {
  const clean = new SqliteReadModelStore({ filename: ':memory:' });
  await projectEvents(clean, await new Scenario(events).events(), { batchSize: 1000 });
  const answers = await collectAnswers(clean, events, READS);
  await clean.close();
  return answers;
}

afterAll(async () => {
  await redis.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Closed after each test even when it fails, so jest always exits. */
const open: { close?: () => Promise<void>; stop?: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const resource of open.splice(0).reverse()) await (resource.stop ?? resource.close)?.call(resource);
  redis.resume();
});

let counter = 0;
function eventStore(): SqliteEventStore {
  const store = new SqliteEventStore({
    filename: join(dir, `events-${++counter}.sqlite`),
    synchronous: 'NORMAL',
    pollIntervalMs: 50,
  });
  open.push(store);
  return store;
}

function projector(options: Omit<ConstructorParameters<typeof Projector>[0], 'projections'>): Projector {
  const created = new Projector({ projections: ALL_PROJECTIONS, ...FAST, ...options });
  open.push(created);
  return created;
}

async function readModels(kind: 'sqlite' | 'redis'): Promise<ReadModelStore> {
  if (kind === 'sqlite') {
    const sqlite = new SqliteReadModelStore({ filename: join(dir, `rm-${++counter}.sqlite`) });
    open.push(sqlite);
    return sqlite;
  }
  const store = new RedisReadModelStore({ url: redis.url, commandTimeoutMs: 300 });
  open.push(store);
  await store.ready();
  // Each test starts from an empty Redis: the server is shared by the suite.
  for (const p of ALL_PROJECTIONS) {
    for (const v of await store.versions(p.name)) {
      if (!v.active) await store.dropVersion({ projection: p.name, version: v.version });
    }
  }
  return store;
}

async function flushRedis(): Promise<void> {
  const { default: Redis } = await import('ioredis');
  const client = new Redis(redis.url);
  await client.flushall();
  client.disconnect();
}

describe.each(['sqlite', 'redis'] as const)('projector on %s', (kind) => {
  beforeEach(async () => {
    if (kind === 'redis') await flushRedis();
  });

  it('follows the store live, in batches, and answers what a one-off projection answers', async () => {
    const events = eventStore();
    const store = await readModels(kind);
    const batches: number[] = [];
    const following = projector({
      eventStore: events,
      readModels: store,
      batchSize: 5,
      onBatch: (b) => batches.push(b.events),
    });
    following.start();
    // Live before the first event: a backlog would be built a group of streams at a time instead.
    while (!following.status().every((s) => s.state === 'live'))
      await new Promise((resolve) => setTimeout(resolve, 5));
    await standardStory(new Scenario(events));
    await following.waitUntilCaughtUp();
    expect(await collectAnswers(store, events, READS)).toEqual(await reference(events));
    expect(following.status().every((s) => s.state === 'live' && s.lastError === null)).toBe(true);
    expect((await following.lag()).every((l) => l.behind === 0 && l.checkpoint === l.head)).toBe(true);
    expect(Math.max(...batches)).toBeLessThanOrEqual(5);
  });

  it('answers the same when its read models are at different positions', async () => {
    const events = eventStore();
    const store = await readModels(kind);
    await standardStory(new Scenario(events));
    // The month read model alone gets a head start, so the read models then run out of step.
    let batches = 0;
    const headStart = new Projector({
      ...FAST,
      eventStore: events,
      readModels: store,
      projections: ALL_PROJECTIONS.filter((p) => p.name === 'patient-months'),
      batchSize: 7,
      onBatch: () => void batches++,
    });
    open.push(headStart);
    headStart.start();
    while (batches < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await headStart.stop();
    const following = projector({ eventStore: events, readModels: store, batchSize: 3 });
    following.start();
    await following.waitUntilCaughtUp();
    expect(batches).toBeGreaterThanOrEqual(2);
    expect(await collectAnswers(store, events, READS)).toEqual(await reference(events));
  });

  it('loses nothing and applies nothing twice when stopped mid-batch and restarted', async () => {
    const events = eventStore();
    await standardStory(new Scenario(events));
    const store = await readModels(kind);
    const faulty = failingPartway(store, 2);
    const first = projector({ eventStore: events, readModels: faulty, batchSize: 4 });
    first.start();
    const deadline = Date.now() + 5000;
    while (faulty.failures < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await first.stop();
    expect(faulty.failures).toBeGreaterThanOrEqual(3);
    const stopped = await first.lag();
    expect(stopped.some((l) => l.behind > 0)).toBe(true);

    const second = projector({ eventStore: events, readModels: store, batchSize: 4 });
    second.start();
    await second.waitUntilCaughtUp();
    expect(await collectAnswers(store, events, READS)).toEqual(await reference(events));
  });
});

describe('projector while Redis is unavailable', () => {
  beforeEach(flushRedis);

  it('keeps accepting commands, retries with backoff while Redis hangs, then catches up', async () => {
    const events = eventStore();
    const store = await readModels('redis');
    const scenario = new Scenario(events);
    const following = projector({ eventStore: events, readModels: store, batchSize: 50 });
    following.start();
    await following.waitUntilCaughtUp();
    redis.pause();
    // Commands only need the event store: the whole story is recorded while Redis does not answer.
    await standardStory(scenario);
    await waitFor(() => following.status().some((s) => s.state === 'retrying' && s.retries >= 2));
    redis.resume();
    await following.waitUntilCaughtUp(15_000);
    expect(await collectAnswers(store, events, READS)).toEqual(await reference(events));
    expect(following.status().every((s) => s.lastError === null)).toBe(true);
  });

  it('rebuilds from the start when Redis comes back empty (restarted without persistence)', async () => {
    const events = eventStore();
    const store = await readModels('redis');
    const scenario = new Scenario(events);
    const following = projector({ eventStore: events, readModels: store, batchSize: 50 });
    following.start();
    await standardStory(scenario);
    await following.waitUntilCaughtUp();
    await redis.stop();
    await scenario.at('2026-03-31T15:00:00Z').logTime('pt-2', 'late-1', '2026-03-30', '10:00', 5);
    await waitFor(() => following.status().some((s) => s.state === 'retrying'));
    await redis.start();
    await following.waitUntilCaughtUp(15_000);
    const timeline = await collectAnswers(store, events, {
      ...READS,
      practices: { [PRACTICE]: ['pt-2'] },
      months: [],
    });
    expect(timeline[`${PRACTICE}/pt-2/timeline`]).toContain(
      '5 min CCM by rn-lopez (clinical staff): care coordination call, 2026-03-30 10:00',
    );
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
