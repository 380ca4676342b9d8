import { patientAccessStreamId, type EvidencePacket } from '@ccm/audit';
import { patientStreamPrefix } from '@ccm/domain';
import { SqliteEventStore } from '@ccm/event-store';
import { PatientRecords, PracticeRecords, readWholeStream } from '@ccm/record';
import { seedClinic } from '@ccm/synthetic-clinic';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliUsageError } from '../cli-command';
import { runCommand } from '../testing/run-command';
import { auditEvidenceCommand, auditReplayCommand, auditVerifyCommand } from './audit';

/** The audit jobs of the command line, on a seeded clinic's SQLite store. */
describe('audit commands: evidence packet, and every CLI read of a record is logged', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let patientId: string;
  const storeFile = () => join(dir, 'events.sqlite');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccm-audit-cli-'));
    env = { CCM_DATA_DIR: dir, CCM_SQLITE_SYNCHRONOUS: 'NORMAL', CCM_CLI_USER: 'ops-sam' };
    const store = new SqliteEventStore({ filename: storeFile(), synchronous: 'NORMAL' });
    const clock = { now: () => new Date() };
    const practices = new PracticeRecords(store, clock);
    await seedClinic(
      { practices, patients: new PatientRecords(store, practices, clock), clock },
      { practiceId: 'demo', patients: 6, months: 2, seed: 5, lastDay: '2026-03-30' },
    );
    const page = await store.readAll({
      maxCount: 10,
      filter: { streamPrefixes: [patientStreamPrefix('demo')], eventTypes: ['PatientEnrolled'] },
    });
    patientId = String(page.events[0].data.patientId);
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function readsOf(patient: string) {
    const store = new SqliteEventStore({ filename: storeFile() });
    try {
      return await readWholeStream(store, patientAccessStreamId('demo', patient));
    } finally {
      await store.close();
    }
  }

  it('audit evidence writes the HTML packet and the JSON it was made from, and logs the read', async () => {
    const out = join(dir, 'packets');
    const result = await runCommand(
      auditEvidenceCommand,
      [
        '--patient',
        patientId,
        '--practice',
        'demo',
        '--month',
        '2026-03',
        '--out',
        out,
        '--as',
        'auditor-ann',
      ],
      env,
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const base = join(out, `evidence-demo-${patientId}-2026-03`);
    expect(result.stdout.trim().split('\n')).toEqual([`${base}.html`, `${base}.json`]);
    const packet = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as EvidencePacket;
    expect(packet).toMatchObject({
      month: '2026-03',
      patient: { patientId },
      generatedBy: { userId: 'auditor-ann', role: 'auditor', practiceId: 'demo' },
      purpose: 'audit',
      integrity: { patientStream: { ok: true }, practiceStream: { ok: true } },
    });
    const html = readFileSync(`${base}.html`, 'utf8');
    expect(html).toContain('<section id="decision"');
    expect(html).toContain('<script type="application/json" id="evidence-json">');
    const [read] = (await readsOf(patientId)).slice(-1);
    expect(read.data).toMatchObject({
      what: 'audit evidence',
      channel: 'cli',
      actorId: 'auditor-ann',
      role: 'auditor',
      purpose: 'audit',
      practiceId: 'demo',
    });
  });

  it('audit replay and audit verify --patient are logged reads too, as the configured user by default', async () => {
    const before = (await readsOf(patientId)).length;
    const replay = await runCommand(
      auditReplayCommand,
      [
        '--patient',
        patientId,
        '--practice',
        'demo',
        '--as-of',
        '2026-12-31T00:00:00Z',
        '--purpose',
        'payment',
      ],
      env,
    );
    expect(replay.code).toBe(0);
    const verify = await runCommand(auditVerifyCommand, ['--patient', patientId, '--practice', 'demo'], env);
    expect(verify.code).toBe(0);
    const reads = (await readsOf(patientId)).slice(before);
    expect(reads.map((e) => [e.data.what, e.data.actorId, e.data.purpose])).toEqual([
      ['audit replay', 'ops-sam', 'payment'],
      ['audit verify --patient', 'ops-sam', 'audit'],
    ]);
  });

  it('refuses an unknown purpose or role before reading anything, and answers 2 for an unknown patient', async () => {
    const before = (await readsOf(patientId)).length;
    await expect(
      runCommand(
        auditEvidenceCommand,
        ['--patient', patientId, '--practice', 'demo', '--month', '2026-03', '--purpose', 'curiosity'],
        env,
      ),
    ).rejects.toBeInstanceOf(CliUsageError);
    await expect(
      runCommand(
        auditEvidenceCommand,
        ['--patient', patientId, '--practice', 'demo', '--month', '2026-03', '--role', 'janitor'],
        env,
      ),
    ).rejects.toBeInstanceOf(CliUsageError);
    expect(await readsOf(patientId)).toHaveLength(before);
    const unknown = await runCommand(
      auditEvidenceCommand,
      ['--patient', 'nobody', '--practice', 'demo', '--month', '2026-03', '--out', join(dir, 'none')],
      env,
    );
    expect(unknown).toMatchObject({ code: 2, stderr: 'no such patient month in that practice\n' });
    expect(existsSync(join(dir, 'none'))).toBe(false);
  });
});
