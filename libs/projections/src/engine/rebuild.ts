import {
  formatPosition,
  MAX_PAGE_SIZE,
  streamInventory,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '@ccm/event-store';
import { ChainTails, IntegrityViolationError } from '@ccm/record';
import { RETIRED_READ_MODELS } from '../all-projections';
import type { BuildProgress, ReadModelStore } from '../read-model-store';
import { leastCheckpoint, partitionOfStream } from '../partitions';
import { projectBatch } from './project-batch';
import { RebuildProgressReporter, type RebuildProgress } from './rebuild-progress';
import { readBatch } from './rebuild-reads';
import { projectStreamByStream } from './stream-pass';
import { CCM_STREAMS, type Projection } from './projection';

export type { RebuildProgress } from './rebuild-progress';

export interface RebuildOptions {
  readonly eventStore: EventStore;
  readonly readModels: ReadModelStore;
  readonly projections: readonly Projection[];
  /** Events per batch in store order (default 20,000), and per group of streams (default 5,000). */
  readonly batchSize?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
  readonly progressIntervalMs?: number;
  /** Keep the versions readers used before (default: drop them after the switch). */
  readonly keepOldVersions?: boolean;
  /** Time readers still holding the old version get before it is dropped. */
  readonly dropDelayMs?: number;
  /**
   * Keys a read model's new version is known to hold, remembered so absent ones are not read (default
   * 500,000 per read model). Past it the set is dropped and every key is read again: memory stays bounded
   * however large the store (the set is about 100 bytes a key). Into Redis it rebuilt 1.1x faster (3,000
   * patients, bench/projection-rebuild.ts, 3 December); into SQLite no difference could be measured.
   */
  readonly maxKnownKeys?: number;
  /**
   * `by-stream` (the default): a group of streams at a time, each stream read whole, so each document is
   * derived and written once per group however its stream's events are spread through the store; then,
   * in store order, whatever was appended meanwhile. `store`: the store in order, a batch at a time.
   * Both give the same documents (a test holds them to it). By stream rebuilt 1.3x faster into SQLite with
   * half the peak RSS (3,000 patients, `--rebuild-order`, 3 December).
   */
  readonly order?: 'by-stream' | 'store';
  /** Partitions of the new versions (default 1): as many as the projectors that will share them. */
  readonly partitions?: number;
}

const MAX_KNOWN_KEYS = 500_000;

/**
 * A batch derives each document it touches once, however many of its events touch it: in a clinic's
 * store, where a patient's events are spread among everyone else's, small batches derive (and write) a
 * patient's ledger and months again for nearly every event of theirs. Memory grows with the documents a
 * batch touches, not with the store.
 */
const DEFAULT_BATCH_SIZE = 20_000;

interface Target {
  readonly projection: Projection;
  readonly ref: { readonly projection: string; readonly version: number };
  /** By partition. */
  readonly checkpoints: (string | null)[];
  knownKeys: Set<string> | undefined;
}

export interface RebuildResult {
  readonly projection: string;
  readonly previousVersion: number | null;
  readonly version: number;
  readonly checkpoint: string | null;
}

/**
 * Rebuilds read models from the start of the event store into new versions, in one pass over the store
 * for all of them. Readers (and a projector running elsewhere) keep using the current versions; once the
 * new ones have caught up with the store, the last batch activates them and readers switch. A projector
 * still following an old version sees the switch and moves to the new one from its checkpoint.
 *
 * Every event's hash chain is checked before it is projected: at the first event that does not verify the
 * rebuild stops, drops the versions it was filling (readers never saw them) and throws
 * IntegrityViolationError naming the stream and revision. Nothing is billed from an edited record.
 */
export async function rebuildProjections(options: RebuildOptions): Promise<RebuildResult[]> {
  const created: { projection: string; version: number }[] = [];
  try {
    return await rebuildInto(options, created);
  } catch (error) {
    if (error instanceof IntegrityViolationError) {
      for (const ref of created) await options.readModels.dropVersion(ref).catch(() => undefined);
    }
    throw error;
  }
}

async function rebuildInto(
  options: RebuildOptions,
  created: { projection: string; version: number }[],
): Promise<RebuildResult[]> {
  const { eventStore, readModels, projections } = options;
  const names = projections.map((p) => p.name);
  const progress = new RebuildProgressReporter(names, options.onProgress, options.progressIntervalMs);
  const report = progress.report.bind(progress);

  // Versions left behind by an interrupted rebuild are dropped first: nobody reads them.
  const previous = new Map<string, number | null>();
  for (const name of names) {
    const versions = await readModels.versions(name);
    previous.set(name, versions.find((v) => v.active)?.version ?? null);
    for (const v of versions)
      if (!v.active) await readModels.dropVersion({ projection: name, version: v.version });
  }

  report('counting', true);
  const byStream = (options.order ?? 'by-stream') === 'by-stream';
  const inventory = byStream ? await streamInventory(eventStore, CCM_STREAMS) : undefined;
  if (inventory) progress.total = inventory.streams.reduce((sum, s) => sum + s.events, 0);
  else if (eventStore.countAll) progress.total = await eventStore.countAll(CCM_STREAMS);
  else {
    for (let after: GlobalPosition | undefined; ;) {
      const page = await eventStore.readAll({ after, maxCount: MAX_PAGE_SIZE, filter: CCM_STREAMS });
      progress.total += page.events.length;
      after = page.lastPosition ?? after;
      report('counting');
      if (page.isEnd) break;
    }
  }

  const partitions = options.partitions ?? 1;
  const eachPartition = Array.from({ length: partitions }, (_, partition) => partition);
  const targets: Target[] = [];
  for (const projection of projections) {
    const version = await readModels.createVersion(projection.name, projection.layout, partitions);
    created.push({ projection: projection.name, version });
    targets.push({
      projection,
      ref: { projection: projection.name, version },
      checkpoints: eachPartition.map(() => null),
      // The version starts empty and only this pass writes it (the checkpoint check guards that).
      knownKeys: new Set<string>(),
    });
  }
  // Events read by the pass of each partition's streams, stored with its batches (progress from the stores;
  // no streams are counted done: an interrupted rebuild is dropped, not resumed).
  const readOf = eachPartition.map(() => 0);
  const buildOf = (partition: number): BuildProgress | undefined =>
    inventory?.lastPosition && {
      end: formatPosition(inventory.lastPosition),
      streamsDone: 0,
      eventsRead: readOf[partition],
    };
  const project = async (events: readonly RecordedEvent[], groupOfStreams: boolean): Promise<void> => {
    // Side by side: one read model's batch is computed while another's is written (Redis answers).
    const outcomes = await Promise.allSettled(
      targets.flatMap((target) =>
        eachPartition.map(async (partition) => {
          target.checkpoints[partition] = await projectBatch({
            store: readModels,
            ref: target.ref,
            projection: target.projection,
            events,
            expectedCheckpoint: target.checkpoints[partition],
            partition: { index: partition, count: partitions },
            // A group of streams is no point of the store: the version has none until the pass ends.
            ...(groupOfStreams ? { checkpoint: null, build: buildOf(partition) } : {}),
            session: {
              knownKeys: target.knownKeys,
              startsAbsent: groupOfStreams ? target.projection.context?.derivedDocuments : undefined,
            },
          });
        }),
      ),
    );
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    for (const target of targets) {
      if ((target.knownKeys?.size ?? 0) > (options.maxKnownKeys ?? MAX_KNOWN_KEYS))
        target.knownKeys = undefined;
    }
  };
  progress.startProjecting();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  // Streams are read from their first event, whole (by stream) or in store order: every head is known.
  const chains = new ChainTails();
  const verified = (events: readonly RecordedEvent[]): readonly RecordedEvent[] => {
    for (const event of events) chains.acceptFromStart(event);
    return events;
  };
  let after: GlobalPosition | undefined;
  if (inventory?.lastPosition) {
    const end = inventory.lastPosition;
    await projectStreamByStream({
      eventStore,
      inventory,
      projections,
      groupSize: options.batchSize,
      verified,
      project: async (events) => {
        await project(events, true);
        report('projecting');
      },
      onRead: (streamId, events) => {
        progress.done += events;
        readOf[partitionOfStream(streamId, partitions)] += events;
      },
    });
    for (const target of targets) {
      const checkpoint = formatPosition(end);
      for (const partition of eachPartition) {
        await readModels.applyBatch(target.ref, {
          partition,
          expectedCheckpoint: target.checkpoints[partition],
          checkpoint,
          writes: [],
          build: buildOf(partition),
        });
        target.checkpoints[partition] = checkpoint;
      }
    }
    after = end;
  }
  // In store order: the whole store, or what was appended while the streams were projected.
  for (;;) {
    const page = await readBatch(eventStore, after, batchSize);
    if (page.events.length > 0) await project(verified(page.events), false);
    progress.done += page.events.length;
    after = page.lastPosition ?? after;
    report('projecting');
    if (page.isEnd) break;
  }

  report('switching', true);
  // Up to the last position read, past events of streams no read model follows (the access log's).
  const readUpTo = after && formatPosition(after);
  for (const target of targets) {
    for (const partition of eachPartition) {
      await readModels.applyBatch(target.ref, {
        partition,
        expectedCheckpoint: target.checkpoints[partition],
        checkpoint: readUpTo ?? target.checkpoints[partition],
        writes: [],
        activate: true,
      });
    }
  }
  if (!options.keepOldVersions) {
    await new Promise((resolve) => setTimeout(resolve, options.dropDelayMs ?? 2000));
    for (const target of targets) {
      const old = previous.get(target.ref.projection);
      if (old !== null && old !== undefined)
        await readModels.dropVersion({ projection: target.ref.projection, version: old });
    }
    for (const [retired, replacement] of Object.entries(RETIRED_READ_MODELS)) {
      if (names.includes(replacement)) await readModels.dropReadModel(retired);
    }
  }
  report('done', true);
  return targets.map((t) => ({
    projection: t.ref.projection,
    previousVersion: previous.get(t.ref.projection) ?? null,
    version: t.ref.version,
    checkpoint: readUpTo ?? leastCheckpoint(t.checkpoints),
  }));
}
