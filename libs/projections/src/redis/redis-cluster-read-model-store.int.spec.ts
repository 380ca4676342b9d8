import {
  CheckpointConflictError,
  ReadModelStoreUnavailableError,
  type VersionRef,
} from '../read-model-store';
import { doc } from '../testing/contract-documents';
import { practiceOfEachPartition } from '../testing/read-model-store-partition-contract';
import { describeReadModelStoreContract } from '../testing/read-model-store-contract';
import { startRedisCluster, type TestRedisCluster } from '../testing/redis-cluster';
import { redisKeys } from './redis-keys';
import { RedisReadModelStore } from './redis-read-model-store';

jest.setTimeout(60_000);

let cluster: TestRedisCluster;
beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1, nodeTimeoutMs: 1000 });
});
afterAll(() => cluster.close());

describeReadModelStoreContract('Redis Cluster (3 masters, 3 replicas)', async () => {
  const store = new RedisReadModelStore({ url: cluster.url });
  await store.ready();
  return { store, close: () => store.close() };
});

describe('Redis Cluster read models across a master failover', () => {
  it('keeps each partition on its own slot, fails batches while the master is gone, and goes on after', async () => {
    const store = new RedisReadModelStore({ url: cluster.url, commandTimeoutMs: 1000 });
    await store.ready();
    const partitions = 6;
    const practices = practiceOfEachPartition(partitions);
    const ref: VersionRef = { projection: 'failover-probe', version: 0 };
    const version = await store.createVersion(ref.projection, 1, partitions);
    const probe = { ...ref, version };
    // The partitions spread over the masters: their checkpoints hash to more than one node.
    const masters = new Set<number>();
    for (let partition = 0; partition < partitions; partition++)
      masters.add(await cluster.masterForKey(redisKeys.checkpoint({ ...probe, partition })));
    expect(masters.size).toBeGreaterThan(1);
    for (let partition = 0; partition < partitions; partition++) {
      await store.applyBatch(probe, {
        partition,
        expectedCheckpoint: null,
        checkpoint: '1/1',
        writes: [doc(practices[partition], 'c', 'x', { round: 1 })],
      });
    }

    const victim = await cluster.masterForKey(redisKeys.checkpoint({ ...probe, partition: 0 }));
    await cluster.killMaster(victim);
    const second = (partition: number) =>
      store.applyBatch(probe, {
        partition,
        expectedCheckpoint: '1/1',
        checkpoint: '2/2',
        writes: [doc(practices[partition], 'c', 'x', { round: 2 })],
      });
    // Until a replica takes over, the partition cannot be written: unavailable (retried), never half-done.
    const during = await second(0).then(
      () => 'written',
      (error: unknown) => error,
    );
    expect(during === 'written' || during instanceof ReadModelStoreUnavailableError).toBe(true);
    await cluster.waitForFailover(victim, 20_000);
    const deadline = Date.now() + 20_000;
    for (let partition = 0; partition < partitions; partition++) {
      for (;;) {
        try {
          await second(partition);
          break;
        } catch (error) {
          // Written before the failover completed (or by the attempt above): the checkpoint says so.
          if (
            error instanceof CheckpointConflictError &&
            (await store.checkpoint(probe, partition)) === '2/2'
          )
            break;
          if (!(error instanceof ReadModelStoreUnavailableError) || Date.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    }
    expect(await store.checkpoint(probe)).toBe('2/2');
    const found = await store.getDocuments(
      probe,
      practices.map((practiceId) => ({ practiceId, collection: 'c', id: 'x' })),
    );
    expect(found.map((d) => d?.json)).toEqual(practices.map(() => '{"round":2}'));
    await store.close();
  });
});
