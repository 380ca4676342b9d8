/**
 * The access log in the patient's audit trail: every read of the record, through the api or the
 * command line, shows who looked, as what, through which route, why and when (DOC-8).
 */
import { AccessLog } from '@ccm/audit';
import { enrolledPatient, registerPractices } from '../testing/fixtures';
import { startReadApi, type ReadApiHarness } from './testing/read-api-harness';

describe('who read the record: GET /patients/{id}/audit-trail/reads', () => {
  let api: ReadApiHarness;

  beforeAll(async () => {
    api = await startReadApi();
    await registerPractices(api);
    await enrolledPatient(api, 'pt-read');
    await enrolledPatient(api, 'pt-other');
    await api.caughtUp();
    await api.http
      .get('/patients/pt-read')
      .set('Authorization', `Bearer ${api.token('biller')}`)
      .set('X-Purpose-Of-Use', 'payment')
      .expect(200);
    await api.http
      .get('/patients/pt-read/timeline')
      .set('Authorization', `Bearer ${api.token('auditor')}`)
      .set('X-Purpose-Of-Use', 'audit')
      .expect(200);
    await new AccessLog(api.store, api.clock).patientRead(
      { userId: 'ops-sam', role: 'auditor', practiceId: 'riverside' },
      'pt-read',
      { what: 'audit evidence', purpose: 'audit', channel: 'cli', requestId: 'cli-1' },
    );
    await api.caughtUp();
  });
  afterAll(() => api?.close());

  it('lists each read in order with user, role, route or command, purpose, channel and time, this one last', async () => {
    const res = await api.get('/patients/pt-read/audit-trail/reads', 'auditor').expect(200);
    expect(
      res.body.items.map(
        (r: { actor: { id: string; role: string }; what: string; purpose: string; channel: string }) => [
          r.actor.id,
          r.actor.role,
          r.what,
          r.purpose,
          r.channel,
        ],
      ),
    ).toEqual([
      ['biller-user', 'biller', 'GET /patients/:id', 'payment', 'api'],
      ['auditor-user', 'auditor', 'GET /patients/:id/timeline', 'audit', 'api'],
      ['ops-sam', 'auditor', 'audit evidence', 'audit', 'cli'],
      // Logged before it is answered, and listed from the access stream itself: no projector lag.
      ['auditor-user', 'auditor', 'GET /patients/:id/audit-trail/reads', 'unspecified', 'api'],
    ]);
    expect(res.body.items[0]).toMatchObject({ revision: 0, accessedAt: '2026-03-31T17:00:00.000Z' });
  });

  it('pages', async () => {
    const first = await api.get('/patients/pt-read/audit-trail/reads?limit=2', 'auditor').expect(200);
    expect(first.body.items).toHaveLength(2);
    const rest = await api
      .get(`/patients/pt-read/audit-trail/reads?limit=10&cursor=${first.body.nextCursor}`, 'auditor')
      .expect(200);
    expect(rest.body.items.map((r: { what: string }) => r.what)).toContain(
      'GET /patients/:id/audit-trail/reads',
    );
  });

  it('keeps each patient’s reads to that patient, and another practice gets 404', async () => {
    await api.caughtUp();
    const other = await api.get('/patients/pt-other/audit-trail/reads', 'auditor').expect(200);
    expect(other.body.items.every((r: { what: string }) => r.what !== 'GET /patients/:id')).toBe(true);
    const res = await api.get('/patients/pt-read/audit-trail/reads', 'auditor', 'lakeside').expect(404);
    expect(res.body.reason).toBe('PATIENT_NOT_FOUND');
  });
});
