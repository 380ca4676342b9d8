import { streamInventory, type EventStore, type StreamInventory } from '@ccm/event-store';
import { RecentlyVerified } from '@ccm/record';
import type { ReadModelStore } from '../read-model-store';
import { assertPartitionCount } from '../partitions';
import { backoffDelay, DEFAULT_BACKOFF, Sleeper, type BackoffOptions } from './backoff';
import { Halted, isRestart, PartitionFollower, Stopped } from './partition-follower';
import type { CommittedBatch, FollowerContext, MutableStatus, ProjectorLogger } from './follower-context';
import { CCM_STREAMS, type Projection } from './projection';
import { measureLags, type ProjectionLag } from './projection-lag';
import {
  startingStatus,
  waitUntilCaughtUp,
  type ProjectionStatus,
  type RunningProjector,
} from './running-projector';

export type { CommittedBatch, ProjectorLogger } from './follower-context';

export interface ProjectorOptions {
  readonly eventStore: EventStore;
  readonly readModels: ReadModelStore;
  readonly projections: readonly Projection[];
  /**
   * Partitions of the versions this projector creates and follows (default 1). Several projector
   * processes share them through leases (PartitionCoordinator), each working those it holds.
   */
  readonly partitions?: number;
  /**
   * Works no partition until `assign` names some (a coordinator holding leases does). By default the
   * projector works them all from `start`.
   */
  readonly assignedPartitions?: boolean;
  /** Events per committed batch while catching up. */
  readonly batchSize?: number;
  /** A partial batch is committed when the subscription has been quiet this long. */
  readonly idleFlushMs?: number;
  readonly backoff?: BackoffOptions;
  /** How often a live projection checks whether a rebuild switched readers to another version. */
  readonly versionCheckMs?: number;
  /** After this long without a message, a live projection checks the store for events it did not get. */
  readonly silenceCheckMs?: number;
  readonly logger?: ProjectorLogger;
  /** Called after every committed batch (tests, metrics). */
  readonly onBatch?: (batch: CommittedBatch) => void;
}

interface Running {
  readonly follower: PartitionFollower;
  readonly run: Promise<void>;
}

/**
 * Follows the event store for every projection from its own checkpoints: one follower for each partition
 * it works, catch-up then live, in batches, each read model's part of a batch committed atomically with
 * its checkpoint of the partition (PartitionFollower). While the read-model store is unavailable the
 * batch is retried with backoff (commands are unaffected because they never touch read models).
 */
export class Projector implements RunningProjector {
  private readonly statuses = new Map<string, MutableStatus>();
  /** By partition. */
  private readonly running = new Map<number, Running>();
  private readonly context: FollowerContext;
  private readonly partitions: number;
  private stopping = false;
  private started = false;
  private inventoryReading: Promise<StreamInventory> | undefined;

  constructor(private readonly options: ProjectorOptions) {
    this.partitions = options.partitions ?? 1;
    assertPartitionCount(this.partitions);
    this.context = {
      eventStore: options.eventStore,
      readModels: options.readModels,
      partitions: this.partitions,
      batchSize: options.batchSize ?? 500,
      idleFlushMs: options.idleFlushMs ?? 25,
      versionCheckMs: options.versionCheckMs ?? 1000,
      silenceCheckMs: options.silenceCheckMs ?? 30_000,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      logger: options.logger,
      onBatch: options.onBatch,
      sleeper: new Sleeper(),
      verified: new RecentlyVerified(),
      choosing: new Map(),
      inventory: () =>
        (this.inventoryReading ??= streamInventory(options.eventStore, CCM_STREAMS).finally(() => {
          this.inventoryReading = undefined;
        })),
    };
    if (this.partitions === 1)
      for (const projection of options.projections)
        this.statuses.set(projection.name, startingStatus(projection.name));
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    if (!this.options.assignedPartitions)
      void this.assign(Array.from({ length: this.partitions }, (_, partition) => partition));
  }

  /** Works exactly these partitions from now on: starts what is new, stops what is no longer named. */
  async assign(partitions: readonly number[]): Promise<void> {
    if (this.stopping) return;
    const wanted = new Set(partitions.filter((p) => Number.isInteger(p) && p >= 0 && p < this.partitions));
    const stopping: Promise<void>[] = [];
    for (const [partition, { follower, run }] of this.running) {
      if (wanted.has(partition)) continue;
      this.running.delete(partition);
      stopping.push(follower.stop().then(() => run));
    }
    for (const partition of wanted) {
      if (this.running.has(partition)) continue;
      const readModels = this.options.projections.map((projection) => {
        const key = statusKey(projection.name, partition, this.partitions);
        const starting = startingStatus(projection.name);
        const status =
          this.statuses.get(key) ?? (this.partitions === 1 ? starting : { ...starting, partition });
        this.statuses.set(key, status);
        return { projection, status };
      });
      const follower = new PartitionFollower(this.context, readModels, partition);
      this.running.set(partition, { follower, run: this.follow(follower) });
    }
    await Promise.all(stopping);
    // Statuses of partitions handed to another process go: they are that process's to report.
    if (this.partitions > 1)
      for (const [key, status] of [...this.statuses])
        if (status.partition === undefined || !this.running.has(status.partition)) this.statuses.delete(key);
  }

  /** The partitions this process works now. */
  workedPartitions(): number[] {
    return [...this.running.keys()].sort((a, b) => a - b);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.context.sleeper.wake();
    const running = [...this.running.values()];
    await Promise.all(running.map((r) => r.follower.stop()));
    await Promise.all(running.map((r) => r.run));
    for (const status of this.statuses.values()) if (status.state !== 'halted') status.state = 'stopped';
  }

  status(): ProjectionStatus[] {
    return [...this.statuses.values()].map((s) => ({ ...s }));
  }

  lag(): Promise<ProjectionLag[]> {
    return measureLags(
      this.options.eventStore,
      this.options.readModels,
      this.options.projections,
      this.partitions,
    );
  }

  waitUntilCaughtUp(timeoutMs?: number): Promise<void> {
    return waitUntilCaughtUp(() => this.lag(), timeoutMs);
  }

  private async follow(follower: PartitionFollower): Promise<void> {
    let failures = 0;
    while (!this.stopping && !follower.stopped) {
      try {
        await follower.followOnce();
        failures = 0;
      } catch (error) {
        if (this.stopping || follower.stopped || error instanceof Stopped || error instanceof Halted) break;
        if (isRestart(error)) continue;
        failures += 1;
        follower.fail(error);
        await this.context.sleeper.sleep(backoffDelay(failures, this.context.backoff));
      }
    }
    for (const { status } of follower.readModels) if (status.state !== 'halted') status.state = 'stopped';
  }
}

const statusKey = (projection: string, partition: number, partitions: number): string =>
  partitions === 1 ? projection : `${projection}#${partition}`;
