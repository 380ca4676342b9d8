import { foldPatient, type PatientCommand, type PatientEvent } from '../patient/patient';
import { givenPatient } from '../testing/decider-spec';
import { ACTOR, OTHER_ACTOR, RN_ADA, defaultContext, patientEnrolled } from '../testing/fixtures';

const metformin = {
  medicationId: 'med-1',
  name: 'Metformin',
  dose: '500 mg',
  route: 'oral' as const,
  frequency: 'twice daily',
  prescriber: 'dr-grey',
  startedOn: '2025-06-01',
};
type Added = Partial<typeof metformin>;
const add = (d: Added = {}): PatientCommand => ({ type: 'AddMedication', data: { ...metformin, ...d } });
const added = (d: Added = {}): PatientEvent => ({
  type: 'MedicationAdded',
  data: { ...metformin, ...d, recordedBy: ACTOR },
});

const change = {
  changeId: 'c-1',
  medicationId: 'med-1',
  changedOn: '2026-03-10',
  dose: '1000 mg',
  reason: 'HbA1c up',
};
const changeCommand = (d: Record<string, unknown> = {}): PatientCommand =>
  ({ type: 'ChangeMedication', data: { ...change, ...d } }) as PatientCommand;
const changed = (): PatientEvent => ({ type: 'MedicationChanged', data: { ...change, recordedBy: ACTOR } });

const stop = { medicationId: 'med-1', stoppedOn: '2026-03-12', reason: 'GI intolerance' };
const stopCommand = (d: Partial<typeof stop> = {}): PatientCommand => ({
  type: 'StopMedication',
  data: { ...stop, ...d },
});
const stopped = (): PatientEvent => ({ type: 'MedicationStopped', data: { ...stop, recordedBy: ACTOR } });

const reconciliation = {
  reconciliationId: 'rec-1',
  reconciledBy: RN_ADA.id,
  reconciledOn: '2026-03-12',
  source: 'discharge' as const,
  interactionsReviewed: true,
  changes: [{ medicationId: 'med-1', action: 'stopped' as const }],
  discrepancies: [
    {
      kind: 'dose' as const,
      medicationId: 'med-1',
      description: 'Discharge list says 850 mg',
      resolved: true,
    },
    { kind: 'omission' as const, description: 'Patient mentions an OTC supplement', resolved: false },
  ],
};
const reconcile = (d: Record<string, unknown> = {}): PatientCommand =>
  ({ type: 'ReconcileMedications', data: { ...reconciliation, ...d } }) as PatientCommand;

const check = {
  checkId: 'adh-1',
  medicationId: 'med-1' as string | null,
  checkedOn: '2026-03-20',
  method: 'measured' as const,
  measure: 'proportion_of_days_covered' as const,
  value: 0.82,
  finding: 'partially_adherent' as const,
};
const checkAdherence = (d: Record<string, unknown> = {}): PatientCommand =>
  ({ type: 'CheckAdherence', data: { ...check, ...d } }) as PatientCommand;

