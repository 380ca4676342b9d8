import { plannedPartitions } from './partition-assignment';
import type { PartitionLeases } from './partition-leases';
import type { ProjectorLogger } from './follower-context';

/** What the coordinator drives: a projector that works the partitions it is told to. */
export interface AssignablePartitions {
  assign(partitions: readonly number[]): Promise<void>;
  workedPartitions(): number[];
}

export interface PartitionCoordinatorOptions {
  readonly leases: PartitionLeases;
  readonly projector: AssignablePartitions;
  readonly partitions: number;
  /** This process, unique among the projectors sharing the read models (host and pid, say). */
  readonly owner: string;
  /**
   * How long a lease lasts unless renewed (default 10 s). Leases are renewed every third of it, so a
   * process that dies frees its partitions at most this long after its last renewal.
   */
  readonly leaseMs?: number;
  readonly logger?: ProjectorLogger;
}

export const DEFAULT_LEASE_MS = 10_000;

/**
 * Shares a read model's partitions among projector processes through leases: each round it announces
 * itself, renews what it holds, gives up what is beyond its fair share and takes free partitions (those
 * of a process that stopped renewing). The projector works exactly the partitions whose leases it holds.
 * Leases only spread the work: a batch is written only from the partition's checkpoint it started from,
 * so a process that lost its lease without noticing cannot apply an event twice.
 */
export class PartitionCoordinator {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: PartitionCoordinatorOptions) {}

  private get leaseMs(): number {
    return this.options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  start(): void {
    const tick = (): void => {
      this.round = this.round.then(() => this.rebalance()).catch((error: unknown) => this.failed(error));
      this.round.finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.leaseMs / 3);
      });
    };
    tick();
  }

  /** One round; exposed so tests can step it. */
  async rebalance(): Promise<void> {
    if (this.stopped) return;
    const { leases, projector, partitions, owner } = this.options;
    const ttl = this.leaseMs;
    const liveOwners = await leases.heartbeat(owner, ttl);
    const holders = await leases.holders(partitions);
    const held = projector.workedPartitions();
    const plan = plannedPartitions({ partitions, owner, liveOwners, held, holders });
    const keep: number[] = [];
    for (const partition of plan.keep) {
      if (await leases.renew(partition, owner, ttl)) keep.push(partition);
      else this.options.logger?.warn(`partition ${partition}: lease lost; another projector works it`);
    }
    // Stop working what is handed over before the lease is free for someone else.
    await projector.assign(keep);
    for (const partition of plan.release) await leases.release(partition, owner);
    for (const partition of plan.acquire) {
      if (this.stopped) break;
      if (await leases.acquire(partition, owner, ttl)) keep.push(partition);
    }
    const before = held.join(',');
    await projector.assign(keep);
    const after = projector.workedPartitions().join(',');
    if (after !== before) this.options.logger?.log(`projector ${owner} works partitions [${after}]`);
  }

  /** Stops taking part: stops working every partition, then frees the leases for the others at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.round.catch(() => undefined);
    const held = this.options.projector.workedPartitions();
    await this.options.projector.assign([]);
    for (const partition of held)
      await this.options.leases.release(partition, this.options.owner).catch(() => undefined);
  }

  private failed(error: unknown): void {
    // Without the lease store nothing can be renewed: stop working, as others may take the partitions.
    this.options.logger?.warn(
      `projector ${this.options.owner}: leases unavailable (${error instanceof Error ? error.name : typeof error}); working no partition until they answer`,
    );
    void this.options.projector.assign([]);
  }
}
