import {
  formatPosition,
  parsePosition,
  type EventStore,
  type RecordedEvent,
  type StreamInventory,
  type Subscription,
} from '@ccm/event-store';
import { ChainTails, IntegrityViolationError, type RecentlyVerified, type StreamHead } from '@ccm/record';
import { CheckpointConflictError, type ReadModelStore, type VersionRef } from '../read-model-store';
import { partitionOfStream } from '../partitions';
import { VersionNotFoundError } from '../version-not-found';
import { backoffDelay, type BackoffOptions, type Sleeper } from './backoff';
import { withIdleTicks } from './idle-ticks';
import { projectBatch } from './project-batch';
import { projectStreamByStream } from './stream-pass';
import { CCM_STREAMS, type Projection } from './projection';
import type { ProjectionStatus } from './running-projector';
import { dropReplaced, stillFollowed, versionToFollow, type FollowedVersion } from './version-to-follow';

export interface ProjectorLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface CommittedBatch {
  readonly projection: string;
  readonly version: number;
  readonly partition: number;
  readonly checkpoint: string | null;
  readonly events: number;
}

/** What every follower of one projector shares. */
export interface FollowerContext {
  readonly eventStore: EventStore;
  readonly readModels: ReadModelStore;
  readonly partitions: number;
  readonly batchSize: number;
  readonly idleFlushMs: number;
  readonly versionCheckMs: number;
  readonly silenceCheckMs: number;
  readonly backoff: BackoffOptions;
  readonly logger?: ProjectorLogger;
  readonly onBatch?: (batch: CommittedBatch) => void;
  readonly sleeper: Sleeper;
  /** Each event's hash is recomputed once for every read model following it a few batches apart. */
  readonly verified: RecentlyVerified;
  /** Serialises the choice of version per projection within the process (partitions would race). */
  readonly choosing: Map<string, Promise<FollowedVersion>>;
  /**
   * The store's streams, for a build from nothing. Followers starting together share one reading: where
   * the store cannot list its streams (EventStoreDB, in memory) it is a read of every event.
   */
  readonly inventory: () => Promise<StreamInventory>;
}

export type MutableStatus = { -readonly [K in keyof ProjectionStatus]: ProjectionStatus[K] };

export class Stopped extends Error {}
/** The projection met a broken chain: it is not followed further (retrying would meet it again). */
export class Halted extends Error {}

/** Streams whose chain head each follower keeps (past it, a head is looked up again in the store). */
const CHAIN_HEADS = 5_000;

const turnOfTheEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Something that changed under the projection's feet: resubscribe from what the store says. */
export const isRestart = (error: unknown): boolean =>
  error instanceof CheckpointConflictError || error instanceof VersionNotFoundError;

/**
 * Follows the event store for one projection and one partition of its version, from that partition's
 * checkpoint: catch-up then live, in batches, each committed atomically with the checkpoint. Every event
 * moves the checkpoint; only the partition's practices' events are checked and projected.
 */
export class PartitionFollower {
  private stopping = false;
  private readonly subscriptions = new Set<Subscription>();

