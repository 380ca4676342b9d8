import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import {
  assertLeaseTtl,
  assertOwner,
  assertPartition,
  type PartitionLeases,
} from '../engine/partition-leases';
import { assertPartitionCount } from '../partitions';

export interface RedisPartitionLeasesOptions {
  /** Prefix of every lease key; it must not contain `{`, which would move the Redis Cluster hash tag. */
  readonly keyPrefix?: string;
  /** Leave the client open on `close()` (when it is shared). By default the leases own it and quit it. */
  readonly keepClientOpen?: boolean;
}

export const DEFAULT_LEASE_KEY_PREFIX = 'ccm:@lease:';

/**
 * Partition leases in Redis. Each lease is its own key holding the owner with a PX expiry; the heartbeat
 * is a sorted set of owners scored by the time their heartbeat expires. Every script touches a single key
 * whose hash tag (`{p3}`, `{owners}`) picks its slot, so the same code runs on one Redis or a Cluster.
 * Expiry times come from the Redis clock (TIME and PX), never from the projectors' clocks, which may
 * disagree.
 *
 *   <prefix>{p<n>}      string: owner of partition n, PX ttl
 *   <prefix>{owners}    sorted set: owner -> heartbeat expiry (ms, Redis clock)
 */
export class RedisPartitionLeases implements PartitionLeases {
  private readonly keyPrefix: string;

  constructor(
    private readonly client: Redis | Cluster,
    private readonly options: RedisPartitionLeasesOptions = {},
  ) {
    this.keyPrefix = options.keyPrefix ?? DEFAULT_LEASE_KEY_PREFIX;
    if (this.keyPrefix.includes('{')) throw new RangeError('A lease key prefix must not contain "{"');
  }

  async heartbeat(owner: string, ttlMs: number): Promise<readonly string[]> {
    assertOwner(owner);
    assertLeaseTtl(ttlMs);
    const owners = await this.run(HEARTBEAT, this.ownersKey(), owner, ttlMs);
    if (!Array.isArray(owners) || !owners.every((seen) => typeof seen === 'string')) {
      throw new TypeError('Unexpected reply to the lease heartbeat script');
    }
    return [...owners].sort();
  }

  async acquire(partition: number, owner: string, ttlMs: number): Promise<boolean> {
    assertPartition(partition);
    assertOwner(owner);
    assertLeaseTtl(ttlMs);
    return (await this.run(ACQUIRE, this.leaseKey(partition), owner, ttlMs)) === 1;
  }

  async renew(partition: number, owner: string, ttlMs: number): Promise<boolean> {
    assertPartition(partition);
    assertOwner(owner);
    assertLeaseTtl(ttlMs);
    return (await this.run(RENEW, this.leaseKey(partition), owner, ttlMs)) === 1;
  }

  async release(partition: number, owner: string): Promise<void> {
    assertPartition(partition);
    assertOwner(owner);
    await this.run(RELEASE, this.leaseKey(partition), owner);
  }

  async holders(partitions: number): Promise<readonly (string | undefined)[]> {
    assertPartitionCount(partitions);
    const keys = Array.from({ length: partitions }, (_, partition) => this.leaseKey(partition));
    const values = this.client.isCluster
      ? // A Cluster pipeline must stay within one slot: each key goes to its own node instead.
        await Promise.all(keys.map((key) => this.client.get(key)))
      : await this.pipelinedGets(keys);
    return values.map((value) => value ?? undefined);
  }

  async close(): Promise<void> {
    if (this.options.keepClientOpen) return;
    await this.client.quit();
  }

  private leaseKey(partition: number): string {
    return `${this.keyPrefix}{p${partition}}`;
  }

  private ownersKey(): string {
    return `${this.keyPrefix}{owners}`;
  }

  private async pipelinedGets(keys: readonly string[]): Promise<(string | null)[]> {
    const pipeline = this.client.pipeline();
    for (const key of keys) pipeline.get(key);
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, value]) => {
      if (error) throw error;
      return typeof value === 'string' ? value : null;
    });
  }

  /** EVALSHA, loading the script with EVAL when the server does not know it yet (new or restarted node). */
  private async run(script: LeaseScript, key: string, ...args: (string | number)[]): Promise<unknown> {
    try {
      return await this.client.evalsha(script.sha1, 1, key, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return await this.client.eval(script.source, 1, key, ...args);
    }
  }
}

interface LeaseScript {
  readonly source: string;
  readonly sha1: string;
}

function leaseScript(source: string): LeaseScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

/** KEYS[1] lease, ARGV[1] owner, ARGV[2] ttl ms. Free: take it; ours: extend it; someone else's: 0. */
const ACQUIRE = leaseScript(`
local holder = redis.call('GET', KEYS[1])
if holder == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`);

/** KEYS[1] lease, ARGV[1] owner, ARGV[2] ttl ms. Extends only a lease still held by the owner. */
const RENEW = leaseScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`);

/** KEYS[1] lease, ARGV[1] owner. Deletes only a lease still held by the owner. */
const RELEASE = leaseScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`);

/**
 * KEYS[1] owners set, ARGV[1] owner, ARGV[2] ttl ms. Records the owner's heartbeat expiry, forgets the
 * owners whose heartbeat ran out (expiry <= now, as with PX) and lists the rest. The set itself expires
 * with its last live owner, so a stopped deployment leaves nothing behind.
 */
const HEARTBEAT = leaseScript(`
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
return redis.call('ZRANGE', KEYS[1], 0, -1)
`);
