import Redis, { Cluster } from 'ioredis';
import { startRedisCluster, type TestRedisCluster } from '../testing/redis-cluster';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server';
import { RedisPartitionLeases } from './redis-partition-leases';

const SHORT_TTL_MS = 300;
const LONG_TTL_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: TestRedisServer;
let admin: Redis;
const opened: RedisPartitionLeases[] = [];
let suite = 0;

beforeAll(async () => {
  server = await startRedisServer();
  admin = new Redis(server.url);
});
afterAll(async () => {
  admin?.disconnect();
  await server?.close();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((leases) => leases.close()));
});

/** Each test gets its own key prefix, so no test sees another's leases. */
function newLeases(): { leases: RedisPartitionLeases; prefix: string } {
  const prefix = `t${++suite}:@lease:`;
  const leases = new RedisPartitionLeases(new Redis(server.url), { keyPrefix: prefix });
  opened.push(leases);
  return { leases, prefix };
}

describe('RedisPartitionLeases (private redis-server)', () => {
  it('acquires a free partition, re-acquires its own, and refuses one held by another owner', async () => {
    const { leases, prefix } = newLeases();
    expect(await leases.acquire(3, 'a', LONG_TTL_MS)).toBe(true);
    expect(await leases.acquire(3, 'a', LONG_TTL_MS)).toBe(true);
    expect(await leases.acquire(3, 'b', LONG_TTL_MS)).toBe(false);
    expect(await admin.get(`${prefix}{p3}`)).toBe('a');
    expect(await admin.pttl(`${prefix}{p3}`)).toBeGreaterThan(LONG_TTL_MS - 5000);
    expect(await leases.holders(5)).toEqual([undefined, undefined, undefined, 'a', undefined]);
  });

  it('uses ccm:@lease: with a hash tag per partition when no prefix is given', async () => {
    const leases = new RedisPartitionLeases(new Redis(server.url));
    opened.push(leases);
    expect(await leases.acquire(7, 'a', LONG_TTL_MS)).toBe(true);
    expect(await admin.get('ccm:@lease:{p7}')).toBe('a');
    await leases.release(7, 'a');
    expect(await admin.exists('ccm:@lease:{p7}')).toBe(0);
  });

  it('renews and releases only for the holder', async () => {
    const { leases, prefix } = newLeases();
    expect(await leases.renew(0, 'a', LONG_TTL_MS)).toBe(false);
    await leases.acquire(0, 'a', SHORT_TTL_MS);
    expect(await leases.renew(0, 'b', LONG_TTL_MS)).toBe(false);
    expect(await leases.renew(0, 'a', LONG_TTL_MS)).toBe(true);
    expect(await admin.pttl(`${prefix}{p0}`)).toBeGreaterThan(SHORT_TTL_MS);
    await leases.release(0, 'b');
    expect(await leases.holders(1)).toEqual(['a']);
    await leases.release(0, 'a');
    expect(await leases.holders(1)).toEqual([undefined]);
    expect(await leases.acquire(0, 'b', LONG_TTL_MS)).toBe(true);
  });

  it('lets exactly one of several competing owners take a partition', async () => {
    const { leases, prefix } = newLeases();
    const rival = new RedisPartitionLeases(new Redis(server.url), { keyPrefix: prefix });
    opened.push(rival);
    for (let partition = 0; partition < 20; partition++) {
      const taken = await Promise.all([
        leases.acquire(partition, 'a', LONG_TTL_MS),
        rival.acquire(partition, 'b', LONG_TTL_MS),
        leases.acquire(partition, 'c', LONG_TTL_MS),
      ]);
      expect(taken.filter(Boolean)).toHaveLength(1);
    }
    const holders = await rival.holders(20);
    expect(holders.every((holder) => holder !== undefined)).toBe(true);
  });

  it('frees a lease after its ttl; the old owner can then neither renew nor release it', async () => {
    const { leases } = newLeases();
    expect(await leases.acquire(1, 'a', SHORT_TTL_MS)).toBe(true);
    expect(await leases.acquire(1, 'b', SHORT_TTL_MS)).toBe(false);
    await sleep(SHORT_TTL_MS + 100);
    expect(await leases.holders(2)).toEqual([undefined, undefined]);
    expect(await leases.acquire(1, 'b', LONG_TTL_MS)).toBe(true);
    expect(await leases.renew(1, 'a', LONG_TTL_MS)).toBe(false);
    await leases.release(1, 'a');
    expect(await leases.holders(2)).toEqual([undefined, 'b']);
  });

  it('lists live owners, sorted, and drops those whose heartbeat expired', async () => {
    const { leases, prefix } = newLeases();
    expect(await leases.heartbeat('b', SHORT_TTL_MS)).toEqual(['b']);
    expect(await leases.heartbeat('a', LONG_TTL_MS)).toEqual(['a', 'b']);
    expect(await leases.heartbeat('b', SHORT_TTL_MS)).toEqual(['a', 'b']);
    await sleep(SHORT_TTL_MS + 100);
    expect(await leases.heartbeat('a', LONG_TTL_MS)).toEqual(['a']);
    expect(await admin.zrange(`${prefix}{owners}`, '0', '-1')).toEqual(['a']);
    // The set expires with its last live owner's heartbeat.
    expect(await admin.pttl(`${prefix}{owners}`)).toBeGreaterThan(LONG_TTL_MS - 5000);
  });

  it('loads its scripts again after the server forgot them', async () => {
    const { leases } = newLeases();
    expect(await leases.acquire(0, 'a', LONG_TTL_MS)).toBe(true);
    expect(await leases.renew(0, 'a', LONG_TTL_MS)).toBe(true);
    await admin.script('FLUSH');
    expect(await leases.acquire(0, 'a', LONG_TTL_MS)).toBe(true);
    expect(await leases.renew(0, 'a', LONG_TTL_MS)).toBe(true);
    expect(await leases.heartbeat('a', LONG_TTL_MS)).toEqual(['a']);
  });

  it('rejects invalid arguments before reaching Redis', async () => {
    const { leases } = newLeases();
    await expect(leases.acquire(-1, 'a', LONG_TTL_MS)).rejects.toThrow(RangeError);
    await expect(leases.acquire(0, 'a', 0.5)).rejects.toThrow(RangeError);
    await expect(leases.heartbeat('', LONG_TTL_MS)).rejects.toThrow(RangeError);
    await expect(leases.holders(0)).rejects.toThrow(RangeError);
    expect(() => new RedisPartitionLeases(admin, { keyPrefix: 'x:{y}:', keepClientOpen: true })).toThrow(
      RangeError,
    );
  });

  it('quits its client on close unless asked to keep it open', async () => {
    const owned = new Redis(server.url);
    await owned.ping();
    const ended = new Promise((resolve) => owned.once('end', resolve));
    await new RedisPartitionLeases(owned).close();
    await ended;
    expect(owned.status).toBe('end');
    await new RedisPartitionLeases(admin, { keepClientOpen: true }).close();
    expect(await admin.ping()).toBe('PONG');
  });
});

