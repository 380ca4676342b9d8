import {
  copySqliteStore,
  isSqliteStoreInUse,
  NotAnEventStoreError,
  sealSqliteCopy,
  SqliteEventStore,
  sqliteStoreContents,
} from '@ccm/event-store';
import {
  describeReadModelStore,
  loadReadSideConfig,
  openReadModelStore,
  projectionsNamed,
} from '@ccm/projections';
import { loadConfig } from '@ccm/runtime';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defineCommand, EXIT_USAGE, requireOption, type CliIo } from '../cli-command';
import { EXIT_TAMPERED } from './audit';
import { removeSqliteFile, sqliteStoreFile } from './backup';
import { rebuildWithProgress, type RebuildSummary } from './projections-rebuild';
import { checkStoreCopy, describeFailedCheck, positionText } from './store-copy-check';

const inUseMessage = (file: string) =>
  `the event store ${file} is open in another process (the api, the projector or another command); stop it first`;

/** Why the store in place may not be replaced: in use (never), or holding events (unless forced). */
function targetRefusal(target: string, force: boolean): string | undefined {
  try {
    if (isSqliteStoreInUse(target)) return inUseMessage(target);
    const present = sqliteStoreContents(target);
    if (present.events > 0 && !force)
      return `the event store ${target} is not empty (${present.events} events); --force replaces it`;
  } catch (error) {
    if (!(error instanceof NotAnEventStoreError)) throw error;
    if (!force) return `${error.message}; --force replaces it`;
  }
  return undefined;
}

/** Rebuilds every read model from the restored events; says what to do when that cannot be done now. */
async function rebuildReadModels(io: CliIo, eventsFile: string): Promise<RebuildSummary | string> {
  const readSide = loadReadSideConfig(io.env);
  const eventStore = new SqliteEventStore({ filename: eventsFile });
  const readModels = openReadModelStore(readSide.store);
  try {
    return await rebuildWithProgress(io, {
      eventStore,
      readModels,
      projections: projectionsNamed(undefined),
      partitions: readSide.partitions,
    });
  } catch (error) {
    return `the read models (${describeReadModelStore(readSide.store)}) could not be rebuilt: ${
      error instanceof Error ? error.message : String(error)
    }`;
  } finally {
    await readModels.close().catch(() => undefined);
    await eventStore.close();
  }
}

/**
 * `restore --from FILE`: puts a backup in place of the embedded event store of CCM_DATA_DIR. The backup is
 * copied beside the store and verified (integrity, hash chains, latest anchor) before anything is
 * replaced; a store in use by another process is never replaced, a store with events only with --force.
 * Then every read model is rebuilt from the restored events (as `projections rebuild` does), because
 * read models built from other events, or checkpointed past the restored end, would be wrong.
 */
export const restoreCommand = defineCommand({
  path: ['restore'],
  usage: 'restore --from FILE [--force] [--skip-rebuild]',
  summary:
    'put a backup in place of the SQLite event store (api stopped), verify it, rebuild the read models',
  options: [
    { flags: '--from <FILE>', description: 'the backup file (made by `backup`)' },
    { flags: '--force', description: 'replace an event store that already holds events' },
    {
      flags: '--skip-rebuild',
      description: 'leave the read models alone (then run `projections rebuild` before the api starts)',
    },
  ],
  details: [
    'Stop the api and the projector first: a store open in another process is refused.',
    `Exit 0 when restored, verified and rebuilt; ${EXIT_TAMPERED} when the backup does not verify (nothing is`,
    `replaced); ${EXIT_USAGE} when refused; 1 when the events are restored but the read models could not be rebuilt.`,
  ].join('\n'),
  async execute({ options }, io) {
    const from = resolve(requireOption(options, 'from'));
    const config = loadConfig(io.env);
    const target = sqliteStoreFile(config, io, 'restore');
    if (target === undefined) return EXIT_USAGE;
    if (!existsSync(from)) {
      io.stderr.write(`restore: no such file ${from}\n`);
      return EXIT_USAGE;
    }
    if (from === resolve(target)) {
      io.stderr.write('restore: --from is the event store itself\n');
      return EXIT_USAGE;
    }
    if (existsSync(target)) {
      const refusal = targetRefusal(target, options.get('force') === true);
      if (refusal) {
        io.stderr.write(`restore: ${refusal}\n`);
        return EXIT_USAGE;
      }
    }

    mkdirSync(dirname(target), { recursive: true });
    const incoming = `${target}.restoring-${process.pid}`;
    removeSqliteFile(incoming);
    let restored;
    try {
      restored = await copySqliteStore(from, incoming);
    } catch (error) {
      removeSqliteFile(incoming);
      if (!(error instanceof NotAnEventStoreError)) throw error;
      io.stderr.write(`restore: ${error.message}\n`);
      return EXIT_USAGE;
    }
    const check = await checkStoreCopy(incoming, io, config.anchorKey);
    if (!check.ok) {
      removeSqliteFile(incoming);
      io.stdout.write(`${JSON.stringify({ restored: false, from, verified: check })}\n`);
      io.stderr.write(
        `BROKEN: the backup does not verify, nothing was restored: ${describeFailedCheck(check)}\n`,
      );
      return EXIT_TAMPERED;
    }
    sealSqliteCopy(incoming);
    const refusal = existsSync(target) ? targetRefusal(target, true) : undefined;
    if (refusal) {
      removeSqliteFile(incoming);
      io.stderr.write(`restore: ${refusal}\n`);
      return EXIT_USAGE;
    }
    // The old store's WAL first: a new file beside an old WAL would have the old WAL applied to it.
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${target}${suffix}`, { force: true });
    renameSync(incoming, target);
    const inPlace = sqliteStoreContents(target);
    if (inPlace.events !== restored.events || inPlace.streams !== restored.streams) {
      throw new Error(`the restored store does not hold what was verified (${target})`);
    }

    const readModels =
      options.get('skip-rebuild') === true
        ? 'skipped: run `npm run ccm -- projections rebuild` before starting the api'
        : await rebuildReadModels(io, target);
    io.stdout.write(
      `${JSON.stringify({
        restored: target,
        from,
        events: restored.events,
        streams: restored.streams,
        lastPosition: positionText(restored.lastPosition),
        verified: check,
        readModels,
      })}\n`,
    );
    if (typeof readModels === 'string') {
      io.stderr.write(`restore: events restored and verified; ${readModels}\n`);
      return options.get('skip-rebuild') === true ? 0 : 1;
    }
    return 0;
  },
});
