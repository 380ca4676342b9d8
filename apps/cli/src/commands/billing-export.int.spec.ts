import { practiceAccessStreamId } from '@ccm/domain';
import { MAX_PAGE_SIZE, SqliteEventStore, type GlobalPosition, type RecordedEvent } from '@ccm/event-store';
import { formatExport, ReadModelQueries, SqliteReadModelStore } from '@ccm/projections';
import { projectEvents } from '@ccm/projections/testing/project-events';
import { PatientRecords, PracticeRecords } from '@ccm/record';
import { seedClinic } from '@ccm/synthetic-clinic';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../testing/run-command';
import { billingExportCommand } from './billing-export';

const run = (args: string[], env: NodeJS.ProcessEnv) => runCommand(billingExportCommand, args, env);

async function allEvents(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let after: GlobalPosition | undefined; ;) {
    const page = await store.readAll({ after, maxCount: MAX_PAGE_SIZE });
    events.push(...page.events);
    after = page.lastPosition ?? after;
    if (page.isEnd) return events;
  }
}

describe('billing export (CLAIM-1, CLAIM-4)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  /** The same store projected as the api's read side projects it: what `GET /billing/months/{m}` answers. */
  let readModels: SqliteReadModelStore;
  let eventStore: SqliteEventStore;
  /** Patient id -> enrolment date, from the events. */
  const enrolledOn = new Map<string, string>();
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
    const events = await allEvents(store);
    eventStore = store;
    for (const e of events.filter((e) => e.type === 'PatientEnrolled')) {
      enrolledOn.set(String(e.data.patientId), String(e.data.enrolledOn));
    }
    readModels = new SqliteReadModelStore({ filename: join(dir, 'read-models.sqlite') });
    await projectEvents(readModels, events, { batchSize: 50 });
  });
  afterAll(async () => {
    await readModels?.close();
    await eventStore?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const listed = async (month: string) =>
    (await new ReadModelQueries(readModels, eventStore).billingMonth('demo', month, 'all', { limit: 100 }))
      .body.items;

  it('exports every patient-month with NPI, codes, diagnoses, date of service and allowed amount, byte for byte the same twice', async () => {
    const first = await run(['--month', '2026-02', '--practice', 'demo'], env);
    const second = await run(['--month', '2026-02', '--practice', 'demo'], env);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const [header, ...rows] = first.stdout.trim().split('\n');
    expect(header).toBe(
      'patientId,serviceMonth,status,billingPractitionerId,billingPractitionerNpi,codes,diagnosisCodes,dateOfService,estimatedAllowedCents,submitted,amendedAfterSubmission,reasons',
    );
    expect(rows.length).toBe((await listed('2026-02')).length);
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

  it('prints the bytes the api export (GET /billing/months/{m}/export) builds from the read model', async () => {
    const queries = new ReadModelQueries(readModels, eventStore);
    for (const [month, dated] of [
      ['2026-02', 'month-end'],
      ['2026-03', 'threshold'],
    ] as const) {
      const cli = await run(['--month', month, '--practice', 'demo', '--date-of-service', dated], env);
      const served = formatExport((await queries.billingExport('demo', month, dated)).body, 'csv');
      expect(served).toBe(cli.stdout);
    }
  });

  it('lists exactly the patient-months GET /billing/months/{m} lists, with the same status and codes', async () => {
    for (const month of ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04']) {
      const exported = JSON.parse(
        (await run(['--month', month, '--practice', 'demo', '--format', 'json'], env)).stdout,
      ) as { patientId: string; status: string; codes: string }[];
      const lines = await listed(month);
      expect(exported.map((r) => [r.patientId, r.status, r.codes])).toEqual(
        lines
          .map((l) => [
            l.patientId,
            l.status,
            l.codes
              .map((c) => `${c.code}x${c.units}`)
              .sort()
              .join(';'),
          ])
          .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
      );
    }
  });

  it('leaves out, as the api does, a patient enrolled after the month', async () => {
    const later = [...enrolledOn].filter(([, on]) => on > '2026-02-28').map(([id]) => id);
    expect(later.length).toBeGreaterThan(0);
    const exported = (await run(['--month', '2026-02', '--practice', 'demo'], env)).stdout;
    const ids = exported
      .trim()
      .split('\n')
      .slice(1)
      .map((row) => row.split(',')[0]);
    const listedIds = (await listed('2026-02')).map((l) => l.patientId);
    for (const id of later) {
      expect(ids).not.toContain(id);
      expect(listedIds).not.toContain(id);
    }
    expect(ids.length + later.length).toBe(enrolledOn.size);
  });

  it('refuses a month no billing rule set covers with exit 2, a message and no rows, as billing evaluate does', async () => {
    for (const month of ['2023-12', '2019-01']) {
      const refused = await run(['--month', month, '--practice', 'demo'], env);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain(`no billing rule set for ${month}`);
      expect(refused.stderr).toContain('known: medicare-pfs-2024');
    }
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
