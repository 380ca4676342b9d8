import { parsePosition, type RecordedEvent, type Subscription } from '@ccm/event-store';
import { ChainTails, IntegrityViolationError } from '@ccm/record';
import type { BuildProgress, VersionRef } from '../read-model-store';
import { leastCheckpoint, partitionOfStream } from '../partitions';
import type { FollowerContext } from './follower-context';
import { withIdleTicks } from './idle-ticks';
import { eventsAfter, storedHeadBefore } from './live-reads';
import { CCM_STREAMS } from './projection';
import { buildPartition } from './stream-pass';
import { Stopped, TrackCommits, type FollowedReadModel, type Track } from './track-commits';
import { chooseInTurn, dropReplaced, stillFollowed } from './version-to-follow';

export { isRestart, Stopped, type FollowedReadModel } from './track-commits';

/** The projection met a broken chain: it is not followed further (retrying would meet it again). */
export class Halted extends Error {}

/** Streams whose chain head each follower keeps (past it, a head is looked up again in the store). */
const CHAIN_HEADS = 5_000;

const turnOfTheEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Follows the event store for every read model of the projector in one partition of their versions: one
 * subscription, one chain check of each event, and one commit a batch for all of them (one transaction
 * where the store has them), each read model's documents with its own checkpoint. A read model behind the
 * others (built later, or handed over) is given only the events past its checkpoint, and catches up. Every
 * event moves the checkpoints; only the partition's practices' events are checked and projected.
 */
export class PartitionFollower {
  private stopping = false;
  private readonly subscriptions = new Set<Subscription>();
  private readonly commits: TrackCommits;

  constructor(
    private readonly context: FollowerContext,
    readonly readModels: readonly FollowedReadModel[],
    readonly partition: number,
  ) {
    this.commits = new TrackCommits(context, partition, () => this.stopping);
  }

  fail(error: unknown): void {
    this.commits.fail(error, this.readModels);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
  }

  get stopped(): boolean {
    return this.stopping;
  }

