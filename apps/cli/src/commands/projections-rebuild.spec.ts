import { SqliteEventStore } from '@ccm/event-store';
import { SqliteReadModelStore } from '@ccm/projections';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Scenario, standardStory } from '../../../../libs/projections/src/testing/scenario';
import { projectEvents } from '../../../../libs/projections/src/testing/project-events';
import { runCli } from '../run-cli';
import { projectionsRebuildCommand } from './projections-rebuild';

function io(env: NodeJS.ProcessEnv, tty = false) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  if (tty) Object.assign(stderr, { isTTY: true });
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  return { io: { stdin: new PassThrough(), stdout, stderr, env }, out, err };
}

describe('ccm projections rebuild', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccm-cli-rebuild-'));
    env = { CCM_DATA_DIR: dir, EVENT_STORE: 'sqlite', READ_MODEL_STORE: 'sqlite' };
    const events = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    await standardStory(new Scenario(events));
    const readModels = new SqliteReadModelStore({ filename: join(dir, 'read-models.sqlite') });
    await projectEvents(readModels, await new Scenario(events).events());
    await readModels.close();
    await events.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rebuilds the named read model with a progress bar on stderr and switches to the new version', async () => {
    const run = io(env, true);
    const code = await runCli(['projections', 'rebuild', '--name', 'patient-months', '--keep-old'], run.io, [
      projectionsRebuildCommand,
    ]);
    expect(code).toBe(0);
    const summary = JSON.parse(run.out.join('')) as {
      rebuilt: { projection: string; version: number; previousVersion: number }[];
      events: number;
    };
    expect(summary.rebuilt).toEqual([
      expect.objectContaining({ projection: 'patient-months', previousVersion: 1, version: 2 }),
    ]);
    expect(summary.events).toBeGreaterThan(20);
    expect(run.err.join('')).toMatch(/rebuilding patient-months \[#+\] [\d,]+\/[\d,]+ +[\d,]+\/s +\d+s left/);
    const readModels = new SqliteReadModelStore({ filename: join(dir, 'read-models.sqlite') });
    expect(await readModels.activeVersion('patient-months')).toBe(2);
    expect(await readModels.activeVersion('audit-trail')).toBe(1);
    await readModels.close();
  });

  it('with stderr not a terminal, writes one summary line instead of the bars', async () => {
    const run = io(env);
    const code = await runCli(['projections', 'rebuild', '--name', 'patient-months'], run.io, [
      projectionsRebuildCommand,
    ]);
    expect(code).toBe(0);
    expect(run.err.join('')).toMatch(/^rebuilding patient-months: [\d,]+ in \d+\.\ds \([\d,]+\/s\)\n$/);
  });

  it('refuses an unknown read model name', async () => {
    const run = io(env);
    expect(
      await runCli(['projections', 'rebuild', '--name', 'nope'], run.io, [projectionsRebuildCommand]),
    ).toBe(2);
    expect(run.err.join('')).toContain('unknown read model nope');
  });
});
