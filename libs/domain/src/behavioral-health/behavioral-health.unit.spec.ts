import type { PatientCommand, PatientEvent } from '../patient/patient';
import { givenPatient } from '../testing/decider-spec';
import {
  ACTOR,
  DR_GREY,
  DR_HOUSE,
  NP_NINA,
  OTHER_ACTOR,
  RN_ADA,
  contextAt,
  patientEnrolled,
} from '../testing/fixtures';

type Data = Extract<PatientCommand, { type: 'RecordBehavioralHealthService' }>['data'];

const service = (overrides: Partial<Data> = {}): Data => ({
  serviceId: 'bh-1',
  serviceMonth: '2026-03',
  service: 'general_BHI',
  furnishedUnderPractitioner: DR_GREY.id,
  activitiesDocumented: ['PHQ-9 screening', 'Care plan for depression'],
  ...overrides,
});
const recordBh = (overrides: Partial<Data> = {}): PatientCommand => ({
  type: 'RecordBehavioralHealthService',
  data: service(overrides),
});
const bhRecorded = (overrides: Partial<Data> = {}): PatientEvent => ({
  type: 'BehavioralHealthServiceRecorded',
  data: { ...service(overrides), recordedBy: ACTOR },
});

describe('APCM behavioural-health add-on (APCM-8: G0568-G0570)', () => {
  it('records the service of a month, the practitioner it is furnished under and the activities', () => {
    givenPatient(patientEnrolled()).when(recordBh()).then(bhRecorded());
    // Under another practitioner on the roster: recorded as it is; billing refuses G0570 for it (APCM-8).
    givenPatient(patientEnrolled())
      .when(recordBh({ furnishedUnderPractitioner: DR_HOUSE.id }))
      .then(bhRecorded({ furnishedUnderPractitioner: DR_HOUSE.id }));
    givenPatient(patientEnrolled())
      .when(recordBh({ furnishedUnderPractitioner: NP_NINA.id }))
      .then(bhRecorded({ furnishedUnderPractitioner: NP_NINA.id }));
  });

  it('the service id is the idempotency key: the same content is already applied, other content a conflict', () => {
    const history = [patientEnrolled(), bhRecorded()];
    givenPatient(...history)
      .when(recordBh())
      .thenAlreadyApplied(1);
    // Re-sent by another user: still the same fact.
    givenPatient(...history)
      .when(recordBh(), contextAt('2026-03-31T18:00', { actorId: OTHER_ACTOR }))
      .thenAlreadyApplied(1);
    givenPatient(...history)
      .when(recordBh({ activitiesDocumented: ['PHQ-9 screening'] }))
      .thenRefuses('BH_SERVICE_ID_REUSED', { key: 'bh-service:bh-1' });
    // A second service for the same month under another id is recorded; the month reads the last one.
    givenPatient(...history)
      .when(recordBh({ serviceId: 'bh-2', activitiesDocumented: ['PHQ-9 screening'] }))
      .then(bhRecorded({ serviceId: 'bh-2', activitiesDocumented: ['PHQ-9 screening'] }));
  });

  it('refuses a practitioner who is not on the roster, or staff who is not a practitioner', () => {
    givenPatient(patientEnrolled())
      .when(recordBh({ furnishedUnderPractitioner: 'dr-nobody' }))
      .thenRefuses('PRACTITIONER_NOT_ON_ROSTER', { fields: ['furnishedUnderPractitioner'] });
    givenPatient(patientEnrolled())
      .when(recordBh({ furnishedUnderPractitioner: RN_ADA.id }))
      .thenRefuses('PRACTITIONER_NOT_ON_ROSTER', { fields: ['furnishedUnderPractitioner'] });
  });

  it('records a reserved service or one with no activity documented: billing says the add-on needs them (APCM-8)', () => {
    const reserved = { service: 'psychiatric_CoCM' as const, activitiesDocumented: [] };
    givenPatient(patientEnrolled()).when(recordBh(reserved)).then(bhRecorded(reserved));
  });

  it('refuses a month not begun or malformed, an unknown service, and empty or too many activities', () => {
    givenPatient(patientEnrolled())
      .when(recordBh({ serviceMonth: '2026-04' }))
      .thenRefuses('OCCURS_IN_FUTURE', { fields: ['serviceMonth'] });
    givenPatient(patientEnrolled())
      .when(recordBh({ serviceMonth: '2026-4' }))
      .thenRefuses('DATE_INVALID', { fields: ['serviceMonth'] });
    givenPatient(patientEnrolled())
      .when(recordBh({ service: 'tarot' as Data['service'] }))
      .thenRefuses('BH_SERVICE_INVALID', { fields: ['service'] });
    givenPatient(patientEnrolled())
      .when(recordBh({ activitiesDocumented: ['  '] }))
      .thenRefuses('BH_ACTIVITIES_INVALID');
    givenPatient(patientEnrolled())
      .when(recordBh({ activitiesDocumented: Array.from({ length: 21 }, (_, i) => `activity ${i}`) }))
      .thenRefuses('BH_ACTIVITIES_INVALID');
    givenPatient().when(recordBh()).thenRefuses('PATIENT_NOT_FOUND');
  });
});
