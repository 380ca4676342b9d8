import type { EventStore } from '@ccm/event-store';
import {
  loadReadSideConfig,
  openReadModelStore,
  projectionsNamed,
  rebuildProjections,
  RedisReadModelStore,
  UnknownProjectionError,
  type Projection,
  type ReadModelStore,
  type RebuildProgress,
  type RebuildResult,
} from '@ccm/projections';
import { IntegrityViolationError } from '@ccm/record';
import { loadConfig, openEventStore } from '@ccm/runtime';
import { CliUsageError, defineCommand, type CliIo } from '../cli-command';
import { EXIT_TAMPERED } from './audit';
import { ProgressBar } from '../progress';

const MAX_BATCH = 200_000;

function chosenProjections(value: string | true | undefined): Projection[] {
  if (value === true) throw new CliUsageError('--name needs a read model name');
  try {
    return projectionsNamed(
      value
        ?.split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    );
  } catch (error) {
    if (error instanceof UnknownProjectionError) throw new CliUsageError(error.message);
    throw error;
  }
}

export interface RebuildSummary {
  readonly rebuilt: RebuildResult[];
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

/** rebuildProjections with progress bars on stderr (a terminal), or one summary line (a file or a pipe). */
export async function rebuildWithProgress(
  io: CliIo,
  input: {
    readonly eventStore: EventStore;
    readonly readModels: ReadModelStore;
    readonly projections: readonly Projection[];
    readonly batchSize?: number;
    readonly keepOldVersions?: boolean;
    /** READ_MODEL_PARTITIONS: the projectors will follow versions of that many partitions. */
    readonly partitions?: number;
  },
): Promise<RebuildSummary> {
  const { readModels } = input;
  if (readModels instanceof RedisReadModelStore) await readModels.ready();
  const names = input.projections.map((p) => p.name).join(', ');
  let counting: ProgressBar | undefined;
  let projecting: ProgressBar | undefined;
  let last: RebuildProgress | undefined;
  const rebuilt = await rebuildProjections({
    ...input,
    onProgress(progress) {
      last = progress;
      if (progress.phase === 'counting') {
        counting ??= new ProgressBar(io.stderr, 'counting events', undefined, { summary: false });
        counting.update(progress.eventsTotal);
        return;
      }
      if (counting) {
        counting.finish(progress.eventsTotal);
        counting = undefined;
      }
      projecting ??= new ProgressBar(io.stderr, `rebuilding ${names}`, progress.eventsTotal);
      if (progress.phase === 'projecting') projecting.update(progress.eventsDone);
      else projecting.update(progress.eventsDone, true);
    },
  });
  projecting?.finish(last?.eventsDone ?? 0);
  const seconds = (last?.elapsedMs ?? 0) / 1000;
  return {
    rebuilt,
    events: last?.eventsDone ?? 0,
    seconds: Math.round(seconds * 10) / 10,
    eventsPerSecond: last?.eventsPerSecond ?? 0,
  };
}

/**
 * `projections rebuild`: rebuilds one or all read models from the start of the event store into new
 * versions, with a progress bar on stderr (events done, rate, time left). Readers, and a projector running
 * elsewhere, keep using the current versions until the new ones have caught up; then they switch and the
 * old versions are dropped (kept with --keep-old). Same configuration as the api and the projector.
 */
export const projectionsRebuildCommand = defineCommand({
  path: ['projections', 'rebuild'],
  usage: 'projections rebuild [--name N[,N...]] [--batch N] [--keep-old]',
  summary: 'rebuild read models into new versions from the event store, then switch readers to them',
  options: [
    { flags: '--name <N[,N...]>', description: 'the read models to rebuild (default: all)' },
    { flags: '--batch <N>', description: `events per batch, 1 to ${MAX_BATCH}` },
    { flags: '--keep-old', description: 'keep the versions readers used before' },
  ],
  async execute({ options }, io) {
    const projections = chosenProjections(options.get('name'));
    const batchOption = options.get('batch');
    const batchSize = batchOption === undefined ? undefined : Number(batchOption);
    if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH)) {
      throw new CliUsageError(`--batch must be a whole number from 1 to ${MAX_BATCH}`);
    }
    const config = loadConfig(io.env);
    const readSide = loadReadSideConfig(io.env);
    const eventStore = await openEventStore(config.eventStore);
    const readModels = openReadModelStore(readSide.store);
    try {
      const summary = await rebuildWithProgress(io, {
        eventStore,
        readModels,
        projections,
        batchSize,
        keepOldVersions: options.get('keep-old') === true,
        partitions: readSide.partitions,
      });
      io.stdout.write(`${JSON.stringify(summary)}\n`);
      return 0;
    } catch (error) {
      // A chain that does not verify is not projected: the rebuild stops there, readers keep what they had.
      if (!(error instanceof IntegrityViolationError)) throw error;
      io.stderr.write(
        `BROKEN: the hash chain of stream ${error.streamId} breaks at revision ${error.revision} (${error.kind.replace(/_/g, ' ')}); the rebuild stopped there and readers keep the versions they had (run audit verify)\n`,
      );
      return EXIT_TAMPERED;
    } finally {
      await readModels.close();
      await eventStore.close();
    }
  },
});
