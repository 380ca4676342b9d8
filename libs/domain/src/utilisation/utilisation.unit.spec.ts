import type { PatientCommand, PatientEvent } from '../patient/patient';
import { givenPatient } from '../testing/decider-spec';
import { ACTOR, OTHER_ACTOR, defaultContext, patientEnrolled } from '../testing/fixtures';

type VisitData = Extract<PatientCommand, { type: 'RecordEmergencyVisit' }>['data'];

const visit = (overrides: Partial<VisitData> = {}): VisitData => ({
  visitId: 'ed-1',
  visitDate: '2026-03-12',
  facility: 'Mercy General ED',
  reasonCode: 'I50.9',
  ...overrides,
});
const recordEmergencyVisit = (overrides: Partial<VisitData> = {}): PatientCommand => ({
  type: 'RecordEmergencyVisit',
  data: visit(overrides),
});
const emergencyVisitRecorded = (overrides: Partial<VisitData> = {}): PatientEvent => ({
  type: 'EmergencyVisitRecorded',
  data: { ...visit(overrides), recordedBy: ACTOR },
});
const stayRecorded = (discharge: string | null, stayId = 'stay-1'): PatientEvent => ({
  type: 'InpatientStayRecorded',
  data: { stayId, stayType: 'acute_hospital_inpatient', admit: '2026-03-10', discharge },
});
const recordDischarge = (discharge: string, stayId = 'stay-1'): PatientCommand => ({
  type: 'RecordHospitalDischarge',
  data: { stayId, discharge },
});

describe('utilisation', () => {
  describe('RecordEmergencyVisit', () => {
    it('records a visit with its facility and reason code, attributed to the acting user', () => {
      givenPatient(patientEnrolled()).when(recordEmergencyVisit()).then(emergencyVisitRecorded());
    });

    it('records a visit with no reason code, and upper-cases a code given in lower case', () => {
      const { reasonCode: _omitted, ...noReason } = visit();
      givenPatient(patientEnrolled())
        .when({ type: 'RecordEmergencyVisit', data: noReason })
        .then({ type: 'EmergencyVisitRecorded', data: { ...noReason, recordedBy: ACTOR } });
      givenPatient(patientEnrolled())
        .when(recordEmergencyVisit({ reasonCode: 'j44.1' }))
        .then(emergencyVisitRecorded({ reasonCode: 'J44.1' }));
    });

    it('refuses a visit after today, on a date that is not one, with no facility or a bad reason code', () => {
      givenPatient(patientEnrolled())
        .when(recordEmergencyVisit({ visitDate: '2026-04-01' }))
        .thenRefuses('OCCURS_IN_FUTURE', { fields: ['visitDate'] });
      givenPatient(patientEnrolled())
        .when(recordEmergencyVisit({ visitDate: '2026-02-30' }))
        .thenRefuses('DATE_INVALID', { fields: ['visitDate'] });
      givenPatient(patientEnrolled())
        .when(recordEmergencyVisit({ facility: '   ' }))
        .thenRefuses('FACILITY_MISSING', { fields: ['facility'] });
      givenPatient(patientEnrolled())
        .when(recordEmergencyVisit({ reasonCode: 'chest pain' }))
        .thenRefuses('REASON_CODE_INVALID', { fields: ['reasonCode'] });
    });

    it('answers a re-send by anyone as applied, and refuses the id reused for another visit', () => {
      givenPatient(patientEnrolled(), emergencyVisitRecorded())
        .when(recordEmergencyVisit(), { ...defaultContext, actorId: OTHER_ACTOR })
        .thenAlreadyApplied(1);
      givenPatient(patientEnrolled(), emergencyVisitRecorded())
        .when(recordEmergencyVisit({ visitDate: '2026-03-13' }))
        .thenRefuses('EMERGENCY_VISIT_ID_REUSED', { key: 'ed-visit:ed-1' });
    });
  });

  describe('RecordHospitalDischarge: the stay recorded again with its discharge (one stay, one record)', () => {
    it('completes an open stay with the event billing reads', () => {
      givenPatient(patientEnrolled(), stayRecorded(null))
        .when(recordDischarge('2026-03-14'))
        .then(stayRecorded('2026-03-14'));
    });

    it('answers the same discharge, through either route, as already applied', () => {
      givenPatient(patientEnrolled(), stayRecorded(null), stayRecorded('2026-03-14'))
        .when(recordDischarge('2026-03-14'))
        .thenAlreadyApplied();
    });

    it('refuses a discharge before its admission, after today, of an unknown or already discharged stay', () => {
      givenPatient(patientEnrolled(), stayRecorded(null))
        .when(recordDischarge('2026-03-09'))
        .thenRefuses('STAY_DATES_INVALID', { fields: ['discharge'] });
      givenPatient(patientEnrolled(), stayRecorded(null))
        .when(recordDischarge('2026-04-02'))
        .thenRefuses('OCCURS_IN_FUTURE');
      givenPatient(patientEnrolled()).when(recordDischarge('2026-03-14')).thenRefuses('STAY_NOT_FOUND');
      givenPatient(patientEnrolled(), stayRecorded('2026-03-14'))
        .when(recordDischarge('2026-03-15'))
        .thenRefuses('STAY_ALREADY_DISCHARGED', { fields: ['discharge'] });
    });
  });
});
