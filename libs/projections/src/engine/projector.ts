import { parsePosition, type EventStore, type RecordedEvent, type Subscription } from '@ccm/event-store';
import { ChainTails, IntegrityViolationError, RecentlyVerified, type StreamHead } from '@ccm/record';
import { CheckpointConflictError, type ReadModelStore, type VersionRef } from '../read-model-store';
import { VersionNotFoundError } from '../version-not-found';
import { backoffDelay, DEFAULT_BACKOFF, Sleeper, type BackoffOptions } from './backoff';
import { withIdleTicks } from './idle-ticks';
import { projectBatch } from './project-batch';
import { CCM_STREAMS, type Projection } from './projection';
import { measureLags, type ProjectionLag } from './projection-lag';
import { dropReplaced, stillFollowed, versionToFollow } from './version-to-follow';
import {
  startingStatus,
  waitUntilCaughtUp,
  type ProjectionStatus,
  type RunningProjector,
} from './running-projector';

export interface ProjectorLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ProjectorOptions {
  readonly eventStore: EventStore;
  readonly readModels: ReadModelStore;
  readonly projections: readonly Projection[];
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

export interface CommittedBatch {
  readonly projection: string;
  readonly version: number;
  readonly checkpoint: string | null;
  readonly events: number;
}

type MutableStatus = { -readonly [K in keyof ProjectionStatus]: ProjectionStatus[K] };

class Stopped extends Error {}
/** The projection met a broken chain: it is not followed further (retrying would meet it again). */
class Halted extends Error {}

/** Streams whose chain head each projection keeps (past it, a head is looked up again in the store). */
const CHAIN_HEADS = 5_000;

const turnOfTheEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Something that changed under the projection's feet: resubscribe from what the store says. */
const isRestart = (error: unknown): boolean =>
  error instanceof CheckpointConflictError || error instanceof VersionNotFoundError;

/**
 * Follows the event store for every projection from its own checkpoint: catch-up then live, in batches,
 * each batch committed atomically with its checkpoint. While the read-model store is unavailable the
 * batch is retried with backoff (the subscription simply is not read meanwhile; commands are unaffected
 * because they never touch read models).
 */
export class Projector implements RunningProjector {
  private readonly statuses = new Map<string, MutableStatus>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly sleeper = new Sleeper();
  private readonly runs: Promise<void>[] = [];
  /** Each event's hash is recomputed once for every read model following it a few batches apart. */
  private readonly verified = new RecentlyVerified();
  private stopping = false;
  private started = false;

  constructor(private readonly options: ProjectorOptions) {
    for (const projection of options.projections)
      this.statuses.set(projection.name, startingStatus(projection.name));
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const projection of this.options.projections) this.runs.push(this.follow(projection));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.sleeper.wake();
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await Promise.all(this.runs);
    for (const status of this.statuses.values()) if (status.state !== 'halted') status.state = 'stopped';
  }

  status(): ProjectionStatus[] {
    return [...this.statuses.values()].map((s) => ({ ...s }));
  }

  lag(): Promise<ProjectionLag[]> {
    return measureLags(this.options.eventStore, this.options.readModels, this.options.projections);
  }

  waitUntilCaughtUp(timeoutMs?: number): Promise<void> {
    return waitUntilCaughtUp(() => this.lag(), timeoutMs);
  }

  private async follow(projection: Projection): Promise<void> {
    const status = this.statuses.get(projection.name) as MutableStatus;
    let failures = 0;
    while (!this.stopping) {
      try {
        await this.followOnce(projection, status);
        failures = 0;
      } catch (error) {
        if (this.stopping || error instanceof Stopped || error instanceof Halted) break;
        if (isRestart(error)) continue;
        failures += 1;
        this.fail(projection.name, status, error);
        await this.sleeper.sleep(backoffDelay(failures, this.options.backoff ?? DEFAULT_BACKOFF));
      }
    }
    if (status.state !== 'halted') status.state = 'stopped';
  }

