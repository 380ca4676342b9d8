import { Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectStreamUnchanged, startApi, type ApiHarness } from '../testing/api-harness';
import { enrolledPatient, registerPractices, timeEntryBody } from '../testing/fixtures';

const TAMPERED = 'ccm.patient.riverside.pt-tampered';

/** Edits one stored event in place, as someone with the file would: the chain is what notices. */
function editLoggedMinutes(dir: string): number {
  const db = new Database(join(dir, 'events.sqlite'));
  try {
    const row = db
      .prepare<[string], { revision: number }>(
        `SELECT revision FROM events WHERE stream_id = ? AND type = 'TimeLogged' ORDER BY revision LIMIT 1`,
      )
      .get(TAMPERED);
    if (!row) throw new Error('no TimeLogged event to edit');
    db.prepare(
      `UPDATE events SET data = json_set(data, '$.minutes', 52) WHERE stream_id = ? AND revision = ?`,
    ).run(TAMPERED, row.revision);
    return row.revision;
  } finally {
    db.close();
  }
}

/** Text of the tampered stream's events that no answer or log may repeat. */
const EVENT_CONTENT = [
  'care_coordination_call',
  'clinical_staff',
  'entry-tampered',
  '"minutes"',
  '52',
  'Type 2 diabetes',
];

const expectNoEventContent = (text: string) => {
  for (const fragment of EVENT_CONTENT) expect(text).not.toContain(fragment);
};

/**
 * Refuse to serve or extend a broken chain (issue 15): an event edited in the SQLite file is found by the
 * next process that reads the stream. Reads, the history, a claim and commands on that patient answer
 * 500 INTEGRITY_VIOLATION naming the stream and revision and nothing stored; nothing is appended; other
 * patients are served; /health counts the break; read models rebuilt from the store stop at it.
 */
(process.env.CCM_TEST_EVENT_STORE === 'eventstoredb' ? describe.skip : describe)(
  'a stored event edited outside the application',
  () => {
    let dir: string;
    let api: ApiHarness;
    let revision: number;
    let errors: jest.SpyInstance;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ccm-integrity-'));
      const before = await startApi({ dataDir: dir });
      await registerPractices(before);
      for (const patientId of ['pt-tampered', 'pt-intact']) {
        await enrolledPatient(before, patientId, { carePlan: true });
        await before.http
          .post(`/patients/${patientId}/time-entries`)
          .set('Authorization', `Bearer ${before.token('care_manager')}`)
          .send(timeEntryBody(`entry-${patientId.slice(3)}`))
          .expect(201);
      }
      await before.close();
      revision = editLoggedMinutes(dir);
      errors = jest.spyOn(Logger.prototype, 'error');
      api = await startApi({ dataDir: dir });
    });
    afterAll(async () => {
      errors?.mockRestore();
      await api?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const expectViolation = (res: { status: number; body: unknown; text: string }) => {
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        statusCode: 500,
        reason: 'INTEGRITY_VIOLATION',
        message: expect.any(String),
        details: { stream: TAMPERED, revision, check: 'hash_mismatch' },
      });
      expectNoEventContent(res.text);
    };

    it('answers a read of the record with INTEGRITY_VIOLATION, not with the edited value', async () => {
      const res = await api.http
        .get('/patients/pt-tampered')
        .set('Authorization', `Bearer ${api.token('auditor')}`);
      expectViolation(res);
    });

    it('still serves a patient whose chain verifies', async () => {
      const res = await api.http
        .get('/patients/pt-intact')
        .set('Authorization', `Bearer ${api.token('auditor')}`)
        .expect(200);
      expect(res.body.timeEntries).toEqual([expect.objectContaining({ minutes: 12 })]);
    });

    it('answers the history and its month, read from the event store, the same way', async () => {
      for (const query of ['asOf=2026-03-31T17:00:00Z', 'asOf=2026-03-31T17:00:00Z&month=2026-03']) {
        expectViolation(
          await api.http
            .get(`/patients/pt-tampered/history?${query}`)
            .set('Authorization', `Bearer ${api.token('auditor')}`),
        );
      }
    });

    it('answers every other read of the patient (read models, evidence) the same way, and logs the attempt', async () => {
      const accessStream = 'ccm.access.riverside.pt-tampered';
      const before = (await api.store.readStream(accessStream, { maxCount: 4096 })).length;
      const paths = [
        '/patients/pt-tampered/timeline',
        '/patients/pt-tampered/months/2026-03',
        '/patients/pt-tampered/audit-trail',
        '/patients/pt-tampered/months/2026-03/evidence',
      ];
      for (const path of paths) {
        expectViolation(
          await api.http
            .get(path)
            .set('Authorization', `Bearer ${api.token('auditor')}`)
            .set('X-Purpose-Of-Use', 'audit'),
        );
      }
      // Someone tried to read the record: that is on the record.
      expect(await api.store.readStream(accessStream, { maxCount: 4096 })).toHaveLength(
        before + paths.length,
      );
    });

    it('refuses commands on the broken chain and appends nothing', async () => {
      await expectStreamUnchanged(api, 'pt-tampered', async () => {
        expectViolation(
          await api.http
            .post('/patients/pt-tampered/time-entries')
            .set('Authorization', `Bearer ${api.token('care_manager')}`)
            .send(timeEntryBody('entry-after')),
        );
        expectViolation(
          await api.http
            .post('/patients/pt-tampered/months/2026-03/claim')
            .set('Authorization', `Bearer ${api.token('biller')}`),
        );
      });
      // The same command on an intact record is accepted.
      await api.http
        .post('/patients/pt-intact/time-entries')
        .set('Authorization', `Bearer ${api.token('care_manager')}`)
        .send(timeEntryBody('entry-after'))
        .expect(201);
    });

    it('reports the break in /health, as a count without the stream’s name', async () => {
      const res = await api.http.get('/health').expect(200);
      expect(res.body.integrity).toEqual({
        status: 'broken',
        brokenStreams: 1,
        firstDetectedAt: expect.any(String),
      });
      expect(res.text).not.toContain('pt-tampered');
    });

    it('logs the break once, without the patient’s id or anything stored', () => {
      const logged = errors.mock.calls.map((call) => call.map(String).join(' '));
      expect(logged.filter((line) => line.includes('hash chain broken'))).toHaveLength(1);
      for (const line of logged) {
        expect(line).not.toContain('pt-tampered');
        expectNoEventContent(line);
      }
    });

    it('does not bill from the edited record when the read models are built again from the store', async () => {
      await api.close();
      // The read models are lost (a flush, a new disk): the projector fills them from the start.
      rmSync(join(dir, 'read-models.sqlite'), { force: true });
      rmSync(join(dir, 'read-models.sqlite-wal'), { force: true });
      rmSync(join(dir, 'read-models.sqlite-shm'), { force: true });
      api = await startApi({ dataDir: dir });
      const deadline = Date.now() + 10_000;
      let health = (await api.http.get('/health').expect(200)).body;
      while (health.integrity.status !== 'broken' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        health = (await api.http.get('/health').expect(200)).body;
      }
      expect(health.integrity).toMatchObject({ status: 'broken', brokenStreams: 1 });
      expect(health.projections.projections).toEqual(
        expect.arrayContaining([expect.objectContaining({ state: 'halted', built: false })]),
      );
      // Never the month with 52 minutes: the read models are not there, and say so.
      const month = await api.http
        .get('/billing/months/2026-03?status=all')
        .set('Authorization', `Bearer ${api.token('biller')}`);
      expect(month.status).toBe(503);
      expect(month.body.reason).toBe('READ_MODEL_REBUILDING');
    });
  },
);
