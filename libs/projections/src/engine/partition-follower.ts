import { parsePosition, type RecordedEvent, type Subscription } from '@ccm/event-store';
import { ChainTails, IntegrityViolationError } from '@ccm/record';
import { CheckpointConflictError, type BuildProgress, type VersionRef } from '../read-model-store';
import { partitionOfStream } from '../partitions';
import { VersionNotFoundError } from '../version-not-found';
import { backoffDelay } from './backoff';
import type { FollowerContext, MutableStatus } from './follower-context';
import { withIdleTicks } from './idle-ticks';
import { eventsAfter, storedHeadBefore } from './live-reads';
import { projectBatch } from './project-batch';
import { CCM_STREAMS, type Projection } from './projection';
import { buildPartition } from './stream-pass';
import { chooseInTurn, dropReplaced, stillFollowed, type FollowedVersion } from './version-to-follow';

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
    const followed = await chooseInTurn(this.context, projection);
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
      headBefore: (streamId, revision) => storedHeadBefore(eventStore, streamId, revision),
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
          if (await eventsAfter(eventStore, checkpoint)) {
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
    const { readModels, partitions, batchSize } = this.context;
    const { projection, partition } = this;
    const inventory = await this.context.inventory();
    // An earlier build of this partition (a process killed, a partition handed over) goes on from where it stopped.
    const resume = (await readModels.versions(projection.name)).find((v) => v.version === ref.version)
      ?.builds[partition];
    // Every event of the store counts as moved past, as in a batch of the live path: this partition's as
    // its groups commit, the others' when the checkpoint moves to the end.
    let counted = resume?.eventsRead ?? 0;
    // Each commit must find the progress the last one stored: a second process building too is refused.
    let stored = resume ?? null;
    let built: BuildProgress | null;
    try {
      built = await buildPartition({
        ...{ eventStore: this.context.eventStore, inventory, projection, partition, partitions, resume },
        groupSize: batchSize,
        commitGroup: async (events, build) => {
          await this.commit(ref, events, null, { group: true, build, expectedBuild: stored });
          stored = build;
          this.applied(ref, null, build.eventsRead - counted);
          counted = build.eventsRead;
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
    if (!built) return null;
    const checkpoint = await this.commit(ref, [], null, {
      checkpoint: built.end,
      build: built,
      expectedBuild: stored,
    });
    const inventoried = inventory.streams.reduce((sum, s) => sum + s.events, 0);
    this.applied(ref, checkpoint, Math.max(0, inventoried - counted));
    return checkpoint;
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
      /** A pass from the start: how far it has come, and from where (ReadModelBatch.build, expectedBuild). */
      readonly build?: BuildProgress;
      readonly expectedBuild?: BuildProgress | null;
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
          build: options.build,
          expectedBuild: options.expectedBuild,
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
}