  /** One subscription's life: ends on stop, on a version switch, or when something must be re-read. */
  async followOnce(): Promise<void> {
    const { eventStore, batchSize } = this.context;
    const tracks = await this.tracks();
    const fromNothing = tracks.filter((t) => t.checkpoint === null);
    if (fromNothing.length > 0 && !(await this.buildFromStart(fromNothing))) return;
    // Every event's chain is checked before it is applied; a subscription starts after the checkpoint, so
    // a stream first met past its start continues from the stored head of what was applied before.
    const chains = new ChainTails({
      capacity: CHAIN_HEADS,
      recent: this.context.verified,
      headBefore: (streamId, revision) => storedHeadBefore(eventStore, streamId, revision),
    });
    const { partitions } = this.context;
    const { partition } = this;
    const mine = (event: RecordedEvent): boolean =>
      partitions === 1 || partitionOfStream(event.streamId, partitions) === partition;
    const least = (): string | null => leastCheckpoint(tracks.map((t) => t.checkpoint));
    const start = least();
    const subscription = eventStore.subscribeToAll({
      after: start ? parsePosition(start) : undefined,
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
            if (batch.length > 0) await this.commits.commitEvents(tracks, batch);
            this.halt(error);
            throw new Halted();
          }
          batch.push(message.event);
          if (batch.length < batchSize) continue;
        } else if (message.kind === 'caught_up') {
          for (const { status } of tracks) status.state = 'live';
        }
        if (batch.length > 0) {
          await this.commits.commitEvents(tracks, batch);
          batch = [];
          // The SQLite stores answer synchronously: without a turn here a backlog held the thread until
          // caught up (the api answered nothing for the 4 s of a 3,000-patient catch-up; with it, the loop's
          // delay stayed under 0.2 s and the catch-up took as long).
          await turnOfTheEventLoop();
        }
        if (message.kind === 'caught_up' && !(await this.activateBuilt(tracks))) return;
        if (message.kind !== 'idle') continue;
        const now = Date.now();
        if (now - lastVersionCheck >= this.context.versionCheckMs) {
          lastVersionCheck = now;
          if (!(await this.allStillFollowed(tracks))) return;
        }
        if (tracks[0]?.status.state === 'live' && now - lastMessage >= this.context.silenceCheckMs) {
          lastMessage = now;
          if (await eventsAfter(eventStore, least())) {
            this.context.logger?.warn(
              `projections ${this.names()}: subscription silent with events pending; resubscribing`,
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

  /** Each read model's version to follow and where it stands. */
  private async tracks(): Promise<Track[]> {
    const { readModels } = this.context;
    const tracks: Track[] = [];
    for (const { projection, status } of this.readModels) {
      const followed = await chooseInTurn(this.context, projection);
      const ref: VersionRef = { projection: projection.name, version: followed.version };
      const checkpoint = await readModels.checkpoint(ref, this.partition);
      const reader = await readModels.readerVersion(projection.name);
      // A version created here from nothing is not used by readers until it has caught up once.
      const built = reader !== undefined && reader.version === ref.version && reader.built;
      Object.assign(status, { version: ref.version, checkpoint, state: 'catching_up' as const });
      tracks.push({ projection, status, followed, ref, checkpoint, built });
    }
    return tracks;
  }

  private async allStillFollowed(tracks: readonly Track[]): Promise<boolean> {
    for (const t of tracks)
      if (!(await stillFollowed(this.context.readModels, t.projection, t.followed))) return false;
    return true;
  }

  /**
   * On catching up, marks the versions created from nothing caught up, so readers may use them (and a
   * rebuilt layout replaces the old). False when the follower must start again: a version it followed
   * beside the active one became the active one, or one stopped being followed.
   */
  private async activateBuilt(tracks: readonly Track[]): Promise<boolean> {
    const { readModels, logger } = this.context;
    const unbuilt = tracks.filter((t) => !t.built);
    if (unbuilt.length === 0) return true;
    if (!(await this.allStillFollowed(unbuilt))) return false;
    await this.commits.commit(unbuilt.map((track) => ({ track, events: [], activate: true })));
    let again = false;
    for (const track of unbuilt) {
      track.built = true;
      // Readers switch once every partition has caught up: the last one's follower sees it.
      if ((await readModels.activeVersion(track.projection.name)) !== track.ref.version) continue;
      await dropReplaced(readModels, track.projection, track.followed.replaces, logger);
      // The version followed is now the active one: follow it as such.
      if (track.followed.replaces !== undefined) again = true;
    }
    return !again;
  }

  /**
   * Read models with nothing applied (a first start, a new layout or partition count) are built as a
   * rebuild builds them: this partition's streams only, each read whole, a group of streams at a time,
   * instead of every event of the store in store order, which rewrites a patient's documents for nearly
   * every event of theirs. Those with the same progress stored are built in one pass. False when a
   * version stopped being followed meanwhile.
   */
  private async buildFromStart(tracks: readonly Track[]): Promise<boolean> {
    const byProgress = new Map<string, { resume: BuildProgress | null; tracks: Track[] }>();
    for (const track of tracks) {
      const versions = await this.context.readModels.versions(track.projection.name);
      // An earlier build (a process killed, a partition handed over) goes on from where it stopped.
      const resume = versions.find((v) => v.version === track.ref.version)?.builds[this.partition] ?? null;
      const key = JSON.stringify(resume);
      const same = byProgress.get(key) ?? { resume, tracks: [] };
      same.tracks.push(track);
      byProgress.set(key, same);
    }
    for (const { resume, tracks: together } of byProgress.values())
      if (!(await this.buildTogether(together, resume))) return false;
    return true;
  }

  private async buildTogether(tracks: readonly Track[], resume: BuildProgress | null): Promise<boolean> {
    const { partitions, batchSize } = this.context;
    const inventory = await this.context.inventory();
    // Every event of the store counts as moved past, as in a batch of the live path: this partition's as
    // its groups commit, the others' when the checkpoint moves to the end.
    let counted = resume?.eventsRead ?? 0;
    // Each commit must find the progress the last one stored: a second process building too is refused.
    let stored = resume;
    let built: BuildProgress | null;
    try {
      built = await buildPartition({
        ...{ eventStore: this.context.eventStore, inventory, partition: this.partition, partitions, resume },
        projections: tracks.map((t) => t.projection),
        // Each read model's share of a group is what it would have alone.
        groupSize: batchSize * tracks.length,
        commitGroup: async (events, build) => {
          await this.commits.commit(
            tracks.map((track) => ({ track, events, group: true, build, expectedBuild: stored })),
          );
          stored = build;
          for (const track of tracks) this.commits.applied(track, null, build.eventsRead - counted);
          counted = build.eventsRead;
          if (!(await this.allStillFollowed(tracks))) throw new Stopped();
          await turnOfTheEventLoop();
        },
      });
    } catch (error) {
      if (error instanceof Stopped && !this.stopping) return false;
      if (!(error instanceof IntegrityViolationError)) throw error;
      this.halt(error);
      throw new Halted();
    }
    if (!built) return true;
    const end = built;
    await this.commits.commit(
      tracks.map((track) => ({ track, events: [], checkpoint: end.end, build: end, expectedBuild: stored })),
    );
    const inventoried = inventory.streams.reduce((sum, s) => sum + s.events, 0);
    for (const track of tracks)
      this.commits.applied(track, track.checkpoint, Math.max(0, inventoried - counted));
    return true;
  }

  private halt(error: IntegrityViolationError): void {
    const { streamId, revision, kind } = error;
    for (const { status } of this.readModels)
      Object.assign(status, {
        state: 'halted' as const,
        lastError: error.name,
        brokenChain: { streamId, revision, kind },
      });
    // The stream names a patient: the log says what and where in the chain, `audit verify` says which.
    this.context.logger?.error(
      `projections ${this.names()}: halted at an event whose hash chain does not verify (${kind.replace(/_/g, ' ')} at revision ${revision}); nothing from it is applied. Run audit verify, restore the store, restart.`,
    );
  }

  private names(): string {
    return this.readModels.map((r) => r.projection.name).join(', ');
  }
}
