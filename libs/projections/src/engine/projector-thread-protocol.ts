import type { ReadModelStoreConfig } from '../read-model-config';
import type { ProjectionStatus } from './running-projector';

/** What the projector thread is started with (structured-clonable). */
export interface ProjectorThreadData {
  /** The event store file the api appends to; the thread reads it through its own connection. */
  readonly eventStoreFile: string;
  readonly readModelStore: ReadModelStoreConfig;
  /** Unset options take the Projector's and the store's defaults. */
  readonly batchSize?: number;
  readonly partitions?: number;
  readonly idleFlushMs?: number;
  readonly versionCheckMs?: number;
  /** How often the thread looks for appends it was not told about (a second api process on the file). */
  readonly pollIntervalMs?: number;
  /** How often the thread reports its projections' statuses, besides after committed batches. */
  readonly statusIntervalMs: number;
  /** The thread's nice value on Linux (0: the process's priority). */
  readonly nice: number;
}

export type ToProjectorThread = { readonly kind: 'appended' } | { readonly kind: 'stop' };

export type FromProjectorThread =
  | { readonly kind: 'status'; readonly statuses: readonly ProjectionStatus[] }
  | { readonly kind: 'log'; readonly level: 'log' | 'warn' | 'error'; readonly message: string }
  | { readonly kind: 'stopped' };
