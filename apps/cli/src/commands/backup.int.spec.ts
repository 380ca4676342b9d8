import { recordAnchor, type Anchor } from '@ccm/audit';
import { matchesFilter, SqliteEventStore, sqliteStoreContents } from '@ccm/event-store';
import { CCM_STREAMS, SqliteReadModelStore } from '@ccm/projections';
import { PatientRecords, PracticeRecords } from '@ccm/record';
import { seedClinic } from '@ccm/synthetic-clinic';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../run-cli';
import { commands } from './index';

const repoRoot = resolve(__dirname, '../../../..');
const ANCHOR_KEY = 'backup-test-anchor-key';

async function ccm(argv: string[], env: NodeJS.ProcessEnv) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await runCli(argv, { stdin: Readable.from([]), stdout, stderr, env }, commands);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Rows of a store file as of a position: what a copy taken at that instant must hold, exactly. */
function rowsUpTo(file: string, position: number) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return {
      events: db
        .prepare(
          'SELECT position, stream_id, revision, event_id, type, data, metadata FROM events WHERE position <= ? ORDER BY position',
        )
        .all(position),
      streams: db
        .prepare(
          'SELECT stream_id, MAX(revision) AS revision FROM events WHERE position <= ? GROUP BY stream_id ORDER BY stream_id',
        )
        .all(position),
    };
  } finally {
    db.close();
  }
}

function streamsTable(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT stream_id, revision FROM streams ORDER BY stream_id').all();
  } finally {
    db.close();
  }
}

interface BackupReport {
  backup: string;
  events: number;
  streams: number;
  lastPosition: string;
  sha256: string;
  verified: {
    ok: boolean;
    integrity: string;
    chains: { ok: boolean; eventsChecked: number };
    anchor: { checked: boolean; ok?: boolean };
  };
}

