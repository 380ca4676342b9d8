import {
  checkAnchor,
  describeSource,
  latestAnchor,
  MigrationRefusedError,
  migrateStore,
  planMigration,
  verifyAllStreams,
  type MigrationPlan,
} from '@ccm/audit';
import type { EventStore } from '@ccm/event-store';
import { systemClock } from '@ccm/record';
import { loadConfig, openEventStore } from '@ccm/runtime';
import { existsSync } from 'node:fs';
import { CliUsageError, defineCommand, EXIT_USAGE, type CliIo } from '../cli-command';
import { cliUserId } from '../cli-reader';
import { ProgressBar } from '../progress';

function describePlan(plan: MigrationPlan): string {
  const target = {
    empty: 'empty: everything will be copied',
    partial: `an unfinished migration: it resumes`,
    complete: 'a completed migration: nothing to do',
    'not-empty': 'events of its own: refused (migrate into an empty store)',
  }[plan.target.state];
  return [
    `source: ${plan.source.kind}, ${plan.source.events} events in ${plan.source.streams} streams (last position ${plan.source.lastPosition ?? 'none'}), ${plan.anchors} anchors`,
    `target: ${target}${'eventsCopied' in plan.target ? ` (${plan.target.eventsCopied} events copied so far)` : ''}`,
    '',
  ].join('\n');
}

/** After the copy, the target is checked as `audit verify` and `audit anchor check` check a store. */
async function verifyTarget(target: EventStore, io: CliIo): Promise<boolean> {
  const bar = new ProgressBar(io.stderr, 'verifying the target');
  const walk = await verifyAllStreams(target, { onProgress: (p) => bar.update(p.eventsChecked) });
  bar.finish(walk.eventsChecked);
  if (!walk.ok) {
    io.stdout.write(`BROKEN: ${walk.firstBreak?.streamId} revision ${walk.firstBreak?.revision}\n`);
    return false;
  }
  io.stdout.write(`chains: ${walk.eventsChecked} events in ${walk.streamsChecked} streams verified\n`);
  const key = loadConfig(io.env).anchorKey;
  const anchor = await latestAnchor(target);
  if (!anchor) return true;
  if (!key) {
    io.stdout.write('anchor: not checked (set CCM_ANCHOR_KEY to check the latest anchor)\n');
    return true;
  }
  const check = await checkAnchor(target, anchor, [key]);
  io.stdout.write(check.ok ? `anchor: OK (${check.streamCount} streams)\n` : `anchor: ${check.reason}\n`);
  return check.ok;
}

/**
 * Copies the embedded SQLite store into EventStoreDB, every event with its id, revision, metadata and
 * hash chain, recording its progress on the target so a killed run resumes. The api must be stopped.
 */
export const migrateCommand = defineCommand({
  path: ['migrate'],
  usage: 'migrate --to eventstoredb [--connection-string esdb://...] [--dry-run] [--as USER]',
  summary: 'copy the SQLite event store into EventStoreDB (resumable), then verify the copy',
  options: [
    { flags: '--to <eventstoredb>', description: 'the kind of store to copy into (only eventstoredb)' },
    {
      flags: '--connection-string <URL>',
      description: 'the EventStoreDB to copy into (default EVENTSTORE_CONNECTION_STRING)',
    },
    { flags: '--dry-run', description: 'say what would be copied and what the target holds; write nothing' },
    {
      flags: '--as <USER>',
      description: 'who runs it (default: CCM_CLI_USER, else the operating-system user)',
    },
  ],
  details:
    'The source is the SQLite store of CCM_DATA_DIR. Stop the api first: events written to the source after the copy are not copied.',
  async execute({ options }, io) {
    if (options.get('to') !== 'eventstoredb') throw new CliUsageError('--to must be eventstoredb');
    const connectionString = options.get('connection-string') ?? io.env.EVENTSTORE_CONNECTION_STRING;
    if (typeof connectionString !== 'string' || !connectionString.startsWith('esdb'))
      throw new CliUsageError('--connection-string (or EVENTSTORE_CONNECTION_STRING) must be an esdb:// URL');
    const config = loadConfig({ ...io.env, EVENT_STORE: 'sqlite' }).eventStore;
    if (config.kind !== 'sqlite' || !existsSync(config.filename)) {
      io.stderr.write('migrate: no SQLite event store in CCM_DATA_DIR to copy\n');
      return EXIT_USAGE;
    }
    const userId = cliUserId(options, io);
    const source = await openEventStore(config);
    const target = await openEventStore({ kind: 'eventstoredb', connectionString });
    try {
      const described = await describeSource(source, 'sqlite');
      const plan = await planMigration(source, target, 'sqlite', described);
      io.stdout.write(describePlan(plan));
      if (options.has('dry-run')) return plan.target.state === 'not-empty' ? EXIT_USAGE : 0;
      if (plan.target.state !== 'complete') {
        const bar = new ProgressBar(io.stderr, 'copying', plan.source.events);
        const report = await migrateStore(source, target, {
          sourceKind: 'sqlite',
          described,
          clock: systemClock,
          userId,
          onProgress: (copied) => bar.update(copied),
        });
        bar.finish(report.eventsCopied);
        io.stdout.write(
          `copied: ${report.eventsCopied} events (${report.eventsSkipped} found already there${report.resumedFrom ? `, resumed after ${report.resumedFrom}` : ''}); ${report.anchorsTranslated} anchors located on the target\n`,
        );
      }
      return (await verifyTarget(target, io)) ? 0 : 1;
    } catch (error) {
      if (!(error instanceof MigrationRefusedError)) throw error;
      io.stderr.write(`migrate: ${error.message}\n`);
      return EXIT_USAGE;
    } finally {
      await Promise.all([source.close(), target.close()]);
    }
  },
});
