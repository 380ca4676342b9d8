import { assertPartitionCount } from '../partitions';
/**
 * Leases that let several projector processes share the read-model partitions. A lease only keeps two
 * processes from working the same partition and bounds how long a dead process's partitions stay idle;
 * correctness rests on each partition's checkpoint compare-and-set, which refuses a stale holder's batch.
 */
export interface PartitionLeases {
  /** Announces this projector as alive for ttlMs and returns the owners seen alive (itself included). */
  heartbeat(owner: string, ttlMs: number): Promise<readonly string[]>;
  /** Takes the partition if free (or already ours), for ttlMs; true when held by `owner` afterwards. */
  acquire(partition: number, owner: string, ttlMs: number): Promise<boolean>;
  /** Extends a lease only if `owner` still holds it; false when it was lost. */
  renew(partition: number, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives a lease up only if `owner` holds it. */
  release(partition: number, owner: string): Promise<void>;
  /** Current holder of each partition (undefined = free), for health reports. */
  holders(partitions: number): Promise<readonly (string | undefined)[]>;
  close(): Promise<void>;
}

/** Redis PX and the in-memory clock both need whole, positive milliseconds. */
export function assertLeaseTtl(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1) {
    throw new RangeError(`A lease ttl must be a positive whole number of milliseconds, got ${ttlMs}`);
  }
}

export function assertPartition(partition: number): void {
  if (!Number.isSafeInteger(partition) || partition < 0) {
    throw new RangeError(`A partition must be a non-negative integer, got ${partition}`);
  }
}

export function assertOwner(owner: string): void {
  if (owner.length === 0) throw new RangeError('A lease owner must not be empty');
}

export interface InMemoryPartitionLeasesOptions {
  /** Milliseconds since some epoch; tests pass a fake clock to expire leases without waiting. */
  readonly now?: () => number;
}

interface Lease {
  readonly owner: string;
  readonly expiresAt: number;
}

/**
 * Leases kept in this process: for unit tests and for a single-process deployment where all projectors
 * share one instance. A lease or heartbeat is alive while now < expiresAt, as with Redis PX.
 */
export class InMemoryPartitionLeases implements PartitionLeases {
  private readonly now: () => number;
  private readonly leases = new Map<number, Lease>();
  private readonly ownersAliveUntil = new Map<string, number>();

  constructor(options: InMemoryPartitionLeasesOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async heartbeat(owner: string, ttlMs: number): Promise<readonly string[]> {
    assertOwner(owner);
    assertLeaseTtl(ttlMs);
    const now = this.now();
    this.ownersAliveUntil.set(owner, now + ttlMs);
    for (const [seen, aliveUntil] of this.ownersAliveUntil) {
      if (aliveUntil <= now) this.ownersAliveUntil.delete(seen);
    }
    return [...this.ownersAliveUntil.keys()].sort();
  }

  async acquire(partition: number, owner: string, ttlMs: number): Promise<boolean> {
    assertPartition(partition);
    assertOwner(owner);
    assertLeaseTtl(ttlMs);
    const holder = this.holderOf(partition);
    if (holder !== undefined && holder !== owner) return false;
    this.leases.set(partition, { owner, expiresAt: this.now() + ttlMs });
    return true;
  }

  async renew(partition: number, owner: string, ttlMs: number): Promise<boolean> {
    assertPartition(partition);
    assertLeaseTtl(ttlMs);
    if (this.holderOf(partition) !== owner) return false;
    this.leases.set(partition, { owner, expiresAt: this.now() + ttlMs });
    return true;
  }

  async release(partition: number, owner: string): Promise<void> {
    assertPartition(partition);
    if (this.holderOf(partition) === owner) this.leases.delete(partition);
  }

  async holders(partitions: number): Promise<readonly (string | undefined)[]> {
    assertPartitionCount(partitions);
    return Array.from({ length: partitions }, (_, partition) => this.holderOf(partition));
  }

  async close(): Promise<void> {
    // Nothing to let go of: the leases live and die with this object.
  }

  private holderOf(partition: number): string | undefined {
    const lease = this.leases.get(partition);
    if (lease === undefined) return undefined;
    if (lease.expiresAt <= this.now()) {
      this.leases.delete(partition);
      return undefined;
    }
    return lease.owner;
  }
}
