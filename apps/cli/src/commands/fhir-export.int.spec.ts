import { patientAccessStreamId } from '@ccm/domain';
import { SqliteEventStore } from '@ccm/event-store';
import { fhirErrorsOf } from '@ccm/interop';
import { PatientRecords, PracticeRecords } from '@ccm/record';
import { seedClinic } from '@ccm/synthetic-clinic';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_USAGE } from '../cli-errors';
import { runCommand } from '../testing/run-command';
import { fhirExportCommand } from './fhir-export';

interface Bundle {
  resourceType: string;
  type: string;
  total: number;
  entry: { fullUrl: string; resource: { resourceType: string; id: string } }[];
}

describe('fhir export (the Bundle of Patient/$everything, from the command line)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const run = (args: string[]) => runCommand(fhirExportCommand, args, env);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccm-fhir-export-'));
    env = { CCM_DATA_DIR: dir, CCM_SQLITE_SYNCHRONOUS: 'NORMAL', CCM_CLI_USER: 'records-clerk' };
    const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    const clock = { now: () => new Date() };
    const practices = new PracticeRecords(store, clock);
    await seedClinic(
      { practices, patients: new PatientRecords(store, practices, clock), clock },
      { practiceId: 'demo', patients: 2, months: 3, seed: 5, lastDay: '2026-03-30', careOutcomes: true },
    );
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a Bundle the FHIR R4 definitions accept, and logs the read in the patient’s access log', async () => {
    const result = await run(['--practice', 'demo', '--patient', 'pt-00001']);
    expect(result.code).toBe(0);
    const bundle = JSON.parse(result.stdout) as Bundle;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    expect(fhirErrorsOf(bundle)).toEqual([]);
    const types = new Set(bundle.entry.map((e) => e.resource.resourceType));
    expect([...types]).toEqual(
      expect.arrayContaining(['Patient', 'Condition', 'Consent', 'CarePlan', 'AuditEvent']),
    );
    const audit = bundle.entry.filter((e) => e.resource.resourceType === 'AuditEvent');
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0].resource)).toContain('"site":"cli"');

    const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    try {
      const log = await store.readStream(patientAccessStreamId('demo', 'pt-00001'), {
        fromRevision: 0n,
        maxCount: 10,
      });
      expect(log.map((e) => e.data)).toEqual([
        expect.objectContaining({ what: 'fhir export', channel: 'cli', purpose: 'patient_request' }),
      ]);
      expect(log[0].metadata).toMatchObject({ actorId: 'records-clerk' });
    } finally {
      await store.close();
    }
  });

  it('writes the file --out names, with the same resources as standard output gives', async () => {
    const file = join(dir, 'pt-00002.fhir.json');
    const written = await run(['--practice', 'demo', '--patient', 'pt-00002', '--out', file]);
    expect(written.code).toBe(0);
    expect(written.stdout.trim()).toBe(file);
    const printed = JSON.parse((await run(['--practice', 'demo', '--patient', 'pt-00002'])).stdout) as Bundle;
    const fromFile = JSON.parse(readFileSync(file, 'utf8')) as Bundle;
    // The second export has one more read to show; everything else is the same, ids included.
    const notAudit = (b: Bundle) =>
      b.entry.filter((e) => e.resource.resourceType !== 'AuditEvent').map((e) => e.fullUrl);
    expect(notAudit(printed)).toEqual(notAudit(fromFile));
  });

  it('refuses an unknown patient and a malformed id, and logs nothing for them', async () => {
    const unknown = await run(['--practice', 'demo', '--patient', 'pt-99999']);
    expect(unknown.code).toBe(EXIT_USAGE);
    expect(unknown.stderr).toContain('no such patient');
    expect(unknown.stdout).toBe('');
    await expect(run(['--practice', 'demo', '--patient', 'no such'])).rejects.toThrow(
      '--patient must be an id',
    );
    const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    try {
      expect(
        await store.readStream(patientAccessStreamId('demo', 'pt-99999'), { fromRevision: 0n, maxCount: 1 }),
      ).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
