import type { PatientEvent } from '../patient/patient';
import { ACTOR, patientEnrolled } from '../testing/fixtures';
import { latestReconciliation, medicationListAsOf } from './medication-list';

const metformin = {
  medicationId: 'med-1',
  name: 'Metformin',
  dose: '500 mg',
  route: 'oral' as const,
  frequency: 'twice daily',
  prescriber: 'dr-grey',
  startedOn: '2025-06-01',
};
const lisinopril = {
  ...metformin,
  medicationId: 'med-2',
  name: 'Lisinopril',
  dose: '10 mg',
  frequency: 'daily',
  startedOn: '2026-01-10',
};
const added = (d: typeof metformin): PatientEvent => ({
  type: 'MedicationAdded',
  data: { ...d, recordedBy: ACTOR },
});
const changed = (
  changeId: string,
  changedOn: string,
  details: { dose?: string; frequency?: string },
  medicationId = 'med-1',
): PatientEvent => ({
  type: 'MedicationChanged',
  data: { changeId, medicationId, changedOn, ...details, reason: 'HbA1c up', recordedBy: ACTOR },
});
const stopped = (medicationId: string, stoppedOn: string): PatientEvent => ({
  type: 'MedicationStopped',
  data: { medicationId, stoppedOn, reason: 'cough', recordedBy: ACTOR },
});
const reconciled = (reconciliationId: string, reconciledOn: string): PatientEvent => ({
  type: 'MedicationsReconciled',
  data: {
    reconciliationId,
    reconciledBy: 'rn-ada',
    reconciledOn,
    source: 'discharge',
    interactionsReviewed: true,
    changes: [{ medicationId: 'med-1', action: 'changed' }],
    discrepancies: [{ kind: 'omission', description: 'OTC supplement', resolved: false }],
    recordedBy: ACTOR,
  },
});
const checked = (checkId: string, checkedOn: string): PatientEvent => ({
  type: 'AdherenceChecked',
  data: {
    checkId,
    medicationId: null,
    checkedOn,
    method: 'reported',
    measure: 'patient_report',
    finding: 'adherent',
    recordedBy: ACTOR,
  },
});

/** given the patient's events, when the list is read as of a date, then ... */
const given = (...events: PatientEvent[]) => ({
  whenAsOf: (date: string) => medicationListAsOf([patientEnrolled(), ...events], date),
});

describe('medication list as of a date', () => {
  it('given a medication added, then it is listed active with its details', () => {
    const list = given(added(metformin)).whenAsOf('2026-03-31');
    expect(list).toEqual({
      asOf: '2026-03-31',
      medications: [
        {
          ...metformin,
          status: 'active',
          stoppedOn: null,
          stopReason: null,
          changes: [],
          addedBy: ACTOR,
        },
      ],
      reconciliations: [],
      adherenceChecks: [],
    });
  });

  it('given a change on or before the date, then its details are applied and the change listed', () => {
    const [medication] = given(added(metformin), changed('c-1', '2026-03-10', { dose: '1000 mg' })).whenAsOf(
      '2026-03-10',
    ).medications;
    expect(medication).toMatchObject({ dose: '1000 mg', frequency: 'twice daily', status: 'active' });
    expect(medication.changes).toEqual([
      { changeId: 'c-1', changedOn: '2026-03-10', fields: ['dose'], reason: 'HbA1c up', recordedBy: ACTOR },
    ]);
  });

  it('given a change after the date, then it is not applied', () => {
    const [medication] = given(added(metformin), changed('c-1', '2026-04-02', { dose: '1000 mg' })).whenAsOf(
      '2026-03-31',
    ).medications;
    expect(medication).toMatchObject({ dose: '500 mg', changes: [] });
  });

  it('given changes documented late, then they apply in the order they took effect', () => {
    const [medication] = given(
      added(metformin),
      changed('c-later', '2026-03-20', { dose: '1000 mg' }),
      changed('c-earlier', '2026-03-05', { dose: '750 mg', frequency: 'daily' }),
    ).whenAsOf('2026-03-31').medications;
    expect(medication).toMatchObject({ dose: '1000 mg', frequency: 'daily' });
    expect(medication.changes.map((c) => c.changeId)).toEqual(['c-earlier', 'c-later']);
  });

  it('given a stop on or before the date, then the medication is listed stopped with its date', () => {
    const list = given(added(metformin), added(lisinopril), stopped('med-2', '2026-03-12')).whenAsOf(
      '2026-03-31',
    );
    expect(list.medications.map((m) => [m.medicationId, m.status, m.stoppedOn, m.stopReason])).toEqual([
      ['med-1', 'active', null, null],
      ['med-2', 'stopped', '2026-03-12', 'cough'],
    ]);
  });

  it('given a stop after the date, then the medication is still active on it', () => {
    const list = given(added(lisinopril), stopped('med-2', '2026-03-12')).whenAsOf('2026-03-11');
    expect(list.medications.map((m) => [m.medicationId, m.status, m.stoppedOn])).toEqual([
      ['med-2', 'active', null],
    ]);
  });

  it('given a medication started after the date, then it is not listed', () => {
    expect(given(added(metformin), added(lisinopril)).whenAsOf('2026-01-09').medications).toHaveLength(1);
  });

  it('given reconciliations and adherence checks, then those up to the date are listed oldest first', () => {
    const list = given(
      added(metformin),
      reconciled('rec-2', '2026-03-12'),
      reconciled('rec-1', '2026-02-01'),
      reconciled('rec-3', '2026-04-01'),
      checked('adh-1', '2026-03-20'),
      checked('adh-2', '2026-04-01'),
    ).whenAsOf('2026-03-31');
    expect(list.reconciliations.map((r) => r.reconciliationId)).toEqual(['rec-1', 'rec-2']);
    expect(list.adherenceChecks.map((c) => c.checkId)).toEqual(['adh-1']);
    expect(latestReconciliation(list)).toMatchObject({ reconciliationId: 'rec-2', source: 'discharge' });
  });

  it('given two reconciliations the same day, then the one recorded last is the latest', () => {
    const list = given(reconciled('rec-a', '2026-03-12'), reconciled('rec-b', '2026-03-12')).whenAsOf(
      '2026-03-12',
    );
    expect(latestReconciliation(list)?.reconciliationId).toBe('rec-b');
  });

  it('given no medication events, then the list is empty and there is no latest reconciliation', () => {
    const list = given().whenAsOf('2026-03-31');
    expect(list.medications).toEqual([]);
    expect(latestReconciliation(list)).toBeNull();
  });
});
