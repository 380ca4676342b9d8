import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis, { Cluster } from 'ioredis';
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

describe('RedisPartitionLeases on Redis Cluster (private one-node cluster)', () => {
  let node: ChildProcess | undefined;
  let dir: string | undefined;
  let cluster: Cluster | undefined;

  beforeAll(async () => {
    const port = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'ccm-redis-cluster-'));
    const spawned = spawn(
      'redis-server',
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
        ...['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf')],
        // Without an announced address a lone node reports an empty ip in CLUSTER SLOTS.
        ...['--cluster-announce-ip', '127.0.0.1'],
      ],
      { stdio: 'ignore' },
    );
    node = spawned;
    const failed = new Promise<never>((_, reject) => {
      spawned.once('error', reject);
      spawned.once('exit', (code) => reject(new Error(`redis-server (cluster) exited with ${code}`)));
    });
    failed.catch(() => undefined);
    const setup = new Redis(port, '127.0.0.1', { retryStrategy: (attempt) => (attempt > 200 ? null : 25) });
    setup.on('error', () => undefined);
    try {
      await Promise.race([setup.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383'), failed]);
      while (!String(await setup.call('CLUSTER', 'INFO')).includes('cluster_state:ok')) await sleep(25);
    } finally {
      setup.disconnect();
    }
    cluster = new Cluster([{ host: '127.0.0.1', port }]);
  });
  afterAll(async () => {
    cluster?.disconnect();
    const running = node;
    if (running && running.exitCode === null && running.signalCode === null) {
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs each script on its own key slot and reads holders key by key', async () => {
    if (!cluster) throw new Error('cluster did not start');
    const slots = await Promise.all(
      [0, 1, 2].map((p) => cluster?.call('CLUSTER', 'KEYSLOT', `ccm:@lease:{p${p}}`)),
    );
    expect(new Set(slots).size).toBe(3);
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
