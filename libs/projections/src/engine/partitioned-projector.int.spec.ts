import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ccm/event-store';
import { ALL_PROJECTIONS } from '../all-projections';
import type { ReadModelStore } from '../read-model-store';
import { RedisReadModelStore } from '../redis/redis-read-model-store';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { collectAnswers } from '../testing/collect-answers';
import { projectEvents } from '../testing/project-events';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server';
import { OTHER_PRACTICE, Scenario, standardStory } from '../testing/scenario';
import { FAST_PROJECTOR, STANDARD_STORY_READS } from '../testing/scenario-fixtures';
import { PartitionCoordinator } from './partition-coordinator';
import { InMemoryPartitionLeases, type PartitionLeases } from './partition-leases';
import { Projector, type ProjectorOptions } from './projector';

const READS = STANDARD_STORY_READS;
const FAST = FAST_PROJECTOR;

let dir: string;
let redis: TestRedisServer;
const open: { stop?: () => Promise<void>; close?: () => Promise<void> }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ccm-partitioned-projector-'));
  redis = await startRedisServer();
});
afterEach(async () => {
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
  let readModels: ReadModelStore;
  if (kind === 'sqlite')
    readModels = new SqliteReadModelStore({ filename: join(dir, `rm-${counter}.sqlite`) });
  else {
    const store = new RedisReadModelStore({ url: redis.url });
    await store.ready();
    const { default: Redis } = await import('ioredis');
    const client = new Redis(redis.url);
    await client.flushall();
    client.disconnect();
    readModels = store;
  }
  open.push(readModels);
  return { events, readModels };
}

function projector(options: Omit<ProjectorOptions, 'projections'>): Projector {
  const created = new Projector({ projections: ALL_PROJECTIONS, ...FAST, ...options });
  open.push(created);
  return created;
}

async function reference(events: SqliteEventStore, reads = READS): Promise<Record<string, string>> {
  const clean = new SqliteReadModelStore({ filename: ':memory:' });
  await projectEvents(clean, await new Scenario(events).events(), { batchSize: 1000 });
  const answers = await collectAnswers(clean, events, reads);
  await clean.close();
  return answers;
}

describe.each(['sqlite', 'redis'] as const)('a partitioned projector on %s', (kind) => {
  it('works every partition (one of them empty) and answers what one projection of everything answers', async () => {
    const { events, readModels } = await stores(kind);
    const following = projector({ eventStore: events, readModels, partitions: 3, batchSize: 4 });
    following.start();
    await standardStory(new Scenario(events));
    await following.waitUntilCaughtUp();
    expect(await collectAnswers(readModels, events, READS)).toEqual(await reference(events));
    for (const { name } of ALL_PROJECTIONS) {
      const [version] = await readModels.versions(name);
      expect(version).toMatchObject({ partitions: 3, active: true });
      // Every partition has applied up to the store's head, the empty one included.
      expect(new Set(version.checkpoints).size).toBe(1);
    }
    expect(following.workedPartitions()).toEqual([0, 1, 2]);
    expect(following.status().map((s) => s.partition)).toEqual(
      ALL_PROJECTIONS.flatMap(() => [0, 1, 2]).sort((a, b) => a - b),
    );
  });

  it('rebuilds into a version of the new partition count on start, then drops the old one', async () => {
    const { events, readModels } = await stores(kind);
    await standardStory(new Scenario(events));
    const first = projector({ eventStore: events, readModels });
    first.start();
    await first.waitUntilCaughtUp();
    await first.stop();
    const before = (await readModels.versions('patient-months'))[0];
    expect(before.partitions).toBe(1);

    const second = projector({ eventStore: events, readModels, partitions: 2 });
    second.start();
    await second.waitUntilCaughtUp();
    const deadline = Date.now() + 10_000;
    while ((await readModels.versions('patient-months')).length > 1 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const [after] = await readModels.versions('patient-months');
    expect(after).toMatchObject({ partitions: 2, active: true });
    expect(after.version).toBeGreaterThan(before.version);
    expect(await collectAnswers(readModels, events, READS)).toEqual(await reference(events));
  });
});

/** Leases that fail for one owner from a moment on: that process has lost its way to the lease store. */
function cutOff(leases: PartitionLeases, owner: string): { leases: PartitionLeases; cut(): void } {
  let cut = false;
  const guard = <T>(who: string, call: () => Promise<T>): Promise<T> =>
    cut && who === owner ? Promise.reject(new Error('lease store unreachable')) : call();
  return {
    cut: () => void (cut = true),
    leases: {
      heartbeat: (o, ttl) => guard(o, () => leases.heartbeat(o, ttl)),
      acquire: (p, o, ttl) => guard(o, () => leases.acquire(p, o, ttl)),
      renew: (p, o, ttl) => guard(o, () => leases.renew(p, o, ttl)),
      release: (p, o) => guard(o, () => leases.release(p, o)),
      holders: (n) => leases.holders(n),
      close: () => leases.close(),
    },
  };
}

describe('projectors sharing partitions through leases', () => {
  it('split the partitions, and the survivor takes those of one cut off from the leases', async () => {
    const { events, readModels } = await stores('sqlite');
    const shared = cutOff(new InMemoryPartitionLeases(), 'a');
    const started = (owner: string) => {
      const worker = projector({ eventStore: events, readModels, partitions: 4, assignedPartitions: true });
      worker.start();
      const coordinator = new PartitionCoordinator({
        leases: shared.leases,
        projector: worker,
        partitions: 4,
        owner,
        leaseMs: 300,
      });
      coordinator.start();
      open.push(coordinator);
      return worker;
    };
    const a = started('a');
    const b = started('b');
    await standardStory(new Scenario(events));
    await b.waitUntilCaughtUp();
    const split = Date.now() + 5_000;
    while (a.workedPartitions().length !== 2 && Date.now() < split)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect([...a.workedPartitions(), ...b.workedPartitions()].sort()).toEqual([0, 1, 2, 3]);
    expect(a.workedPartitions()).toHaveLength(2);

    shared.cut();
    const takeover = Date.now() + 5_000;
    while (b.workedPartitions().length < 4 && Date.now() < takeover)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(a.workedPartitions()).toEqual([]);
    expect(b.workedPartitions()).toEqual([0, 1, 2, 3]);
    // Recorded after the cut: only the survivor can apply it.
    await new Scenario(events).enrol('pt-9', OTHER_PRACTICE);
    await b.waitUntilCaughtUp();
    const reads = { ...READS, practices: { ...READS.practices, [OTHER_PRACTICE]: ['pt-1', 'pt-9'] } };
    expect(await collectAnswers(readModels, events, reads)).toEqual(await reference(events, reads));
  });
});
