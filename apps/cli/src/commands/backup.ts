import { copySqliteStore, NotAnEventStoreError, sealSqliteCopy } from '@ccm/event-store';
import { loadConfig, type AppConfig } from '@ccm/runtime';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defineCommand, EXIT_USAGE, requireOption, type CliIo } from '../cli-command';
import { EXIT_TAMPERED } from './audit';
import { checkStoreCopy, describeFailedCheck, positionText } from './store-copy-check';

/** The configured store's file, or undefined (after saying so) when it is not the embedded SQLite store. */
export function sqliteStoreFile(config: AppConfig, io: CliIo, command: string): string | undefined {
  if (config.eventStore.kind === 'sqlite') return config.eventStore.filename;
  io.stderr.write(
    `${command}: works on the embedded SQLite event store (EVENT_STORE=sqlite); ` +
      `EVENT_STORE=${config.eventStore.kind} is backed up by its own procedure (README: Backups)\n`,
  );
  return undefined;
}

async function sha256Of(filename: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filename)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The copy's siblings SQLite may leave while it has the file open. */
export function removeSqliteFile(filename: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${filename}${suffix}`, { force: true });
}

/**
 * `backup --out FILE`: a consistent copy of the embedded event store, taken with SQLite's online backup API
 * while the api may be appending (see copySqliteStore), then checked as `audit verify` checks the store.
 * The copy is written beside FILE and renamed onto it once complete, so FILE never holds half a backup.
 */
export const backupCommand = defineCommand({
  path: ['backup'],
  usage: 'backup --out FILE [--force]',
  summary: 'copy the SQLite event store while the api runs, and verify the copy',
  options: [
    { flags: '--out <FILE>', description: 'the backup file to write' },
    { flags: '--force', description: 'replace FILE if it exists' },
  ],
  details: [
    'Prints what was copied (events, streams, last position, size, SHA-256) and how the copy verified:',
    'SQLite integrity check, every hash chain, and the latest anchor when CCM_ANCHOR_KEY is set.',
    `Exit 0 when the copy verifies, ${EXIT_TAMPERED} when it does not (the file is kept: it is what the store holds),`,
    `${EXIT_USAGE} when refused.`,
  ].join('\n'),
  async execute({ options }, io) {
    const out = resolve(requireOption(options, 'out'));
    const config = loadConfig(io.env);
    const source = sqliteStoreFile(config, io, 'backup');
    if (source === undefined) return EXIT_USAGE;
    if (!existsSync(source)) {
      io.stderr.write(`backup: no event store at ${source} (CCM_DATA_DIR)\n`);
      return EXIT_USAGE;
    }
    if (out === resolve(source)) {
      io.stderr.write('backup: --out is the event store itself\n');
      return EXIT_USAGE;
    }
    if (existsSync(out) && options.get('force') !== true) {
      io.stderr.write(`backup: ${out} exists; --force replaces it\n`);
      return EXIT_USAGE;
    }
    mkdirSync(dirname(out), { recursive: true });
    const partial = `${out}.partial-${process.pid}`;
    removeSqliteFile(partial);
    let copied;
    try {
      copied = await copySqliteStore(source, partial);
    } catch (error) {
      removeSqliteFile(partial);
      if (!(error instanceof NotAnEventStoreError)) throw error;
      io.stderr.write(`backup: ${error.message}\n`);
      return EXIT_USAGE;
    }
    let check;
    try {
      check = await checkStoreCopy(partial, io, config.anchorKey);
      sealSqliteCopy(partial);
    } catch (error) {
      removeSqliteFile(partial);
      throw error;
    }
    renameSync(partial, out);
    const report = {
      backup: out,
      events: copied.events,
      streams: copied.streams,
      lastPosition: positionText(copied.lastPosition),
      bytes: statSync(out).size,
      sha256: await sha256Of(out),
      verified: check,
    };
    io.stdout.write(`${JSON.stringify(report)}\n`);
    if (!check.ok) {
      io.stderr.write(`BROKEN: the copy does not verify: ${describeFailedCheck(check)}\n`);
      return EXIT_TAMPERED;
    }
    return 0;
  },
});
