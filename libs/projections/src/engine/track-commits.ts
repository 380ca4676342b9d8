import { comparePositions, parsePosition, type RecordedEvent } from '@ccm/event-store';
import { CheckpointConflictError, type BuildProgress, type VersionRef } from '../read-model-store';
import { VersionNotFoundError } from '../version-not-found';
import { backoffDelay } from './backoff';
import type { FollowerContext, MutableStatus } from './follower-context';
import { deriveBatch } from './project-batch';
import type { Projection } from './projection';
import type { FollowedVersion } from './version-to-follow';

export class Stopped extends Error {}

/** Something that changed under the projection's feet: resubscribe from what the store says. */
export const isRestart = (error: unknown): boolean =>
  error instanceof CheckpointConflictError || error instanceof VersionNotFoundError;

/** A read model the follower follows, and the status it reports for it. */
export interface FollowedReadModel {
  readonly projection: Projection;
  readonly status: MutableStatus;
}

/** One read model within one subscription's life. */
export interface Track extends FollowedReadModel {
  readonly followed: FollowedVersion;
  readonly ref: VersionRef;
  checkpoint: string | null;
  /** Readers may use the version (ReaderVersion.built). */
  built: boolean;
}

/** What one track commits: its events (those past its checkpoint), and how. */
export interface Part {
  readonly track: Track;
  readonly events: readonly RecordedEvent[];
  readonly activate?: boolean;
  /** A group of a build from nothing: no point of the store, so the checkpoint stays as it is. */
  readonly group?: boolean;
  /** Where the batch leaves the checkpoint (by default, its last event's position). */
  readonly checkpoint?: string;
  readonly build?: BuildProgress;
  readonly expectedBuild?: BuildProgress | null;
}

/** How a partition's follower commits what it derives for its read models, and reports it. */
export class TrackCommits {
  constructor(
    private readonly context: FollowerContext,
    private readonly partition: number,
    private readonly stopping: () => boolean,
  ) {}

  /** A batch of the subscription: each read model gets the events past its own checkpoint. */
  commitEvents(tracks: readonly Track[], events: readonly RecordedEvent[]): Promise<void> {
    const parts: Part[] = [];
    for (const track of tracks) {
      const past = track.checkpoint === null ? undefined : parsePosition(track.checkpoint);
      const from = past ? events.findIndex((e) => comparePositions(e.position, past) > 0) : 0;
      if (from >= 0) parts.push({ track, events: from === 0 ? events : events.slice(from) });
    }
    return this.commit(parts);
  }

  /**
   * Derives every part and commits them together, retrying with backoff until they are written, the
   * follower stops, or it must start again (a read model's checkpoint is not where it was: with a store
   * that commits them one by one, some may have been written before a failure).
   */
  async commit(parts: readonly Part[]): Promise<void> {
    if (parts.length === 0) return;
    const { readModels, partitions } = this.context;
    // After a failed attempt each read model goes back to what it was doing (catching up, or live).
    const resumeAs = parts.map(({ track }) =>
      track.status.state === 'retrying' ? 'live' : track.status.state,
    );
    for (let attempt = 1; ; attempt++) {
      if (this.stopping()) throw new Stopped();
      try {
        const batches = await Promise.all(
          parts.map((part) =>
            deriveBatch({
              store: readModels,
              ref: part.track.ref,
              projection: part.track.projection,
              events: part.events,
              expectedCheckpoint: part.track.checkpoint,
              activate: part.activate,
              build: part.build,
              expectedBuild: part.expectedBuild,
              partition: { index: this.partition, count: partitions },
              ...(part.group
                ? {
                    checkpoint: part.track.checkpoint,
                    session: { startsAbsent: part.track.projection.context?.derivedDocuments },
                  }
                : part.checkpoint !== undefined
                  ? { checkpoint: part.checkpoint }
                  : {}),
            }),
          ),
        );
        await readModels.applyBatches(batches);
        parts.forEach(({ track, events, group }, i) => {
          const { checkpoint } = batches[i].batch;
          track.checkpoint = checkpoint;
          const { status } = track;
          if (status.retries > 0)
            this.context.logger?.log(`projection ${track.projection.name}: writing again`);
          Object.assign(status, { checkpoint, retries: 0, lastError: null });
          if (status.state === 'retrying') status.state = resumeAs[i];
          // A group's events include the context projected with every group: the pass counts what it read.
          if (!group) this.applied(track, checkpoint, events.length);
        });
        return;
      } catch (error) {
        if (isRestart(error) || this.stopping()) throw error;
        for (const { track } of parts) track.status.state = 'retrying';
        this.fail(
          error,
          parts.map((p) => p.track),
        );
        await this.context.sleeper.sleep(backoffDelay(attempt, this.context.backoff));
      }
    }
  }

  applied(track: Track, checkpoint: string | null, events: number): void {
    if (events === 0) return;
    track.status.eventsApplied += events;
    this.context.onBatch?.({
      projection: track.projection.name,
      version: track.ref.version,
      partition: this.partition,
      checkpoint,
      events,
    });
  }

  fail(error: unknown, readModels: readonly FollowedReadModel[]): void {
    const lastError = error instanceof Error ? error.name : typeof error;
    for (const { projection, status } of readModels) {
      status.retries += 1;
      status.lastError = lastError;
      // Log the first failure and then every tenth, by type only: messages may quote patient data.
      if (status.retries === 1 || status.retries % 10 === 0) {
        this.context.logger?.warn(
          `projection ${projection.name}: ${lastError} (attempt ${status.retries}); retrying`,
        );
      }
    }
  }
}
