import { startApi, expectStreamUnchanged, type ApiHarness } from '../testing/api-harness';
import { enrolledPatient, registerPractices } from '../testing/fixtures';

/**
 * A command keyed only by the client's `Idempotency-Key` header (no id of its own in the body): a retry
 * under the key is answered as the first, however the first went through, and is never recorded twice.
 */
describe('the Idempotency-Key header', () => {
  let api: ApiHarness;
  const copd = {
    icd10: 'J44.9',
    description: 'COPD',
    expectedDuration: '12_months_or_more',
    significantRisk: true,
  };
  const bloodPressure = {
    kind: 'blood_pressure',
    systolicMmHg: 132,
    diastolicMmHg: 84,
    takenAt: '2026-03-10T09:30',
    source: 'staff',
  };
  const post = (path: string, body: object, key?: string) => {
    const sent = api.http
      .post(path)
      .set('Authorization', `Bearer ${api.token('practitioner')}`)
      .send(body);
    return key === undefined ? sent : sent.set('Idempotency-Key', key);
  };

  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
    await enrolledPatient(api, 'pt-k');
  });
  afterAll(() => api.close());

  it('answers a retry as the first (same ETag, X-CCM-Replayed) where a bare re-send is refused', async () => {
    const first = await post('/patients/pt-k/conditions', copd, 'add-copd-1').expect(201);
    await expectStreamUnchanged(api, 'pt-k', async () => {
      const retry = await post('/patients/pt-k/conditions', copd, 'add-copd-1').expect(201);
      expect(retry.headers['x-ccm-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe(first.headers.etag);
      const bare = await post('/patients/pt-k/conditions', copd).expect(422);
      expect(bare.body.reason).toBe('CONDITION_ALREADY_ACTIVE');
    });
    const events = await api.readPatientStream('pt-k');
    expect(events[events.length - 1].metadata).toMatchObject({ idempotencyKey: 'add-copd-1' });
  });

  it('refuses the key sent with another command with 409 IDEMPOTENCY_KEY_REUSED, recording nothing', async () => {
    await expectStreamUnchanged(api, 'pt-k', async () => {
      const other = await post('/patients/pt-k/conditions', { ...copd, icd10: 'I10' }, 'add-copd-1').expect(
        409,
      );
      expect(other.body.reason).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(JSON.stringify(other.body)).not.toContain('I10');
    });
  });

  it('gives an id the client left out from the key, so the retried observation is the same one', async () => {
    const first = await post('/patients/pt-k/observations', bloodPressure, 'bp-0310').expect(201);
    await expectStreamUnchanged(api, 'pt-k', async () => {
      const retry = await post('/patients/pt-k/observations', bloodPressure, 'bp-0310').expect(201);
      expect(retry.headers['x-ccm-replayed']).toBe('true');
      expect(retry.body.observationId).toBe(first.body.observationId);
    });
    const unkeyed = await post('/patients/pt-k/observations', bloodPressure).expect(201);
    expect(unkeyed.body.observationId).not.toBe(first.body.observationId);
  });

  it('records a keyed command sent many times at once exactly once', async () => {
    const before = (await api.readPatientStream('pt-k')).length;
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        post('/patients/pt-k/conditions', { ...copd, icd10: 'I50.9' }, 'add-i50'),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.headers.etag)).size).toBe(1);
    expect(answers.filter((a) => a.headers['x-ccm-replayed'] !== 'true')).toHaveLength(1);
    expect((await api.readPatientStream('pt-k')).length).toBe(before + 1);
  });

  it('answers 400 naming the header when the key is malformed, recording nothing', async () => {
    await expectStreamUnchanged(api, 'pt-k', async () => {
      const res = await post('/patients/pt-k/conditions', copd, 'x'.repeat(256)).expect(400);
      expect(res.body.fields).toEqual([{ field: 'Idempotency-Key', errors: [expect.any(String)] }]);
    });
  });
});
