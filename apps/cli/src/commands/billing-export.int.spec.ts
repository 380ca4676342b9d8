import { practiceAccessStreamId } from '@ccm/domain';
import { SqliteEventStore } from '@ccm/event-store';
import { PatientRecords, PracticeRecords } from '@ccm/record';
import { seedClinic } from '@ccm/synthetic-clinic';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../testing/run-command';
import { billingExportCommand } from './billing-export';

const run = (args: string[], env: NodeJS.ProcessEnv) => runCommand(billingExportCommand, args, env);

describe('billing export (CLAIM-1, CLAIM-4)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccm-export-'));
    env = { CCM_DATA_DIR: dir, CCM_SQLITE_SYNCHRONOUS: 'NORMAL' };
    const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    const clock = { now: () => new Date() };
    const practices = new PracticeRecords(store, clock);
    await seedClinic(
      { practices, patients: new PatientRecords(store, practices, clock), clock },
      { practiceId: 'demo', patients: 30, months: 3, seed: 3, lastDay: '2026-03-30' },
    );
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports every patient-month with NPI, codes, diagnoses, date of service and allowed amount, byte for byte the same twice', async () => {
    const first = await run(['--month', '2026-02', '--practice', 'demo'], env);
    const second = await run(['--month', '2026-02', '--practice', 'demo'], env);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const [header, ...rows] = first.stdout.trim().split('\n');
    expect(header).toBe(
      'patientId,serviceMonth,status,billingPractitionerId,billingPractitionerNpi,codes,diagnosisCodes,dateOfService,estimatedAllowedCents,submitted,amendedAfterSubmission,reasons',
    );
    expect(rows.length).toBe(30);
    const billable = rows.map((r) => r.split(',')).filter((cells) => cells[2] === 'billable');
    expect(billable.length).toBeGreaterThan(0);
    for (const cells of billable) {
      expect(cells[4]).toMatch(/^\d{10}$/);
      expect(cells[5]).toMatch(/^(\d{5}|G\d{4})x\d/);
      expect(cells[6].split(';').length).toBeGreaterThanOrEqual(2);
      expect(cells[7]).toBe('2026-02-28');
      expect(Number(cells[8])).toBeGreaterThan(0);
    }
    const notBillable = rows.map((r) => r.split(',')).filter((cells) => cells[2] !== 'billable');
    for (const cells of notBillable) expect(cells[11].length).toBeGreaterThan(0);
  });

  it('dates service on the threshold day when asked, and prints JSON', async () => {
    const json = await run(
      ['--month', '2026-02', '--practice', 'demo', '--format', 'json', '--date-of-service', 'threshold'],
      env,
    );
    const rows = JSON.parse(json.stdout) as { status: string; dateOfService: string }[];
    const dates = rows.filter((r) => r.status === 'billable').map((r) => r.dateOfService);
    expect(dates.every((d) => /^2026-02-\d{2}$/.test(d))).toBe(true);
    expect(dates.some((d) => d !== '2026-02-28')).toBe(true);
  });

  it('refuses bad options with exit 2 and an unknown practice', async () => {
    await expect(run(['--month', '2026-2', '--practice', 'demo'], env)).rejects.toThrow('--month');
    expect((await run(['--month', '2026-02', '--practice', 'nobody'], env)).code).toBe(2);
  });

  it('logs the export as a practice-wide read: who, as what, why, through the command line', async () => {
    await run(['--month', '2026-02', '--practice', 'demo', '--as', 'biller-bo'], env);
    const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    try {
      const [last] = await store.readStream(practiceAccessStreamId('demo'), {
        maxCount: 1,
        direction: 'backwards',
      });
      expect(last.type).toBe('PracticeRecordsAccessed');
      expect(last.data).toMatchObject({
        what: 'billing export',
        channel: 'cli',
        actorId: 'biller-bo',
        role: 'biller',
        purpose: 'payment',
        practiceId: 'demo',
      });
    } finally {
      await store.close();
    }
  });
});