describe('medication list', () => {
  describe('AddMedication', () => {
    it('adds a structured entry, started before enrolment if so', () => {
      givenPatient(patientEnrolled()).when(add()).then(added());
    });
    it('refuses blank details, an unknown route, a future or impossible start', () => {
      givenPatient(patientEnrolled())
        .when(add({ name: ' ', dose: '' }))
        .thenRefuses('MEDICATION_INVALID', { fields: ['name', 'dose'] });
      givenPatient(patientEnrolled())
        .when(add({ route: 'telepathic' as 'oral' }))
        .thenRefuses('MEDICATION_INVALID', { fields: ['route'] });
      givenPatient(patientEnrolled())
        .when(add({ startedOn: '2026-04-01' }))
        .thenRefuses('OCCURS_IN_FUTURE');
      givenPatient(patientEnrolled())
        .when(add({ startedOn: '2026-13-01' }))
        .thenRefuses('DATE_INVALID');
    });
    it('answers a re-send as already applied; the same id for another medication is refused', () => {
      givenPatient(patientEnrolled(), added())
        .when(add(), { ...defaultContext, actorId: OTHER_ACTOR })
        .thenAlreadyApplied(1);
      givenPatient(patientEnrolled(), added())
        .when(add({ dose: '850 mg' }))
        .thenRefuses('MEDICATION_ID_REUSED', { key: 'medication:med-1' });
    });
  });

  describe('ChangeMedication', () => {
    it('changes the details it names', () => {
      givenPatient(patientEnrolled(), added()).when(changeCommand()).then(changed());
    });
    it('refuses an unknown medication, a stopped one, and a change naming no detail', () => {
      givenPatient(patientEnrolled())
        .when(changeCommand())
        .thenRefuses('MEDICATION_NOT_FOUND', { medicationId: 'med-1' });
      givenPatient(patientEnrolled(), added(), stopped())
        .when(changeCommand())
        .thenRefuses('MEDICATION_NOT_ACTIVE');
      givenPatient(patientEnrolled(), added())
        .when(changeCommand({ dose: undefined }))
        .thenRefuses('MEDICATION_CHANGE_EMPTY');
    });
    it('answers a re-sent change as already applied, and refuses its id for another change', () => {
      givenPatient(patientEnrolled(), added(), changed()).when(changeCommand()).thenAlreadyApplied(2);
      givenPatient(patientEnrolled(), added(), changed())
        .when(changeCommand({ dose: '750 mg' }))
        .thenRefuses('MEDICATION_CHANGE_ID_REUSED');
    });
  });

  describe('StopMedication', () => {
    it('stops an active medication; a re-sent stop is already applied', () => {
      givenPatient(patientEnrolled(), added()).when(stopCommand()).then(stopped());
      givenPatient(patientEnrolled(), added(), stopped()).when(stopCommand()).thenAlreadyApplied(2);
    });
    it('refuses stopping an unknown medication, or one stopped already on another date', () => {
      givenPatient(patientEnrolled())
        .when(stopCommand())
        .thenRefuses('MEDICATION_NOT_FOUND', { medicationId: 'med-1' });
      givenPatient(patientEnrolled(), added(), stopped())
        .when(stopCommand({ stoppedOn: '2026-03-13' }))
        .thenRefuses('MEDICATION_NOT_ACTIVE');
    });
  });

  describe('ReconcileMedications', () => {
    it('records who, when, the source, the changes and the discrepancies with whether each was resolved', () => {
      givenPatient(patientEnrolled(), added(), stopped())
        .when(reconcile())
        .then({ type: 'MedicationsReconciled', data: { ...reconciliation, recordedBy: ACTOR } });
    });
    it('refuses a reconciliation naming a medication not on the list', () => {
      givenPatient(patientEnrolled(), added())
        .when(reconcile({ changes: [{ medicationId: 'med-9', action: 'changed' }] }))
        .thenRefuses('MEDICATION_NOT_ON_LIST', { medications: ['med-9'] });
      givenPatient(patientEnrolled(), added())
        .when(
          reconcile({
            discrepancies: [{ kind: 'dose', medicationId: 'med-8', description: 'x', resolved: false }],
          }),
        )
        .thenRefuses('MEDICATION_NOT_ON_LIST', { medications: ['med-8'] });
    });
    it('refuses a future date and someone not on the roster', () => {
      givenPatient(patientEnrolled(), added())
        .when(reconcile({ reconciledOn: '2026-04-01' }))
        .thenRefuses('OCCURS_IN_FUTURE', { fields: ['reconciledOn'] });
      givenPatient(patientEnrolled(), added())
        .when(reconcile({ reconciledBy: 'pharm-stranger' }))
        .thenRefuses('RECONCILER_NOT_ON_ROSTER');
    });
    it('answers a re-send as already applied; the same id with other content is refused', () => {
      const history = [patientEnrolled(), added(), stopped()];
      const recorded: PatientEvent = {
        type: 'MedicationsReconciled',
        data: { ...reconciliation, recordedBy: ACTOR },
      };
      givenPatient(...history, recorded)
        .when(reconcile())
        .thenAlreadyApplied(3);
      givenPatient(...history, recorded)
        .when(reconcile({ source: 'visit' }))
        .thenRefuses('RECONCILIATION_ID_REUSED');
    });
  });

  describe('CheckAdherence', () => {
    it('records a measured check of one medication, and a reported overall one', () => {
      givenPatient(patientEnrolled(), added())
        .when(checkAdherence())
        .then({ type: 'AdherenceChecked', data: { ...check, recordedBy: ACTOR } });
      const reported = {
        checkId: 'adh-2',
        medicationId: null,
        checkedOn: '2026-03-20',
        method: 'reported',
        measure: 'patient_report',
        finding: 'adherent',
      } as const;
      givenPatient(patientEnrolled())
        .when({ type: 'CheckAdherence', data: reported })
        .then({ type: 'AdherenceChecked', data: { ...reported, recordedBy: ACTOR } });
    });
    it('refuses a check naming a medication not on the list, and values that cannot be', () => {
      givenPatient(patientEnrolled())
        .when(checkAdherence())
        .thenRefuses('MEDICATION_NOT_ON_LIST', { medications: ['med-1'] });
      givenPatient(patientEnrolled(), added())
        .when(checkAdherence({ value: 1.5 }))
        .thenRefuses('ADHERENCE_CHECK_INVALID', { fields: ['value'] });
      givenPatient(patientEnrolled(), added())
        .when(checkAdherence({ method: 'reported' }))
        .thenRefuses('ADHERENCE_CHECK_INVALID', { fields: ['measure', 'value'] });
      givenPatient(patientEnrolled(), added())
        .when(checkAdherence({ checkedOn: '2026-04-02' }))
        .thenRefuses('OCCURS_IN_FUTURE');
    });
    it('answers a re-send as already applied; the same id with other content is refused', () => {
      const recorded: PatientEvent = { type: 'AdherenceChecked', data: { ...check, recordedBy: ACTOR } };
      givenPatient(patientEnrolled(), added(), recorded).when(checkAdherence()).thenAlreadyApplied(2);
      givenPatient(patientEnrolled(), added(), recorded)
        .when(checkAdherence({ finding: 'adherent' }))
        .thenRefuses('ADHERENCE_CHECK_ID_REUSED');
    });
  });

  it('evolves: the list keeps each medication’s status', () => {
    const state = foldPatient([patientEnrolled(), added(), added({ medicationId: 'med-2' }), stopped()]);
    if (state.status !== 'enrolled') throw new Error('expected an enrolled patient');
    expect(state.medications).toEqual({
      'med-1': {
        status: 'stopped',
        stop: { stoppedOn: '2026-03-12', reason: 'GI intolerance', atRevision: 3 },
      },
      'med-2': { status: 'active' },
    });
  });
});
