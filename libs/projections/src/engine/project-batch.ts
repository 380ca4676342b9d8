import { formatPosition, type RecordedEvent } from '@ccm/event-store';
import type { BuildProgress, ReadModelStore, RefBatch, VersionRef } from '../read-model-store';
import { partitionOfStream } from '../partitions';
import { DocumentSession, type DocumentSessionOptions } from './document-session';
import type { Projection } from './projection';

export interface BatchInput {
  readonly store: ReadModelStore;
  readonly ref: VersionRef;
  readonly projection: Projection;
  readonly events: readonly RecordedEvent[];
  readonly expectedCheckpoint: string | null;
  /** Where the batch leaves the read model; by default the position of its last event. */
  readonly checkpoint?: string | null;
  readonly activate?: boolean;
  /** See ReadModelBatch.build and expectedBuild. */
  readonly build?: BuildProgress;
  readonly expectedBuild?: BuildProgress | null;
  /**
   * The partition of the version this batch is for: only its practices' events are projected; every
   * event still moves its checkpoint. Absent: the version's only partition.
   */
  readonly partition?: { readonly index: number; readonly count: number };
  /** Rebuilds only: see DocumentSessionOptions. */
  readonly session?: DocumentSessionOptions;
}

/**
 * Derives one batch's documents, ready to commit with the checkpoint of its last event, ignored events
 * included. Reads the store; writes nothing.
 */
export async function deriveBatch(input: BatchInput): Promise<RefBatch> {
  const { store, ref, projection, events, partition } = input;
  const session = new DocumentSession(store, ref, input.session);
  const handled = events.filter(
    (event) =>
      (partition === undefined ||
        partition.count === 1 ||
        partitionOfStream(event.streamId, partition.count) === partition.index) &&
      projection.handles(event),
  );
  if (handled.length > 0) await projection.project(handled, session);
  const last = events[events.length - 1];
  const checkpoint =
    input.checkpoint !== undefined
      ? input.checkpoint
      : last
        ? formatPosition(last.position)
        : input.expectedCheckpoint;
  return {
    ref,
    batch: {
      expectedCheckpoint: input.expectedCheckpoint,
      checkpoint,
      writes: session.writes(),
      activate: input.activate,
      build: input.build,
      expectedBuild: input.expectedBuild,
      partition: partition?.index,
    },
  };
}

/**
 * Applies one batch and commits its documents with its checkpoint. Nothing is written unless everything
 * is: a failure anywhere leaves the store as it was, and the same batch can simply be projected again.
 */
export async function projectBatch(input: BatchInput): Promise<string | null> {
  const { ref, batch } = await deriveBatch(input);
  await input.store.applyBatch(ref, batch);
  return batch.checkpoint;
}
