import { expectStreamUnchanged, startApi, type ApiHarness } from '../testing/api-harness';
import { enrolBody, registerPractices } from '../testing/fixtures';

const P = 'pt-med';
const metformin = {
  medicationId: 'med-metformin',
  name: 'Metformin',
  dose: '500 mg',
  route: 'oral',
  frequency: 'twice daily',
  prescriber: 'dr-adams',
  startedOn: '2025-06-01',
};
const reconciliation = {
  reconciliationId: 'rec-1',
  reconciledOn: '2026-03-12',
  source: 'discharge',
  interactionsReviewed: true,
  changes: [{ medicationId: 'med-metformin', action: 'changed' }],
  discrepancies: [
    {
      kind: 'dose',
      medicationId: 'med-metformin',
      description: 'Discharge list says 850 mg',
      resolved: true,
    },
  ],
};

/** Medication management recorded through the api (issue 18). */
describe('medication list, reconciliation and adherence', () => {
  let api: ApiHarness;
  const as = (role: 'admin' | 'care_manager' | 'practitioner') => `Bearer ${api.token(role)}`;
  const post = async (
    path: string,
    body: object,
    role: 'admin' | 'care_manager' | 'practitioner',
    status = 201,
  ) => {
    return api.http.post(path).set('Authorization', as(role)).send(body).expect(status);
  };
  /** Refused with this status (and reason, when given), the patient's stream unchanged. */
  const refused = (path: string, body: object, status: number, reason?: string) =>
    expectStreamUnchanged(api, P, async () => {
      const res = await post(path, body, 'practitioner', status);
      if (reason) expect(res.body.reason).toBe(reason);
    });

  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
    await post('/patients', { ...enrolBody(P), enrolledOn: '2026-01-05' }, 'admin');
  });
  afterAll(() => api.close());

  it('adds, changes and stops; refuses an unknown medication (422) without changing the stream', async () => {
    await post(`/patients/${P}/medications`, metformin, 'practitioner');
    await post(
      `/patients/${P}/medications/med-metformin/changes`,
      { changeId: 'ch-1', changedOn: '2026-03-12', dose: '1000 mg', reason: 'HbA1c above goal' },
      'practitioner',
    );
    await post(
      `/patients/${P}/medications`,
      {
        ...metformin,
        medicationId: 'med-lisinopril',
        name: 'Lisinopril',
        dose: '10 mg',
        frequency: 'daily',
      },
      'practitioner',
    );
    await post(
      `/patients/${P}/medications/med-lisinopril/stop`,
      { stoppedOn: '2026-03-12', reason: 'cough' },
      'practitioner',
    );
    await refused(
      `/patients/${P}/medications/med-nothing/changes`,
      { changedOn: '2026-03-12', dose: '1 mg', reason: 'x' },
      422,
      'MEDICATION_NOT_FOUND',
    );
    await refused(
      `/patients/${P}/medications/med-nothing/stop`,
      { stoppedOn: '2026-03-12', reason: 'x' },
      422,
      'MEDICATION_NOT_FOUND',
    );
    await refused(
      `/patients/${P}/medications`,
      { ...metformin, medicationId: 'med-x', route: 'by_magic', startedOn: 'soon' },
      400,
    );
  });

  it('records a reconciliation and adherence checks; one naming a medication not on the list is refused', async () => {
    await post(`/patients/${P}/medication-reconciliations`, reconciliation, 'care_manager');
    await expectStreamUnchanged(api, P, async () => {
      const res = await post(
        `/patients/${P}/medication-reconciliations`,
        {
          ...reconciliation,
          reconciliationId: 'rec-2',
          changes: [{ medicationId: 'med-warfarin', action: 'stopped' }],
        },
        'care_manager',
        422,
      );
      expect(res.body).toMatchObject({
        reason: 'MEDICATION_NOT_ON_LIST',
        details: { medications: ['med-warfarin'] },
      });
      await post(
        `/patients/${P}/medication-reconciliations`,
        { ...reconciliation, reconciledOn: '2026-04-01' },
        'care_manager',
        409,
      );
      await post(
        `/patients/${P}/medication-reconciliations`,
        { ...reconciliation, reconciliationId: 'rec-3', reconciledOn: '2026-04-01' },
        'care_manager',
        422,
      );
      await post(
        `/patients/${P}/medication-reconciliations`,
        { ...reconciliation, reconciliationId: 'rec-4', source: 'hearsay', changes: 'none' },
        'care_manager',
        400,
      );
    });
    await post(
      `/patients/${P}/adherence-checks`,
      {
        checkId: 'adh-1',
        medicationId: 'med-metformin',
        checkedOn: '2026-03-20',
        method: 'measured',
        measure: 'proportion_of_days_covered',
        value: 0.82,
        finding: 'partially_adherent',
      },
      'care_manager',
    );
    await post(
      `/patients/${P}/adherence-checks`,
      {
        checkId: 'adh-2',
        checkedOn: '2026-03-20',
        method: 'reported',
        measure: 'patient_report',
        finding: 'adherent',
      },
      'care_manager',
    );
    await refused(
      `/patients/${P}/adherence-checks`,
      {
        checkId: 'adh-3',
        checkedOn: '2026-03-20',
        method: 'measured',
        measure: 'pill_count',
        value: 1.4,
        finding: 'adherent',
      },
      400,
    );
    const types = (await api.readPatientStream(P)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'MedicationAdded',
        'MedicationChanged',
        'MedicationStopped',
        'MedicationsReconciled',
        'AdherenceChecked',
      ]),
    );
  });
});