describe('RedisPartitionLeases on a Redis Cluster (private, 3 masters)', () => {
  let testCluster: TestRedisCluster;
  let cluster: Cluster | undefined;

  beforeAll(async () => {
    testCluster = await startRedisCluster({ masters: 3, replicasPerMaster: 0 });
    cluster = new Cluster(testCluster.startupNodes);
  }, 60_000);
  afterAll(async () => {
    cluster?.disconnect();
    await testCluster?.close();
  });

  it('runs each script on its own key slot and reads holders key by key', async () => {
    if (!cluster) throw new Error('cluster did not start');
    const slots = await Promise.all(
      [0, 1, 2].map((p) => cluster?.call('CLUSTER', 'KEYSLOT', `ccm:@lease:{p${p}}`)),
    );
    expect(new Set(slots).size).toBe(3);
    // The leases of partitions 0 to 2 live on more than one master: scripts and reads are routed.
    const masters = await Promise.all([0, 1, 2].map((p) => testCluster.masterForKey(`ccm:@lease:{p${p}}`)));
    expect(new Set(masters).size).toBeGreaterThan(1);
    const leases = new RedisPartitionLeases(cluster, { keepClientOpen: true });
    expect(await leases.acquire(0, 'a', LONG_TTL_MS)).toBe(true);
    expect(await leases.acquire(2, 'b', LONG_TTL_MS)).toBe(true);
    expect(await leases.acquire(2, 'a', LONG_TTL_MS)).toBe(false);
    expect(await leases.renew(0, 'a', LONG_TTL_MS)).toBe(true);
    expect(await leases.holders(4)).toEqual(['a', undefined, 'b', undefined]);
    await leases.release(2, 'b');
    expect(await leases.holders(4)).toEqual(['a', undefined, undefined, undefined]);
    expect(await leases.heartbeat('b', LONG_TTL_MS)).toEqual(['b']);
    expect(await leases.heartbeat('a', LONG_TTL_MS)).toEqual(['a', 'b']);
    await leases.close();
    expect(cluster.status).toBe('ready');
  });
});
