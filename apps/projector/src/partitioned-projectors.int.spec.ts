import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@ccm/event-store';
import {
  ALL_PROJECTIONS,
  connectRedis,
  measureLags,
  partitionOf,
  RedisPartitionLeases,
  RedisReadModelStore,
  SqliteReadModelStore,
  waitUntilCaughtUp,
} from '@ccm/projections';
import { PatientRecords, PracticeRecords } from '@ccm/record';
import { seedClinic } from '@ccm/synthetic-clinic';
import { collectAnswers } from '../../../libs/projections/src/testing/collect-answers';
import { projectEvents } from '../../../libs/projections/src/testing/project-events';
import {
  startRedisCluster,
  type TestRedisCluster,
} from '../../../libs/projections/src/testing/redis-cluster';
import { redisKeys } from '../../../libs/projections/src/redis/redis-keys';
import { Scenario } from '../../../libs/projections/src/testing/scenario';
import { startProjectorChild } from './testing/projector-child';

const PARTITIONS = 4;
const LEASE_MS = 1500;
const MONTHS = ['2026-02', '2026-03'];
const NOW = new Date('2026-03-31T17:00:00Z');

jest.setTimeout(240_000);

let cluster: TestRedisCluster;
let dir: string;
let events: SqliteEventStore;
const children: ChildProcess[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1, nodeTimeoutMs: 1000 });
  dir = mkdtempSync(join(tmpdir(), 'ccm-partitioned-'));
  events = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await events.close();
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

async function seedPractice(practiceId: string, patients: number, seed: number): Promise<void> {
  const clock = { now: () => new Date('2026-04-01T15:00:00Z') };
  const practices = new PracticeRecords(events, clock);
  await seedClinic(
    { practices, patients: new PatientRecords(events, practices, clock), clock },
    { practiceId, patients, months: 2, seed, lastDay: '2026-03-31' },
  );
}

/** A few patients of each practice, every read, as one read model built by one projection of everything. */
async function expectedAnswers(all: readonly RecordedEvent[]) {
  const practices: Record<string, string[]> = {};
  for (const e of all) {
    const match = /^ccm\.patient\.([^.]+)\.(.+)$/.exec(e.streamId);
    if (!match) continue;
    const ids = (practices[match[1]] ??= []);
    if (!ids.includes(match[2]) && ids.length < 4) ids.push(match[2]);
  }
  const reads = { practices, months: MONTHS, now: NOW };
  const reference = new SqliteReadModelStore({ filename: ':memory:' });
  await projectEvents(reference, all, { batchSize: 1000 });
  const answers = await collectAnswers(reference, events, reads);
  await reference.close();
  return { reads, answers };
}

function startProjector(owner: string): ChildProcess {
  const child = startProjectorChild({
    ...process.env,
    CCM_DATA_DIR: dir,
    EVENT_STORE: 'sqlite',
    READ_MODEL_STORE: 'redis',
    REDIS_URL: cluster.url,
    READ_MODEL_PARTITIONS: String(PARTITIONS),
    PROJECTOR_LEASE_MS: String(LEASE_MS),
    PROJECTOR_OWNER: owner,
    PROJECTOR_BATCH_SIZE: '50',
    HEALTH_PORT: '0',
    NODE_ENV: 'test',
  });
  children.push(child);
  return child;
}

describe('projector processes sharing partitioned read models on a Redis Cluster', () => {
  it('share the partitions, take over a killed one, ride out a master failover, and answer as one', async () => {
    for (const [i, practiceId] of ['north', 'south', 'east', 'west'].entries())
      await seedPractice(practiceId, 10, i + 1);
    const readModels = new RedisReadModelStore({ url: cluster.url });
    await readModels.ready();
    const leaseClient = connectRedis(cluster.url, { connectionName: 'spec-leases' });
    const leases = new RedisPartitionLeases(leaseClient, { keepClientOpen: true });
    const caughtUp = (timeoutMs: number) =>
      waitUntilCaughtUp(() => measureLags(events, readModels, ALL_PROJECTIONS), timeoutMs);
    const answered = async () => {
      const { reads, answers } = await expectedAnswers(await new Scenario(events).events());
      expect(await collectAnswers(readModels, events, reads)).toEqual(answers);
    };
    try {
      const first = startProjector('projector-a');
      startProjector('projector-b');
      await caughtUp(120_000);
      // Both work: each holds half the partitions once both are up.
      const deadline = Date.now() + 30_000;
      let holders = await leases.holders(PARTITIONS);
      // Every partition held, by both processes (a lease that lapsed under load is taken again first).
      const shared = (h: readonly (string | null | undefined)[]) =>
        h.every((owner) => typeof owner === 'string') && new Set(h).size === 2;
      while (!shared(holders) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        holders = await leases.holders(PARTITIONS);
      }
      expect([...new Set(holders)].sort()).toEqual(['projector-a', 'projector-b']);
      const [monthsVersion] = (await readModels.versions('patient-months')).filter((v) => v.active);
      expect(monthsVersion.partitions).toBe(PARTITIONS);
      await answered();

      // A killed projector's partitions go to the other once its leases expire.
      first.kill('SIGKILL');
      await seedPractice('harbour', 8, 7);
      await seedPractice('valley', 8, 8);
      await caughtUp(LEASE_MS + 30_000);
      expect(await leases.holders(PARTITIONS)).toEqual(Array(PARTITIONS).fill('projector-b'));
      await answered();

      // A master holding a partition dies: its replica takes over and the projector goes on.
      const victim = await cluster.masterForKey(
        redisKeys.checkpoint({
          projection: 'patient-months',
          version: monthsVersion.version,
          partition: partitionOf('ridge', PARTITIONS),
        }),
      );
      await cluster.killMaster(victim);
      await seedPractice('ridge', 8, 9);
      await cluster.waitForFailover(victim, 20_000);
      await caughtUp(60_000);
      await answered();
    } finally {
      leaseClient.disconnect();
      await readModels.close();
    }
  });
});