  /** One subscription's life: ends on stop, on a version switch, or when something must be re-read. */
  private async followOnce(projection: Projection, status: MutableStatus): Promise<void> {
    const { readModels, eventStore } = this.options;
    const followed = await versionToFollow(readModels, projection);
    const ref: VersionRef = { projection: projection.name, version: followed.version };
    let checkpoint = await readModels.checkpoint(ref);
    const reader = await readModels.readerVersion(projection.name);
    // A version created here from nothing is not used by readers until it has caught up once.
    let built = reader !== undefined && reader.version === ref.version && reader.built;
    Object.assign(status, { version: ref.version, checkpoint, state: 'catching_up' as const });
    // Every event's chain is checked before it is applied; a subscription starts after the checkpoint, so
    // a stream first met past its start continues from the stored head of what was applied before.
    const chains = new ChainTails({
      capacity: CHAIN_HEADS,
      recent: this.verified,
      headBefore: (streamId, revision) => this.storedHeadBefore(streamId, revision),
    });
    const subscription = eventStore.subscribeToAll({
      after: checkpoint ? parsePosition(checkpoint) : undefined,
      filter: CCM_STREAMS,
    });
    this.subscriptions.add(subscription);
    const batchSize = this.options.batchSize ?? 500;
    let batch: RecordedEvent[] = [];
    let lastVersionCheck = Date.now();
    let lastMessage = Date.now();
    try {
      for await (const message of withIdleTicks(subscription, this.options.idleFlushMs ?? 25)) {
        if (this.stopping) return;
        if (message.kind === 'event') {
          lastMessage = Date.now();
          try {
            await chains.accept(message.event);
          } catch (error) {
            if (!(error instanceof IntegrityViolationError)) throw error;
            // What precedes the break is committed; nothing at or after it is.
            if (batch.length > 0) await this.commit(projection, ref, batch, checkpoint, status);
            this.halt(projection.name, status, error);
            throw new Halted();
          }
          batch.push(message.event);
          if (batch.length < batchSize) continue;
        } else if (message.kind === 'caught_up') {
          status.state = 'live';
        }
        if (batch.length > 0) {
          checkpoint = await this.commit(projection, ref, batch, checkpoint, status);
          batch = [];
          // The SQLite stores answer synchronously: without a turn here a backlog held the thread until
          // caught up (the api answered nothing for the 4 s of a 3,000-patient catch-up; with it, the loop's
          // delay stayed under 0.2 s and the catch-up took as long).
          await turnOfTheEventLoop();
        }
        if (message.kind === 'caught_up' && !built) {
          if (!(await stillFollowed(readModels, projection, followed))) return;
          await this.commit(projection, ref, [], checkpoint, status, { activate: true });
          built = true;
          await dropReplaced(readModels, projection, followed.replaces, this.options.logger);
          // The version followed is now the active one: follow it as such.
          if (followed.replaces !== undefined) return;
        }
        if (message.kind !== 'idle') continue;
        const now = Date.now();
        if (now - lastVersionCheck >= (this.options.versionCheckMs ?? 1000)) {
          lastVersionCheck = now;
          if (!(await stillFollowed(readModels, projection, followed))) return;
        }
        if (status.state === 'live' && now - lastMessage >= (this.options.silenceCheckMs ?? 30_000)) {
          lastMessage = now;
          if (await this.missedEvents(checkpoint)) {
            this.options.logger?.warn(
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
   * Commits one batch, retrying with backoff until it is written, the projector stops, or it must restart.
   * `activate`: marks the version built (and active) with it, once it has caught up.
   */
  private async commit(
    projection: Projection,
    ref: VersionRef,
    events: readonly RecordedEvent[],
    expectedCheckpoint: string | null,
    status: MutableStatus,
    options: { readonly activate?: boolean } = {},
  ): Promise<string | null> {
    for (let attempt = 1; ; attempt++) {
      if (this.stopping) throw new Stopped();
      try {
        const checkpoint = await projectBatch({
          store: this.options.readModels,
          ref,
          projection,
          events,
          expectedCheckpoint,
          activate: options.activate,
        });
        if (status.retries > 0) this.options.logger?.log(`projection ${projection.name}: writing again`);
        Object.assign(status, { checkpoint, retries: 0, lastError: null });
        status.eventsApplied += events.length;
        if (status.state === 'retrying') status.state = 'live';
        if (events.length === 0) return checkpoint;
        this.options.onBatch?.({
          projection: projection.name,
          version: ref.version,
          checkpoint,
          events: events.length,
        });
        return checkpoint;
      } catch (error) {
        if (isRestart(error) || this.stopping) throw error;
        status.state = 'retrying';
        this.fail(projection.name, status, error);
        await this.sleeper.sleep(backoffDelay(attempt, this.options.backoff ?? DEFAULT_BACKOFF));
      }
    }
  }

  private fail(name: string, status: { retries: number; lastError: string | null }, error: unknown): void {
    status.retries += 1;
    status.lastError = error instanceof Error ? error.name : typeof error;
    // Log the first failure and then every tenth, by type only: messages may quote patient data.
    if (status.retries === 1 || status.retries % 10 === 0) {
      this.options.logger?.warn(
        `projection ${name}: ${status.lastError} (attempt ${status.retries}); retrying`,
      );
    }
  }

  private halt(name: string, status: MutableStatus, error: IntegrityViolationError): void {
    const { streamId, revision, kind } = error;
    Object.assign(status, {
      state: 'halted' as const,
      lastError: error.name,
      brokenChain: { streamId, revision, kind },
    });
    // The stream names a patient: the log says what and where in the chain, `audit verify` says which.
    this.options.logger?.error(
      `projection ${name}: halted at an event whose hash chain does not verify (${kind.replace(/_/g, ' ')} at revision ${revision}); nothing from it is applied. Run audit verify, restore the store, restart.`,
    );
  }

  /** The stored head of a stream before `revision` (a follower starting mid-stream continues from it). */
  private async storedHeadBefore(streamId: string, revision: bigint): Promise<StreamHead | undefined> {
    const [previous] = await this.options.eventStore.readStream(streamId, {
      fromRevision: revision - 1n,
      maxCount: 1,
    });
    if (previous?.revision !== revision - 1n || typeof previous.metadata.hash !== 'string') return undefined;
    return { revision: previous.revision, hash: previous.metadata.hash };
  }

  private async missedEvents(checkpoint: string | null): Promise<boolean> {
    const page = await this.options.eventStore.readAll({
      after: checkpoint ? parsePosition(checkpoint) : undefined,
      maxCount: 1,
      filter: CCM_STREAMS,
    });
    return page.events.length > 0;
  }
}
