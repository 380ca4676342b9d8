import { patientAccessStreamId } from '@ccm/audit';
import { startApi, type ApiHarness } from '../testing/api-harness';
import { enrolBody, registerPractices } from '../testing/fixtures';

const P = 'pt-record';
const metformin = {
  medicationId: 'med-metformin',
  name: 'Metformin',
  dose: '500 mg',
  route: 'oral',
  frequency: 'twice daily',
  prescriber: 'dr-adams',
  startedOn: '2025-06-01',
};
const lisinopril = {
  ...metformin,
  medicationId: 'med-lisinopril',
  name: 'Lisinopril',
  dose: '10 mg',
  startedOn: '2026-01-10',
};
const reconciliation = (reconciliationId: string, reconciledOn: string) => ({
  reconciliationId,
  reconciledBy: 'rn-lopez',
  reconciledOn,
  source: 'discharge',
  interactionsReviewed: true,
  changes: [{ medicationId: 'med-metformin', action: 'changed' }],
  discrepancies: [{ kind: 'omission', description: 'Takes an OTC supplement', resolved: false }],
});

/** Issue 18: the patient's record shows the medication list and the latest reconciliation. */
describe('GET /patients/{id}: the medication list in the patient’s record', () => {
  let api: ApiHarness;
  const as = (role: 'admin' | 'practitioner' | 'auditor', practice?: string) =>
    `Bearer ${api.token(role, practice)}`;
  const post = (path: string, body: object, role: 'admin' | 'practitioner' = 'practitioner') =>
    api.http.post(path).set('Authorization', as(role)).send(body).expect(201);

  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
    await post('/patients', { ...enrolBody(P), enrolledOn: '2026-01-05' }, 'admin');
    await post('/patients', { ...enrolBody('pt-no-meds'), enrolledOn: '2026-01-05' }, 'admin');
    await post(`/patients/${P}/medications`, metformin);
    await post(`/patients/${P}/medications`, lisinopril);
    await post(`/patients/${P}/medications/med-metformin/changes`, {
      changeId: 'ch-1',
      changedOn: '2026-03-12',
      dose: '1000 mg',
      reason: 'HbA1c above goal',
    });
    await post(`/patients/${P}/medications/med-lisinopril/stop`, {
      stoppedOn: '2026-03-12',
      reason: 'cough',
    });
    await post(`/patients/${P}/medication-reconciliations`, reconciliation('rec-2', '2026-03-12'));
    // Documented after rec-2 but done before it: not the latest.
    await post(`/patients/${P}/medication-reconciliations`, reconciliation('rec-1', '2026-02-10'));
  });
  afterAll(() => api.close());

  it('shows today’s list, changes applied and stops dated, and the latest reconciliation', async () => {
    const res = await api.http
      .get(`/patients/${P}`)
      .set('Authorization', as('auditor'))
      .set('X-Purpose-Of-Use', 'treatment')
      .expect(200);
    expect(res.headers.etag).toBe(`"${res.body.revision}"`);
    expect(res.body.patientId).toBe(P);
    const { medications } = res.body;
    expect(medications.asOf).toBe('2026-03-31');
    expect(medications.list).toEqual([
      {
        ...metformin,
        dose: '1000 mg',
        status: 'active',
        stoppedOn: null,
        stopReason: null,
        changes: [
          {
            changeId: 'ch-1',
            changedOn: '2026-03-12',
            fields: ['dose'],
            reason: 'HbA1c above goal',
            recordedBy: 'dr-adams',
          },
        ],
        addedBy: 'dr-adams',
      },
      expect.objectContaining({
        medicationId: 'med-lisinopril',
        status: 'stopped',
        stoppedOn: '2026-03-12',
        stopReason: 'cough',
      }),
    ]);
    expect(medications.latestReconciliation).toMatchObject({
      reconciliationId: 'rec-2',
      reconciledOn: '2026-03-12',
      reconciledBy: 'rn-lopez',
      source: 'discharge',
      changes: [{ medicationId: 'med-metformin', action: 'changed' }],
    });
  });

  it('is a logged read of the patient’s record, as before', async () => {
    const reads = await api.store.readStream(patientAccessStreamId('riverside', P), { maxCount: 4096 });
    expect(reads.map((e) => [e.data.what, e.data.purpose])).toContainEqual([
      'GET /patients/:id',
      'treatment',
    ]);
  });

  it('shows an empty list and no reconciliation for a patient without medications', async () => {
    const res = await api.http
      .get('/patients/pt-no-meds')
      .set('Authorization', as('practitioner'))
      .expect(200);
    expect(res.body.medications).toEqual({ asOf: '2026-03-31', list: [], latestReconciliation: null });
  });

  it('answers 404 for an unknown patient and for another practice’s patient', async () => {
    for (const [url, token] of [
      ['/patients/pt-nobody', as('auditor')],
      [`/patients/${P}`, as('auditor', 'lakeside')],
    ]) {
      const res = await api.http.get(url).set('Authorization', token).expect(404);
      expect(res.body.reason).toBe('PATIENT_NOT_FOUND');
      expect(res.text).not.toContain('Metformin');
    }
  });
});
