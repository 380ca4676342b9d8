import { signAccessToken } from '@ccm/auth';
import {
  DEFAULT_NOW,
  expectStreamUnchanged,
  OTHER_PRACTICE_ID,
  startApi,
  type ApiHarness,
} from '../testing/api-harness';
import { enrolBody, enrolledPatient, registerPractices, timeEntryBody } from '../testing/fixtures';

describe('who may do what', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
    await enrolledPatient(api, 'pt-auth');
  });
  afterAll(() => api.close());

  it('refuses a request without a token with 401', async () => {
    const res = await api.http.get('/patients/pt-auth').expect(401);
    expect(res.body).toMatchObject({ reason: 'UNAUTHENTICATED' });
  });

  it('refuses a token signed with another secret, and an expired one, with 401', async () => {
    const forged = signAccessToken(
      { userId: 'x', role: 'admin', practiceId: 'riverside' },
      'not-the-secret',
      { now: api.clock.now(), ttlSeconds: 60 },
    );
    await api.http.get('/patients/pt-auth').set('Authorization', `Bearer ${forged}`).expect(401);
    const expired = api.token('auditor');
    api.clock.set('2026-04-01T18:00:00Z');
    await api.http.get('/patients/pt-auth').set('Authorization', `Bearer ${expired}`).expect(401);
    api.clock.set(DEFAULT_NOW);
  });

  it('refuses a role the route does not allow with 403 and writes nothing', async () => {
    await expectStreamUnchanged(api, 'pt-auth', async () => {
      const res = await api.http
        .post('/patients/pt-auth/time-entries')
        .set('Authorization', `Bearer ${api.token('auditor')}`)
        .send(timeEntryBody('auditor-entry'))
        .expect(403);
      expect(res.body.reason).toBe('FORBIDDEN');
      await api.http
        .post('/patients')
        .set('Authorization', `Bearer ${api.token('care_manager')}`)
        .send(enrolBody('pt-x'))
        .expect(403);
      await api.http
        .post('/patients/pt-auth/consent')
        .set('Authorization', `Bearer ${api.token('biller')}`)
        .send({})
        .expect(403);
    });
  });

  it('lets every role read a patient of its own practice', async () => {
    for (const role of ['care_manager', 'practitioner', 'biller', 'auditor', 'admin'] as const) {
      await api.http
        .get('/patients/pt-auth')
        .set('Authorization', `Bearer ${api.token(role)}`)
        .expect(200);
    }
  });

  it('answers 404, never 403, for another practice’s patient, for reads and writes alike', async () => {
    const other = (role: 'auditor' | 'care_manager') => `Bearer ${api.token(role, OTHER_PRACTICE_ID)}`;
    const read = await api.http.get('/patients/pt-auth').set('Authorization', other('auditor')).expect(404);
    expect(read.body.reason).toBe('PATIENT_NOT_FOUND');
    await expectStreamUnchanged(api, 'pt-auth', async () => {
      const write = await api.http
        .post('/patients/pt-auth/time-entries')
        .set('Authorization', other('care_manager'))
        .send(timeEntryBody('cross-1'))
        .expect(404);
      expect(write.body.reason).toBe('PATIENT_NOT_FOUND');
    });
    const unknown = await api.http
      .get('/patients/pt-nobody')
      .set('Authorization', `Bearer ${api.token('auditor')}`)
      .expect(404);
    expect(unknown.body).toEqual(read.body);
  });

  it('refuses to register or read a practice other than the token’s', async () => {
    await api.http
      .get(`/practices/${OTHER_PRACTICE_ID}`)
      .set('Authorization', `Bearer ${api.token('auditor')}`)
      .expect(404);
    await api.http
      .get('/practices/riverside')
      .set('Authorization', `Bearer ${api.token('auditor')}`)
      .expect(200);
  });

  it('serves health and the OpenAPI document without a token', async () => {
    const health = await api.http.get('/health').expect(200);
    expect(health.body).toMatchObject({
      status: 'ok',
      eventStore: api.storeKind,
      projections: { status: expect.any(String) },
    });
    const docs = await api.http.get('/docs/json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/practices',
        '/patients',
        '/patients/{id}',
        '/patients/{id}/conditions',
        '/patients/{id}/conditions/{code}/resolution',
        '/patients/{id}/consent',
        '/patients/{id}/consent/withdrawal',
        '/patients/{id}/initiating-visit',
        '/patients/{id}/care-plan',
        '/patients/{id}/care-plan/revisions',
        '/patients/{id}/care-plan/shares',
        '/patients/{id}/contacts',
        '/patients/{id}/time-entries',
        '/patients/{id}/time-entries/{entryId}/corrections',
        '/patients/{id}/time-entries/{entryId}/void',
      ]),
    );
  });
});
