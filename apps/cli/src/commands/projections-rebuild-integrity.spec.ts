import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ccm/event-store';
import { ALL_PROJECTIONS, SqliteReadModelStore } from '@ccm/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Scenario, standardStory } from '../../../../libs/projections/src/testing/scenario';
import { projectEvents } from '../../../../libs/projections/src/testing/project-events';
import { runCli } from '../run-cli';
import { EXIT_TAMPERED } from './audit';
import { billingExportCommand } from './billing-export';
import { projectionsRebuildCommand } from './projections-rebuild';

/** A rebuild meets an event edited in the file (issue 15): it stops there, says where, and exits 3. */
describe('ccm projections rebuild on a store with an edited event', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let edited: { stream: string; revision: number };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccm-cli-rebuild-tampered-'));
    env = { CCM_DATA_DIR: dir, EVENT_STORE: 'sqlite', READ_MODEL_STORE: 'sqlite' };
    const events = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    await standardStory(new Scenario(events));
    const readModels = new SqliteReadModelStore({ filename: join(dir, 'read-models.sqlite') });
    await projectEvents(readModels, await new Scenario(events).events());
    await readModels.close();
    await events.close();
    const db = new Database(join(dir, 'events.sqlite'));
    const row = db
      .prepare<[], { stream_id: string; revision: number }>(
        `SELECT stream_id, revision FROM events WHERE type = 'TimeLogged' ORDER BY position LIMIT 1`,
      )
      .get();
    if (!row) throw new Error('the story logs no time');
    db.prepare(
      `UPDATE events SET data = json_set(data, '$.minutes', 52) WHERE stream_id = ? AND revision = ?`,
    ).run(row.stream_id, row.revision);
    db.close();
    edited = { stream: row.stream_id, revision: row.revision };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stops at the break, names stream and revision, exits 3 and leaves readers on the versions they had', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const err: string[] = [];
    const out: string[] = [];
    stdout.on('data', (c: Buffer) => out.push(c.toString()));
    stderr.on('data', (c: Buffer) => err.push(c.toString()));
    const code = await runCli(['projections', 'rebuild'], { stdin: new PassThrough(), stdout, stderr, env }, [
      projectionsRebuildCommand,
    ]);
    expect(code).toBe(EXIT_TAMPERED);
    expect(out.join('')).toBe('');
    const message = err.join('');
    expect(message).toContain(
      `BROKEN: the hash chain of stream ${edited.stream} breaks at revision ${edited.revision} (hash mismatch)`,
    );
    expect(message).not.toContain('52');
    const readModels = new SqliteReadModelStore({ filename: join(dir, 'read-models.sqlite') });
    try {
      for (const projection of ALL_PROJECTIONS) {
        // The version built before the edit stays the one read; the rebuild's own was dropped.
        expect(await readModels.versions(projection.name)).toEqual([
          {
            version: 1,
            checkpoint: expect.any(String),
            checkpoints: [expect.any(String)],
            builds: [null],
            partitions: 1,
            active: true,
            layout: projection.layout,
          },
        ]);
      }
    } finally {
      await readModels.close();
    }
  });

  it('any other job reading past the break stops too, names where and exits 3 (billing export)', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const err: string[] = [];
    const out: string[] = [];
    stdout.on('data', (c: Buffer) => out.push(c.toString()));
    stderr.on('data', (c: Buffer) => err.push(c.toString()));
    const code = await runCli(
      ['billing', 'export', '--month', '2026-01', '--practice', 'riverside'],
      { stdin: new PassThrough(), stdout, stderr, env },
      [billingExportCommand],
    );
    expect(code).toBe(EXIT_TAMPERED);
    expect(out.join('')).toBe('');
    expect(err.join('')).toContain(
      `BROKEN: the hash chain of stream ${edited.stream} breaks at revision ${edited.revision}`,
    );
    expect(err.join('')).not.toContain('52');
  });
});
