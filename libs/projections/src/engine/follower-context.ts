import type { EventStore, StreamInventory } from '@ccm/event-store';
import type { RecentlyVerified } from '@ccm/record';
import type { ReadModelStore } from '../read-model-store';
import type { BackoffOptions, Sleeper } from './backoff';
import type { ProjectionStatus } from './running-projector';
import type { FollowedVersion } from './version-to-follow';

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
  /** An event checked once is not hashed again when a follower meets it again (a resubscription, a restart). */
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