describe('backup and restore of the embedded SQLite event store', () => {
  let root: string;
  let source: NodeJS.ProcessEnv;
  let anchor: Anchor;
  const sourceFile = () => join(root, 'source', 'events.sqlite');
  let writer: ChildProcess | undefined;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ccm-backup-'));
    mkdirSync(join(root, 'source'));
    source = {
      CCM_DATA_DIR: join(root, 'source'),
      CCM_SQLITE_SYNCHRONOUS: 'NORMAL',
      CCM_ANCHOR_KEY: ANCHOR_KEY,
    };
    const store = new SqliteEventStore({ filename: sourceFile(), synchronous: 'NORMAL' });
    const clock = { now: () => new Date() };
    const practices = new PracticeRecords(store, clock);
    await seedClinic(
      { practices, patients: new PatientRecords(store, practices, clock), clock },
      { practiceId: 'demo', patients: 8, months: 2, seed: 11, lastDay: '2026-03-30' },
    );
    const recorded = await recordAnchor(store, { keyId: 'default', secret: ANCHOR_KEY }, clock);
    if (!recorded.anchor) throw new Error('the seeded store does not verify');
    anchor = recorded.anchor;
    await store.close();
  });

  afterAll(() => {
    writer?.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  // The writer is `npm run ccm -- seed` in its own process: the real command path, committing while the
  // backup reads. Starting ts-node takes seconds.
  it('copies a consistent instant while another process appends, and the restored copy verifies', async () => {
    const base = sqliteStoreContents(sourceFile()).events;
    writer = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        './scripts/register-aliases.js',
        'apps/cli/src/main.ts',
        'seed',
        '--practice',
        'busy',
        '--patients',
        '5000',
        '--months',
        '2',
        '--last-day',
        '2026-03-30',
      ],
      { cwd: repoRoot, env: { ...process.env, ...source }, stdio: 'ignore' },
    );
    let writerExit: number | null | undefined;
    const exited = new Promise((done) =>
      writer?.once('exit', (code) => {
        writerExit = code;
        done(code);
      }),
    );
    const countNow = () => sqliteStoreContents(sourceFile()).events;
    // A writer that dies (it cannot start, or its job refuses) fails the test at once instead of a wait.
    const waitFor = async (enough: () => boolean) => {
      while (!enough()) {
        if (writerExit !== undefined) throw new Error(`the writer exited early (code ${String(writerExit)})`);
        await sleep(50);
      }
    };
    await waitFor(() => countNow() >= base + 300);

    const before = countNow();
    const out = join(root, 'backups', 'ccm.sqlite');
    const backup = await ccm(['backup', '--out', out], source);
    const after = countNow();
    // The writer went on appending after the copy was taken.
    await waitFor(() => countNow() > after + 50);
    writer.kill('SIGTERM');
    await exited;

    expect(backup.stderr).toMatch(/^verifying the copy: [\d,]+ in [\d.]+s \([\d,]+\/s\)\n$/);
    expect(backup.code).toBe(0);
    const report = JSON.parse(backup.stdout) as BackupReport;
    expect(report).toMatchObject({
      backup: out,
      sha256: sha256(out),
      verified: { ok: true, integrity: 'ok', chains: { ok: true }, anchor: { checked: true, ok: true } },
    });
    // The store as it stood at one instant between the start and the end of the backup, byte for byte:
    // every event committed up to the copy's last position and none after, and the stream heads
    // (written in the same transactions as the events) agreeing with them: no transaction cut in two.
    expect(report.events).toBeGreaterThanOrEqual(before);
    expect(report.events).toBeLessThanOrEqual(after);
    const last = Number(report.lastPosition.split('/')[0]);
    expect(rowsUpTo(out, last)).toEqual(rowsUpTo(sourceFile(), last));
    expect(rowsUpTo(out, last).events).toHaveLength(report.events);
    expect(streamsTable(out)).toEqual(rowsUpTo(out, last).streams);
    expect(report.verified.chains.eventsChecked).toBe(report.events);

    // The read models follow the record's streams, not the anchors' or the access log's.
    const followed = (rowsUpTo(out, last).events as { stream_id: string; type: string }[]).filter((e) =>
      matchesFilter(e.stream_id, e.type, CCM_STREAMS),
    ).length;
    expect(followed).toBeLessThan(report.events);
    const restored = { ...source, CCM_DATA_DIR: join(root, 'restored') };
    const restore = await ccm(['restore', '--from', out], restored);
    expect(restore.code).toBe(0);
    expect(JSON.parse(restore.stdout)).toMatchObject({
      restored: join(root, 'restored', 'events.sqlite'),
      events: report.events,
      streams: report.streams,
      lastPosition: report.lastPosition,
      verified: { ok: true, anchor: { checked: true, ok: true } },
      readModels: {
        events: followed,
        rebuilt: expect.arrayContaining([
          expect.objectContaining({ projection: 'patient-months', checkpoint: report.lastPosition }),
        ]),
      },
    });
    expect(sqliteStoreContents(join(root, 'restored', 'events.sqlite')).events).toBe(report.events);
    const readModels = new SqliteReadModelStore({ filename: join(root, 'restored', 'read-models.sqlite') });
    try {
      expect(await readModels.activeVersion('patient-months')).toBe(1);
    } finally {
      await readModels.close();
    }

    const verify = await ccm(['audit', 'verify'], restored);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toEqual({
      ok: true,
      eventsChecked: report.events,
      streamsChecked: report.streams,
    });
    const anchorFile = join(root, 'anchor.json');
    writeFileSync(anchorFile, JSON.stringify(anchor));
    const anchorCheck = await ccm(['audit', 'anchor', 'check', anchorFile], restored);
    expect(anchorCheck.code).toBe(0);
    expect(JSON.parse(anchorCheck.stdout)).toMatchObject({ ok: true });
  }, 180_000);

  it('never overwrites a backup without --force', async () => {
    const out = join(root, 'once.sqlite');
    expect((await ccm(['backup', '--out', out], source)).code).toBe(0);
    const first = sha256(out);
    const again = await ccm(['backup', '--out', out], source);
    expect(again).toMatchObject({ code: 2, stdout: '' });
    expect(again.stderr).toContain('exists; --force replaces it');
    expect(sha256(out)).toBe(first);
    expect((await ccm(['backup', '--out', out, '--force'], source)).code).toBe(0);
  });

  it('refuses to restore over events without --force, or into a store another process has open', async () => {
    const out = join(root, 'for-restore.sqlite');
    expect((await ccm(['backup', '--out', out], source)).code).toBe(0);
    const target = { ...source, CCM_DATA_DIR: join(root, 'target') };
    const targetFile = join(root, 'target', 'events.sqlite');
    expect((await ccm(['restore', '--from', out, '--skip-rebuild'], target)).code).toBe(0);

    const notEmpty = await ccm(['restore', '--from', out], target);
    expect(notEmpty.code).toBe(2);
    expect(notEmpty.stderr).toMatch(/is not empty \(\d+ events\); --force replaces it/);

    // An api (or projector) holding the store open: refused even with --force, and the file untouched.
    const api = new SqliteEventStore({ filename: targetFile });
    try {
      const inUse = await ccm(['restore', '--from', out, '--force'], target);
      expect(inUse.code).toBe(2);
      expect(inUse.stderr).toContain('is open in another process');
      expect(inUse.stderr).toContain('stop it first');
    } finally {
      await api.close();
    }
    const forced = await ccm(['restore', '--from', out, '--force', '--skip-rebuild'], target);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('run `npm run ccm -- projections rebuild` before starting the api');
  });

  it('refuses a tampered backup before replacing anything', async () => {
    const good = join(root, 'good.sqlite');
    expect((await ccm(['backup', '--out', good], source)).code).toBe(0);
    const tampered = join(root, 'tampered.sqlite');
    copyFileSync(good, tampered);
    const db = new Database(tampered);
    db.prepare(
      "UPDATE events SET data = json_set(data, '$.minutes', 52) WHERE position = (SELECT MIN(position) FROM events WHERE type = 'TimeLogged')",
    ).run();
    db.close();

    const target = { ...source, CCM_DATA_DIR: join(root, 'kept') };
    const targetFile = join(root, 'kept', 'events.sqlite');
    expect((await ccm(['restore', '--from', good, '--skip-rebuild'], target)).code).toBe(0);
    const before = sha256(targetFile);
    const refused = await ccm(['restore', '--from', tampered, '--force'], target);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(
      /BROKEN: the backup does not verify, nothing was restored: hash mismatch in stream/,
    );
    expect(sha256(targetFile)).toBe(before);
  });

  it('refuses what is not a SQLite event store, and points EventStoreDB users to its own procedure', async () => {
    const notAStore = join(root, 'not-a-store.sqlite');
    writeFileSync(notAStore, 'hello');
    const wrongFile = await ccm(['restore', '--from', notAStore], {
      ...source,
      CCM_DATA_DIR: join(root, 'x'),
    });
    expect(wrongFile.code).toBe(2);
    expect(wrongFile.stderr).toContain('cannot be');
    expect((await ccm(['restore', '--from', join(root, 'none.sqlite')], source)).code).toBe(2);
    // Something else where the store should be: replaced only when asked.
    const good = join(root, 'good-again.sqlite');
    expect((await ccm(['backup', '--out', good], source)).code).toBe(0);
    const odd = { ...source, CCM_DATA_DIR: join(root, 'odd') };
    mkdirSync(join(root, 'odd'));
    writeFileSync(join(root, 'odd', 'events.sqlite'), 'not sqlite at all, but somebody wrote it');
    const oddRefused = await ccm(['restore', '--from', good, '--skip-rebuild'], odd);
    expect(oddRefused.code).toBe(2);
    expect(oddRefused.stderr).toContain('cannot be read as a SQLite database');
    expect((await ccm(['restore', '--from', good, '--skip-rebuild', '--force'], odd)).code).toBe(0);
    const esdb = await ccm(['backup', '--out', join(root, 'esdb.sqlite')], {
      ...source,
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
    });
    expect(esdb.code).toBe(2);
    expect(esdb.stderr).toContain('README: Backups');
    const empty = await ccm(['backup', '--out', join(root, 'empty.sqlite')], {
      ...source,
      CCM_DATA_DIR: join(root, 'nothing-here'),
    });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no event store at');
  });
});
