import type { ApiHarness } from './api-harness';
import { EVIDENCE_PATIENT } from './evidence-scenario';

const metformin = {
  medicationId: 'med-metformin',
  name: 'Metformin',
  dose: '500 mg',
  route: 'oral',
  frequency: 'twice daily',
  prescriber: 'dr-adams',
  startedOn: '2025-06-01',
};

/**
 * Medication management around the evidence month (March 2026), recorded after the month was billed
 * (the clock at 2026-04-02): a dose change in March and a frequency change on 1 April, a medication
 * stopped in March and one started in April, a reconciliation in February and one in March (one of its
 * two discrepancies unresolved), an adherence check in March and one in April.
 */
export async function medicationsAroundTheMonth(api: ApiHarness): Promise<void> {
  const practitioner = `Bearer ${api.token('practitioner')}`;
  const post = (path: string, body: object) =>
    api.http
      .post(`/patients/${EVIDENCE_PATIENT}${path}`)
      .set('Authorization', practitioner)
      .send(body)
      .expect(201);
  await post('/medications', metformin);
  await post('/medications', {
    ...metformin,
    medicationId: 'med-lisinopril',
    name: 'Lisinopril',
    dose: '10 mg',
    frequency: 'daily',
    startedOn: '2026-01-10',
  });
  await post('/medications/med-metformin/changes', {
    changeId: 'ch-march',
    changedOn: '2026-03-12',
    dose: '1000 mg',
    reason: 'HbA1c above goal',
  });
  await post('/medications/med-lisinopril/stop', { stoppedOn: '2026-03-20', reason: 'Dry cough' });
  await post('/medications/med-metformin/changes', {
    changeId: 'ch-april',
    changedOn: '2026-04-01',
    frequency: 'once daily',
    reason: 'Extended release',
  });
  await post('/medications', {
    ...metformin,
    medicationId: 'med-atorvastatin',
    name: 'Atorvastatin',
    dose: '20 mg',
    frequency: 'nightly',
    startedOn: '2026-04-01',
  });
  await post('/medication-reconciliations', {
    reconciliationId: 'rec-feb',
    reconciledBy: 'rn-lopez',
    reconciledOn: '2026-02-10',
    source: 'visit',
    interactionsReviewed: true,
    changes: [{ medicationId: 'med-metformin', action: 'continued' }],
    discrepancies: [],
  });
  await post('/medication-reconciliations', {
    reconciliationId: 'rec-march',
    reconciledBy: 'rn-lopez',
    reconciledOn: '2026-03-12',
    source: 'discharge',
    interactionsReviewed: true,
    changes: [
      { medicationId: 'med-metformin', action: 'changed' },
      { medicationId: 'med-lisinopril', action: 'continued' },
    ],
    discrepancies: [
      {
        kind: 'dose',
        medicationId: 'med-metformin',
        description: 'Discharge list says 850 mg',
        resolved: true,
        resolution: 'Confirmed 1000 mg with the prescriber',
      },
      { kind: 'omission', description: 'Takes an OTC supplement not on the list', resolved: false },
    ],
  });
  await post('/adherence-checks', {
    checkId: 'adh-march',
    medicationId: 'med-metformin',
    checkedOn: '2026-03-20',
    method: 'measured',
    measure: 'proportion_of_days_covered',
    value: 0.82,
    finding: 'partially_adherent',
  });
  await post('/adherence-checks', {
    checkId: 'adh-april',
    checkedOn: '2026-04-01',
    method: 'reported',
    measure: 'patient_report',
    finding: 'adherent',
  });
}
