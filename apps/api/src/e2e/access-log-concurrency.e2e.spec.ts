import { Logger } from '@nestjs/common';
import { patientAccessStreamId, verifyStream } from '@ccm/audit';
import { readWholeStream } from '@ccm/record';
import { startApi, type ApiHarness } from '../testing/api-harness';
import { enrolledPatient, registerPractices } from '../testing/fixtures';

const READERS = 50;

/**
 * Access log under concurrency (issue 15): fifty readers of one patient at once. Every read is served,
 * each is logged exactly once in the patient's access stream, and that stream's hash chain verifies.
 * (Ten at once used to fail with 500 when the appends racing each other ran out of retries, and that
 * error's log named the patient.)
 */
describe('access log: fifty concurrent readers of one patient', () => {
  let api: ApiHarness;
  let errors: jest.SpyInstance;
  const stream = patientAccessStreamId('riverside', 'pt-busy');

  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
    await enrolledPatient(api, 'pt-busy', { carePlan: true });
    errors = jest.spyOn(Logger.prototype, 'error');
  });
  afterAll(async () => {
    errors?.mockRestore();
    await api?.close();
  });

  it('serves every read, logs each exactly once, and keeps the chain', async () => {
    const before = await readWholeStream(api.store, stream);
    const responses = await Promise.all(
      Array.from({ length: READERS }, (_, i) =>
        api.http
          .get('/patients/pt-busy')
          .set('Authorization', `Bearer ${api.token('care_manager', 'riverside', `reader-${i}`)}`)
          .set('X-Purpose-Of-Use', 'treatment'),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array.from({ length: READERS }, () => 200));

    const logged = (await readWholeStream(api.store, stream)).slice(before.length);
    expect(logged).toHaveLength(READERS);
    // One event per reader and per request: nobody twice, nobody missing.
    const readers = logged.map((e) => String(e.data.actorId)).sort();
    expect(readers).toEqual(Array.from({ length: READERS }, (_, i) => `reader-${i}`).sort());
    const requests = new Set(logged.map((e) => String(e.data.requestId)));
    expect(requests.size).toBe(READERS);
    const served = responses.map((r) => r.headers['x-request-id']).filter(Boolean);
    if (served.length === READERS) expect([...requests].sort()).toEqual([...served].sort());
    // Each event carries its own reader in its metadata, and the chain links them all.
    for (const event of logged) expect(event.metadata.actorId).toBe(event.data.actorId);
    expect(await verifyStream(api.store, stream)).toMatchObject({ ok: true });
    // Nothing failed, and no error log names the patient.
    for (const call of errors.mock.calls) expect(call.map(String).join(' ')).not.toContain('pt-busy');
  });

  it('keeps logging every read when several rounds overlap', async () => {
    const before = (await readWholeStream(api.store, stream)).length;
    const rounds = await Promise.all(
      Array.from({ length: 3 }, () =>
        Promise.all(
          Array.from({ length: READERS }, () =>
            api.http
              .get('/patients/pt-busy/timeline')
              .set('Authorization', `Bearer ${api.token('auditor')}`)
              .set('X-Purpose-Of-Use', 'audit'),
          ),
        ),
      ),
    );
    // Served or, if the read model is behind, 503: never a failed log (500).
    expect(rounds.flat().filter((r) => r.status >= 500 && r.status !== 503)).toEqual([]);
    expect(await readWholeStream(api.store, stream)).toHaveLength(before + 3 * READERS);
    expect(await verifyStream(api.store, stream)).toMatchObject({ ok: true });
  });
});
