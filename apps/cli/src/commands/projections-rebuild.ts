import {
  loadReadSideConfig,
  openReadModelStore,
  projectionsNamed,
  rebuildProjections,
  RedisReadModelStore,
  UnknownProjectionError,
  type Projection,
  type RebuildProgress,
} from '@ccm/projections';
import { loadConfig, openEventStore } from '@ccm/runtime';
import { CliUsageError, parseOptions, type CliCommand } from '../cli-command';
import { ProgressBar } from '../progress';

const USAGE = 'projections rebuild [--name N[,N...]] [--batch N] [--keep-old]';
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

/**
 * `projections rebuild`: rebuilds one or all read models from the start of the event store into new
 * versions, with a progress bar on stderr (events done, rate, time left). Readers, and a projector running
 * elsewhere, keep using the current versions until the new ones have caught up; then they switch and the
 * old versions are dropped (kept with --keep-old). Same configuration as the api and the projector.
 */
export const projectionsRebuildCommand: CliCommand = {
  path: ['projections', 'rebuild'],
  usage: USAGE,
  summary: 'rebuild read models into new versions from the event store, then switch readers to them',
  async run(args, io) {
    const { options, positional } = parseOptions(args);
    const unknown = [...options.keys()].find((k) => !['name', 'batch', 'keep-old'].includes(k));
    if (unknown !== undefined || positional.length > 0)
      throw new CliUsageError(`unexpected ${unknown ? `--${unknown}` : positional[0]}`);
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
      if (readModels instanceof RedisReadModelStore) await readModels.ready();
      const names = projections.map((p) => p.name).join(', ');
      let counting: ProgressBar | undefined;
      let projecting: ProgressBar | undefined;
      let last: RebuildProgress | undefined;
      const results = await rebuildProjections({
        eventStore,
        readModels,
        projections,
        batchSize,
        keepOldVersions: options.get('keep-old') === true,
        onProgress(progress) {
          last = progress;
          if (progress.phase === 'counting') {
            counting ??= new ProgressBar(io.stderr, 'counting events');
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
      io.stdout.write(
        `${JSON.stringify({
          rebuilt: results,
          events: last?.eventsDone ?? 0,
          seconds: Math.round(seconds * 10) / 10,
          eventsPerSecond: last?.eventsPerSecond ?? 0,
        })}\n`,
      );
      return 0;
    } finally {
      await readModels.close();
      await eventStore.close();
    }
  },
};
