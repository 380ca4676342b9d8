import { startApi, type ApiHarness } from '../testing/api-harness';
import { allDisclosures, consentBody, enrolledPatient, registerPractices } from '../testing/fixtures';

describe('consent (CONS)', () => {
  let api: ApiHarness;
  const practitioner = () => `Bearer ${api.token('practitioner')}`;
  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
    await enrolledPatient(api, 'pt-c', { consent: false });
  });
  afterAll(() => api.close());

  it('CONS-2: records a consent given without every disclosure; the month says no usable consent', async () => {
    await enrolledPatient(api, 'pt-c2', { consent: false });
    await api.http
      .post('/patients/pt-c2/consent')
      .set('Authorization', practitioner())
      .send(
        consentBody({
          disclosures: { ...allDisclosures, costSharing: false, onePractitionerPerMonth: false },
        }),
      )
      .expect(201);
    const stored = (await api.readPatientStream('pt-c2')).find((e) => e.type === 'ConsentRecorded');
    expect(stored?.data).toMatchObject({
      disclosures: { ...allDisclosures, costSharing: false, onePractitionerPerMonth: false },
    });
  });

  it('CONS-2: refuses a consent with a disclosure flag absent with 400 naming it', async () => {
    const { onePractitionerPerMonth: _omitted, ...three } = allDisclosures;
    const res = await api.http
      .post('/patients/pt-c/consent')
      .set('Authorization', practitioner())
      .send(consentBody({ disclosures: three }))
      .expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual([
      'disclosures.onePractitionerPerMonth',
    ]);
  });

  it('CONS-3: refuses written consent without a document reference', async () => {
    const res = await api.http
      .post('/patients/pt-c/consent')
      .set('Authorization', practitioner())
      .send(consentBody({ method: 'written' }))
      .expect(422);
    expect(res.body.reason).toBe('CONSENT_DOCUMENT_MISSING');
  });

  it('refuses consent obtained in the future (practice-local clock)', async () => {
    const res = await api.http
      .post('/patients/pt-c/consent')
      .set('Authorization', practitioner())
      .send(consentBody({ obtainedAt: '2026-03-31T12:01' }))
      .expect(422);
    expect(res.body.reason).toBe('OCCURS_IN_FUTURE');
  });

  it('CONS-1: records consent with an ISO instant converted to the practice’s wall clock, idempotent on consentId', async () => {
    const body = consentBody({ consentId: 'consent-1', obtainedAt: '2026-03-02T16:15:00Z' });
    const first = await api.http
      .post('/patients/pt-c/consent')
      .set('Authorization', practitioner())
      .send(body)
      .expect(201);
    const again = await api.http
      .post('/patients/pt-c/consent')
      .set('Authorization', practitioner())
      .send(body)
      .expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['x-ccm-replayed']).toBe('true');
    const events = await api.readPatientStream('pt-c');
    const consent = events.filter((e) => e.type === 'ConsentRecorded');
    expect(consent).toHaveLength(1);
    expect(consent[0].data).toMatchObject({
      obtainedAt: '2026-03-02T10:15',
      billingPractitionerId: 'dr-adams',
      documentedInRecord: true,
    });
    expect(consent[0].metadata).toMatchObject({
      occurredAt: '2026-03-02T10:15',
      actorId: 'dr-adams',
      actorRole: 'practitioner',
      practiceId: 'riverside',
    });
    const conflict = await api.http
      .post('/patients/pt-c/consent')
      .set('Authorization', practitioner())
      .send({ ...body, method: 'verbal' })
      .expect(409);
    expect(conflict.body.reason).toBe('CONSENT_ID_REUSED');
  });

  it('CONS-6: a withdrawal takes effect at the end of its calendar month', async () => {
    await api.http
      .post('/patients/pt-c/consent/withdrawal')
      .set('Authorization', `Bearer ${api.token('care_manager')}`)
      .send({ withdrawnAt: '2026-03-20T16:00', reason: 'patient request' })
      .expect(201);
    const events = await api.readPatientStream('pt-c');
    expect(events.at(-1)?.data).toMatchObject({
      withdrawnAt: '2026-03-20T16:00',
      effectiveEndOfDay: '2026-03-31',
      recordedBy: 'rn-lopez',
    });
    const read = await api.http.get('/patients/pt-c').set('Authorization', practitioner()).expect(200);
    expect(read.body.consents[0]).toMatchObject({
      withdrawnAt: '2026-03-20T16:00',
      effectiveEndOfDay: '2026-03-31',
    });
  });

  it('refuses a withdrawal when no consent is in force', async () => {
    const res = await api.http
      .post('/patients/pt-c/consent/withdrawal')
      .set('Authorization', practitioner())
      .send({ withdrawnAt: '2026-03-21T09:00' })
      .expect(422);
    expect(res.body.reason).toBe('CONSENT_NOT_ACTIVE');
  });

  it('records a declined consent (CONS-2 requires accept or decline on record) without all disclosures', async () => {
    await api.http
      .post('/patients/pt-c/consent')
      .set('Authorization', practitioner())
      .send(
        consentBody({
          decision: 'declined',
          obtainedAt: '2026-03-25T09:00',
          disclosures: { ...allDisclosures, costSharing: false },
        }),
      )
      .expect(201);
  });
});