  constructor(
    private readonly context: FollowerContext,
    readonly projection: Projection,
    readonly partition: number,
    readonly status: MutableStatus,
  ) {}

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
  }

  get stopped(): boolean {
    return this.stopping;
  }

  /** One subscription's life: ends on stop, on a version switch, or when something must be re-read. */
  async followOnce(): Promise<void> {
    const { readModels, eventStore } = this.context;
    const { projection, partition, status } = this;
    const followed = await this.chooseVersion();
    const ref: VersionRef = { projection: projection.name, version: followed.version };
    let checkpoint = await readModels.checkpoint(ref, partition);
    const reader = await readModels.readerVersion(projection.name);
    // A version created here from nothing is not used by readers until it has caught up once.
    let built = reader !== undefined && reader.version === ref.version && reader.built;
    Object.assign(status, { version: ref.version, checkpoint, state: 'catching_up' as const });
    if (checkpoint === null) {
      const reached = await this.projectStreamsFromStart(ref, followed);
      if (reached === undefined) return;
      checkpoint = reached;
    }
    // Every event's chain is checked before it is applied; a subscription starts after the checkpoint, so
    // a stream first met past its start continues from the stored head of what was applied before.
    const chains = new ChainTails({
      capacity: CHAIN_HEADS,
      recent: this.context.verified,
      headBefore: (streamId, revision) => this.storedHeadBefore(streamId, revision),
    });
    const { partitions } = this.context;
    const mine = (event: RecordedEvent): boolean =>
      partitions === 1 || partitionOfStream(event.streamId, partitions) === partition;
    const subscription = eventStore.subscribeToAll({
      after: checkpoint ? parsePosition(checkpoint) : undefined,
      filter: CCM_STREAMS,
    });
    this.subscriptions.add(subscription);
    let batch: RecordedEvent[] = [];
    let lastVersionCheck = Date.now();
    let lastMessage = Date.now();
    try {
      for await (const message of withIdleTicks(subscription, this.context.idleFlushMs)) {
        if (this.stopping) return;
        if (message.kind === 'event') {
          lastMessage = Date.now();
          try {
            if (mine(message.event)) await chains.accept(message.event);
          } catch (error) {
            if (!(error instanceof IntegrityViolationError)) throw error;
            // What precedes the break is committed; nothing at or after it is.
            if (batch.length > 0) await this.commit(ref, batch, checkpoint);
            this.halt(error);
            throw new Halted();
          }
          batch.push(message.event);
          if (batch.length < this.context.batchSize) continue;
        } else if (message.kind === 'caught_up') {
          status.state = 'live';
        }
        if (batch.length > 0) {
          checkpoint = await this.commit(ref, batch, checkpoint);
          batch = [];
          // The SQLite stores answer synchronously: without a turn here a backlog held the thread until
          // caught up (the api answered nothing for the 4 s of a 3,000-patient catch-up; with it, the loop's
          // delay stayed under 0.2 s and the catch-up took as long).
          await turnOfTheEventLoop();
        }
        if (message.kind === 'caught_up' && !built) {
          if (!(await stillFollowed(readModels, projection, followed))) return;
          await this.commit(ref, [], checkpoint, { activate: true });
          built = true;
          // Readers switch once every partition has caught up: the last one's follower sees it.
          if ((await readModels.activeVersion(projection.name)) === ref.version) {
            await dropReplaced(readModels, projection, followed.replaces, this.context.logger);
            // The version followed is now the active one: follow it as such.
            if (followed.replaces !== undefined) return;
          }
        }
        if (message.kind !== 'idle') continue;
        const now = Date.now();
        if (now - lastVersionCheck >= this.context.versionCheckMs) {
          lastVersionCheck = now;
          if (!(await stillFollowed(readModels, projection, followed))) return;
        }
        if (status.state === 'live' && now - lastMessage >= this.context.silenceCheckMs) {
          lastMessage = now;
          if (await this.missedEvents(checkpoint)) {
            this.context.logger?.warn(
              `projection ${projection.name}: subscription silent with events pending; resubscribing`,
            );
            return;
          }
        }
      }
    } finally {
      this.subscriptions.delete(subscription);
      await subscription.close();
    }
  }

  /**
   * A partition with nothing applied (a first start, a new layout or partition count) is built as a
   * rebuild builds it: its own streams only, each read whole, a group of streams at a time, instead of
   * every event of the store in store order, which rewrites a patient's documents for nearly every event
   * of theirs. Returns the checkpoint the pass reached (null: an empty store), or undefined when the
   * version stopped being followed meanwhile.
   */
  private async projectStreamsFromStart(
    ref: VersionRef,
    followed: FollowedVersion,
  ): Promise<string | null | undefined> {
    const { eventStore, readModels, partitions } = this.context;
    const { projection, partition } = this;
    const inventory = await this.context.inventory();
    if (!inventory.lastPosition) return null;
    const chains = new ChainTails();
    // Every event of the store counts as moved past, as in a batch of the live path: this partition's as
    // its groups commit, the others' when the checkpoint moves to the end.
    let read = 0;
    let counted = 0;
    const count = (checkpoint: string | null): void => {
      this.applied(ref, checkpoint, read - counted);
      counted = read;
    };
    try {
      await projectStreamByStream({
        eventStore,
        inventory,
        projections: [projection],
        includes: (streamId) => partitions === 1 || partitionOfStream(streamId, partitions) === partition,
        groupSize: this.context.batchSize,
        verified: (events) => {
          for (const event of events) chains.acceptFromStart(event);
          return events;
        },
        onRead: (_, events) => (read += events),
        project: async (events) => {
          await this.commit(ref, events, null, { group: true, eventsRead: read });
          count(null);
          if (!(await stillFollowed(readModels, projection, followed))) throw new Stopped();
          await turnOfTheEventLoop();
        },
      });
    } catch (error) {
      if (error instanceof Stopped && !this.stopping) return undefined;
      if (!(error instanceof IntegrityViolationError)) throw error;
      this.halt(error);
      throw new Halted();
    }
    const checkpoint = await this.commit(ref, [], null, {
      checkpoint: formatPosition(inventory.lastPosition),
      eventsRead: read,
    });
    read = inventory.streams.reduce((sum, s) => sum + s.events, 0);
    count(checkpoint);
    return checkpoint;
  }

  private chooseVersion(): Promise<FollowedVersion> {
    const { choosing, readModels, partitions } = this.context;
    const name = this.projection.name;
    const previous = choosing.get(name) ?? Promise.resolve(undefined);
    const next = previous
      .catch(() => undefined)
      .then(() => versionToFollow(readModels, this.projection, partitions));
    choosing.set(name, next);
    return next;
  }

  /**
   * Commits one batch, retrying with backoff until it is written, the follower stops, or it must restart.
   * `activate`: marks the partition caught up with it (the version is built once every partition is).
   */
  private async commit(
    ref: VersionRef,
    events: readonly RecordedEvent[],
    expectedCheckpoint: string | null,
    options: {
      readonly activate?: boolean;
      /** A group of the pass from the start: no point of the store, so the checkpoint stays as it is. */
      readonly group?: boolean;
      /** Where the batch leaves the checkpoint (by default, its last event's position). */
      readonly checkpoint?: string;
      /** A pass from the start: the events of the partition's streams it has read (ReadModelBatch.eventsRead). */
      readonly eventsRead?: number;
    } = {},
  ): Promise<string | null> {
    const { status, projection, partition } = this;
    // After a failed attempt the follower goes back to what it was doing (catching up, or live).
    const resumeAs = status.state === 'retrying' ? 'live' : status.state;
    for (let attempt = 1; ; attempt++) {
      if (this.stopping) throw new Stopped();
      try {
        const checkpoint = await projectBatch({
          store: this.context.readModels,
          ref,
          projection,
          events,
          expectedCheckpoint,
          activate: options.activate,
          eventsRead: options.eventsRead,
          partition: { index: partition, count: this.context.partitions },
          ...(options.group
            ? {
                checkpoint: expectedCheckpoint,
                session: { startsAbsent: projection.context?.derivedDocuments },
              }
            : options.checkpoint !== undefined
              ? { checkpoint: options.checkpoint }
              : {}),
        });
        if (status.retries > 0) this.context.logger?.log(`projection ${projection.name}: writing again`);
        Object.assign(status, { checkpoint, retries: 0, lastError: null });
        if (status.state === 'retrying') status.state = resumeAs;
        // A group's events include the context projected with every group: the pass counts what it read.
        if (!options.group) this.applied(ref, checkpoint, events.length);
        return checkpoint;
      } catch (error) {
        if (isRestart(error) || this.stopping) throw error;
        status.state = 'retrying';
        this.fail(error);
        await this.context.sleeper.sleep(backoffDelay(attempt, this.context.backoff));
      }
    }
  }

  private applied(ref: VersionRef, checkpoint: string | null, events: number): void {
    if (events === 0) return;
    this.status.eventsApplied += events;
    this.context.onBatch?.({
      projection: this.projection.name,
      version: ref.version,
      partition: this.partition,
      checkpoint,
      events,
    });
  }

  fail(error: unknown): void {
    const { status } = this;
    status.retries += 1;
    status.lastError = error instanceof Error ? error.name : typeof error;
    // Log the first failure and then every tenth, by type only: messages may quote patient data.
    if (status.retries === 1 || status.retries % 10 === 0) {
      this.context.logger?.warn(
        `projection ${this.projection.name}: ${status.lastError} (attempt ${status.retries}); retrying`,
      );
    }
  }

  private halt(error: IntegrityViolationError): void {
    const { streamId, revision, kind } = error;
    Object.assign(this.status, {
      state: 'halted' as const,
      lastError: error.name,
      brokenChain: { streamId, revision, kind },
    });
    // The stream names a patient: the log says what and where in the chain, `audit verify` says which.
    this.context.logger?.error(
      `projection ${this.projection.name}: halted at an event whose hash chain does not verify (${kind.replace(/_/g, ' ')} at revision ${revision}); nothing from it is applied. Run audit verify, restore the store, restart.`,
    );
  }

  /** The stored head of a stream before `revision` (a follower starting mid-stream continues from it). */
  private async storedHeadBefore(streamId: string, revision: bigint): Promise<StreamHead | undefined> {
    const [previous] = await this.context.eventStore.readStream(streamId, {
      fromRevision: revision - 1n,
      maxCount: 1,
    });
    if (previous?.revision !== revision - 1n || typeof previous.metadata.hash !== 'string') return undefined;
    return { revision: previous.revision, hash: previous.metadata.hash };
  }

  private async missedEvents(checkpoint: string | null): Promise<boolean> {
    const page = await this.context.eventStore.readAll({
      after: checkpoint ? parsePosition(checkpoint) : undefined,
      maxCount: 1,
      filter: CCM_STREAMS,
    });
    return page.events.length > 0;
  }
}
