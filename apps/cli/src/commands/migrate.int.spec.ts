import { recordAnchor } from '@ccm/audit';
import { SqliteEventStore } from '@ccm/event-store';
import { ProtocolTestServer } from '@ccm/event-store/eventstoredb/testing/protocol-test-server';
import { PatientRecords, PracticeRecords } from '@ccm/record';
import { seedClinic } from '@ccm/synthetic-clinic';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../testing/run-command';
import { migrateCommand } from './migrate';

const run = (args: string[], env: NodeJS.ProcessEnv) => runCommand(migrateCommand, args, env);

describe('migrate --to eventstoredb', () => {
  let dir: string;
  let server: ProtocolTestServer;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccm-migrate-cli-'));
    const clock = { now: () => new Date('2026-03-31T17:00:00Z') };
    const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    const practices = new PracticeRecords(store, clock);
    await seedClinic(
      { practices, patients: new PatientRecords(store, practices, clock), clock },
      { practiceId: 'demo', patients: 6, months: 2, seed: 9, lastDay: '2026-03-30' },
    );
    await recordAnchor(store, { keyId: 'ops', secret: 'anchor-secret' }, clock);
    await store.close();
    server = await ProtocolTestServer.start();
    env = {
      CCM_DATA_DIR: dir,
      EVENTSTORE_CONNECTION_STRING: server.connectionString,
      CCM_ANCHOR_KEY: 'anchor-secret',
      CCM_ANCHOR_KEY_ID: 'ops',
      CCM_CLI_USER: 'ops-1',
    };
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a target that is not EventStoreDB, or no esdb:// address', async () => {
    await expect(run(['--to', 'postgres'], env)).rejects.toThrow('--to must be eventstoredb');
    await expect(
      run(['--to', 'eventstoredb'], { ...env, EVENTSTORE_CONNECTION_STRING: 'http://x' }),
    ).rejects.toThrow('esdb:// URL');
  });

  it('says on a dry run what it would copy, and copies nothing', async () => {
    const dry = await run(['--to', 'eventstoredb', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /^source: sqlite, \d+ events in \d+ streams \(last position \d+\/\d+\), 1 anchors\n/,
    );
    expect(dry.stdout).toContain('target: empty: everything will be copied');
    expect((await run(['--to', 'eventstoredb', '--dry-run'], env)).stdout).toBe(dry.stdout);
  });

  it('copies, then verifies every chain and the latest anchor on the target; a second run only verifies', async () => {
    const first = await run(['--to', 'eventstoredb'], env);
    expect([first.code, first.stderr.includes('migrate:')]).toEqual([0, false]);
    expect(first.stdout).toMatch(
      /copied: \d+ events \(0 found already there\); 1 anchors located on the target/,
    );
    expect(first.stdout).toMatch(/chains: \d+ events in \d+ streams verified/);
    expect(first.stdout).toContain('anchor: OK');
    const again = await run(['--to', 'eventstoredb'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('target: a completed migration: nothing to do');
    expect(again.stdout).not.toContain('copied:');
    expect(again.stdout).toContain('anchor: OK');
  }, 120_000);
});
