/**
 * Small, typed builders for the domain specifications. Each builder returns the default fact and takes
 * overrides for the one thing a specification is about. A command builder and its event builder share
 * their defaults, so `logTime(x)` is decided into `timeLogged(x)` under `defaultContext` (enrolment is
 * the exception: `patientEnrolled()` is a January enrolment, for use as history).
 */
import type { CarePlanElements, CarePlanEvent } from '../care-plan/care-plan.events';
import type { CarePlanCommand } from '../care-plan/care-plan';
import type { ConsentDisclosures, ConsentEvent } from '../consent/consent.events';
import type { ConsentCommand } from '../consent/consent';
import type { ContactEvent } from '../contact/contact.events';
import type { ContactCommand } from '../contact/contact';
import type { ConditionInput, EnrollmentCommand } from '../enrollment/enrollment';
import type { ChronicCondition, EnrollmentEvent } from '../enrollment/enrollment.events';
import type { InitiatingVisitEvent } from '../initiating-visit/initiating-visit.events';
import type { InitiatingVisitCommand } from '../initiating-visit/initiating-visit';
import type { DecisionContext } from '../patient/decision-context';
import {
  evolvePractice,
  initialPracticeState,
  type BillingPractitioner,
  type PracticeCommand,
  type PracticeEvent,
  type PracticeProfile,
  type StaffMember,
} from '../practice/practice';
import type { TimeLogCommand } from '../time-log/time-log';
import type { TimeLogEvent } from '../time-log/time-log.events';

type DataOf<U extends { type: string; data: object }, T extends U['type']> = Extract<U, { type: T }>['data'];
type Overrides<T> = Partial<{ -readonly [K in keyof T]: T[K] }>;

// ---------------------------------------------------------------------------------------------------
// Practice and roster

export const PRACTICE_ID = 'practice-riverside';
export const PATIENT_ID = 'patient-0001';

/** The practice's wall clock in the default context: the last evening of March 2026. */
export const NOW = '2026-03-31T18:00';
export const TODAY = '2026-03-31';
/** The signed-in user issuing commands (a user id from the token, not a roster id). */
export const ACTOR = 'user-ada';
export const OTHER_ACTOR = 'user-bob';

/** NPIs with a valid check digit (Luhn over "80840" + the ten digits). */
export const VALID_NPIS = ['1234567893', '9876543213', '1111111112', '1000000004', '2222222228'] as const;

export const DR_GREY: BillingPractitioner = { id: 'dr-grey', npi: '1234567893', credential: 'MD' };
export const DR_HOUSE: BillingPractitioner = { id: 'dr-house', npi: '9876543213', credential: 'DO' };
export const RN_ADA: StaffMember = { id: 'rn-ada', role: 'clinical_staff', credential: 'RN' };
export const SCHEDULER_SAM: StaffMember = {
  id: 'sched-sam',
  role: 'non_clinical_staff',
  credential: 'scheduler',
};
/** A practitioner on staff who does not bill CCM for this practice. */
export const NP_NINA: StaffMember = { id: 'np-nina', role: 'practitioner', credential: 'NP' };

export type PracticeData = PracticeProfile & { readonly practiceId: string };

export const practiceProfile = (overrides: Overrides<PracticeData> = {}): PracticeData => ({
  practiceId: PRACTICE_ID,
  name: 'Riverside Family Medicine',
  timeZone: 'America/New_York',
  billingPractitioners: [DR_GREY, DR_HOUSE],
  staff: [RN_ADA, SCHEDULER_SAM, NP_NINA],
  ...overrides,
});

export const registerPractice = (overrides: Overrides<PracticeData> = {}): PracticeCommand => ({
  type: 'RegisterPractice',
  data: practiceProfile(overrides),
});
export const updatePractice = (overrides: Overrides<PracticeData> = {}): PracticeCommand => ({
  type: 'UpdatePractice',
  data: practiceProfile(overrides),
});
export const practiceRegistered = (overrides: Overrides<PracticeData> = {}): PracticeEvent => ({
  type: 'PracticeRegistered',
  data: practiceProfile(overrides),
});
export const practiceUpdated = (overrides: Overrides<PracticeData> = {}): PracticeEvent => ({
  type: 'PracticeUpdated',
  data: practiceProfile(overrides),
});

export function registeredPractice(overrides: Overrides<PracticeData> = {}): DecisionContext['practice'] {
  const state = evolvePractice(initialPracticeState, practiceRegistered(overrides));
  if (state.status !== 'registered') throw new Error('fixture: the practice did not register');
  return state;
}

export const defaultContext: DecisionContext = {
  practice: registeredPractice(),
  nowLocal: NOW,
  actorId: ACTOR,
};

export const contextAt = (nowLocal: string, overrides: Partial<DecisionContext> = {}): DecisionContext => ({
  ...defaultContext,
  nowLocal,
  ...overrides,
});

// ---------------------------------------------------------------------------------------------------
// Enrollment

export const DIABETES: ConditionInput = {
  icd10: 'E11.9',
  description: 'Type 2 diabetes mellitus without complications',
  expectedDuration: '12_months_or_more',
  significantRisk: true,
};
export const HEART_FAILURE: ConditionInput = {
  icd10: 'I50.9',
  description: 'Heart failure, unspecified',
  expectedDuration: '12_months_or_more',
  significantRisk: true,
};
export const HYPERTENSION: ConditionInput = {
  icd10: 'I10',
  description: 'Essential (primary) hypertension',
  expectedDuration: '12_months_or_more',
  significantRisk: true,
};

/** A condition as the deciders attest it: by the acting user, today. */
export const attested = (
  condition: ConditionInput,
  attestedOn: string = TODAY,
  attestedBy: string = ACTOR,
): ChronicCondition => ({
  ...condition,
  attestedBy,
  attestedOn,
});

type EnrollData = DataOf<EnrollmentCommand, 'EnrollPatient'>;
type EnrolledData = DataOf<EnrollmentEvent, 'PatientEnrolled'>;

export const enrollPatient = (overrides: Overrides<EnrollData> = {}): EnrollmentCommand => ({
  type: 'EnrollPatient',
  data: {
    patientId: PATIENT_ID,
    dateOfBirth: '1948-06-02',
    billingPractitionerId: DR_GREY.id,
    conditions: [DIABETES, HEART_FAILURE],
    careTeam: [RN_ADA.id, DR_GREY.id],
    ...overrides,
  },
});

export const patientEnrolled = (overrides: Overrides<EnrolledData> = {}): EnrollmentEvent => ({
  type: 'PatientEnrolled',
  data: {
    patientId: PATIENT_ID,
    practiceId: PRACTICE_ID,
    dateOfBirth: '1948-06-02',
    billingPractitionerId: DR_GREY.id,
    conditions: [attested(DIABETES, '2026-01-05'), attested(HEART_FAILURE, '2026-01-05')],
    careTeam: [RN_ADA.id, DR_GREY.id],
    enrolledOn: '2026-01-05',
    ...overrides,
  },
});

// ---------------------------------------------------------------------------------------------------
// Consent

export const ALL_DISCLOSURES: ConsentDisclosures = {
  availabilityAndScope: true,
  costSharing: true,
  rightToStopEffectiveMonthEnd: true,
  onePractitionerPerMonth: true,
};
export const NO_DISCLOSURES: ConsentDisclosures = {
  availabilityAndScope: false,
  costSharing: false,
  rightToStopEffectiveMonthEnd: false,
  onePractitionerPerMonth: false,
};

type RecordConsentData = DataOf<ConsentCommand, 'RecordConsent'>;
type ConsentRecordedData = DataOf<ConsentEvent, 'ConsentRecorded'>;
type WithdrawConsentData = DataOf<ConsentCommand, 'WithdrawConsent'>;
type ConsentWithdrawnData = DataOf<ConsentEvent, 'ConsentWithdrawn'>;

export const recordConsent = (overrides: Overrides<RecordConsentData> = {}): ConsentCommand => ({
  type: 'RecordConsent',
  data: {
    consentId: 'consent-1',
    program: 'CCM',
    decision: 'accepted',
    method: 'verbal_by_phone',
    obtainedAt: '2026-01-10T10:00',
    obtainedBy: RN_ADA.id,
    disclosures: ALL_DISCLOSURES,
    ...overrides,
  },
});

export const consentRecorded = (overrides: Overrides<ConsentRecordedData> = {}): ConsentEvent => ({
  type: 'ConsentRecorded',
  data: {
    consentId: 'consent-1',
    program: 'CCM',
    decision: 'accepted',
    method: 'verbal_by_phone',
    obtainedAt: '2026-01-10T10:00',
    obtainedBy: RN_ADA.id,
    billingPractitionerId: DR_GREY.id,
    disclosures: ALL_DISCLOSURES,
    documentedInRecord: true,
    ...overrides,
  },
});

export const withdrawConsent = (overrides: Overrides<WithdrawConsentData> = {}): ConsentCommand => ({
  type: 'WithdrawConsent',
  data: { program: 'CCM', withdrawnAt: '2026-03-12T09:30', ...overrides },
});

export const consentWithdrawn = (overrides: Overrides<ConsentWithdrawnData> = {}): ConsentEvent => ({
  type: 'ConsentWithdrawn',
  data: {
    consentId: 'consent-1',
    program: 'CCM',
    withdrawnAt: '2026-03-12T09:30',
    effectiveEndOfDay: '2026-03-31',
    recordedBy: ACTOR,
    ...overrides,
  },
});

// ---------------------------------------------------------------------------------------------------
// Initiating visit

type VisitData = DataOf<InitiatingVisitCommand, 'RecordInitiatingVisit'>;

const visitData = (overrides: Overrides<VisitData>): VisitData => ({
  visitId: 'visit-1',
  visitDate: '2026-01-08',
  practitionerId: DR_GREY.id,
  visitCode: '99214',
  ccmDiscussed: true,
  extensiveAssessmentAndCarePlanning: false,
  ...overrides,
});

export const recordInitiatingVisit = (overrides: Overrides<VisitData> = {}): InitiatingVisitCommand => ({
  type: 'RecordInitiatingVisit',
  data: visitData(overrides),
});
export const initiatingVisitRecorded = (overrides: Overrides<VisitData> = {}): InitiatingVisitEvent => ({
  type: 'InitiatingVisitRecorded',
  data: visitData(overrides),
});

// ---------------------------------------------------------------------------------------------------
// Care plan

/** Every PLAN-2 element the decider requires, plus the optional ones. */
export const COMPLETE_CARE_PLAN: CarePlanElements = {
  problemList: ['Type 2 diabetes', 'Heart failure'],
  expectedOutcomeAndPrognosis: 'Stable with monitoring; fair prognosis.',
  measurableGoals: ['HbA1c below 7.5% by September', 'No HF admission this year'],
  symptomManagement: 'Daily weights; call the care line for a gain over 2 kg in 3 days.',
  plannedInterventions: [
    { description: 'Monthly medication reconciliation call', responsible: RN_ADA.id },
    { description: 'Cardiology follow-up', responsible: 'Dr Patel, Riverside Cardiology' },
  ],
  medicationManagement: 'Metformin, furosemide; adherence reviewed monthly.',
  coordinationWithOutsideResources: 'Cardiology and home health agency updated after each change.',
  periodicReview: 'Reviewed at least every three months and after any admission.',
  cognitiveAndFunctionalAssessment: 'Independent in ADLs.',
  caregiverAssessment: 'Daughter assists with medications.',
};

type CreatePlanData = DataOf<CarePlanCommand, 'CreateCarePlan'>;
type PlanCreatedData = DataOf<CarePlanEvent, 'CarePlanCreated'>;
type RevisePlanData = DataOf<CarePlanCommand, 'ReviseCarePlan'>;
type PlanRevisedData = DataOf<CarePlanEvent, 'CarePlanRevised'>;
type SharePlanData = DataOf<CarePlanCommand, 'ShareCarePlan'>;
type PlanSharedData = DataOf<CarePlanEvent, 'CarePlanShared'>;

export const createCarePlan = (overrides: Overrides<CreatePlanData> = {}): CarePlanCommand => ({
  type: 'CreateCarePlan',
  data: {
    planType: 'comprehensive',
    elements: COMPLETE_CARE_PLAN,
    signedOffBy: DR_GREY.id,
    establishedOn: '2026-01-12',
    ...overrides,
  },
});

export const carePlanCreated = (overrides: Overrides<PlanCreatedData> = {}): CarePlanEvent => ({
  type: 'CarePlanCreated',
  data: {
    version: 1,
    planType: 'comprehensive',
    elements: COMPLETE_CARE_PLAN,
    authoredBy: ACTOR,
    signedOffBy: DR_GREY.id,
    establishedOn: '2026-01-12',
    ...overrides,
  },
});

export const reviseCarePlan = (overrides: Overrides<RevisePlanData> = {}): CarePlanCommand => ({
  type: 'ReviseCarePlan',
  data: {
    changes: { measurableGoals: ['HbA1c below 7% by December'] },
    changeSummary: 'Tighter HbA1c goal after endocrinology review',
    substantial: false,
    revisedOn: '2026-03-02',
    ...overrides,
  },
});

export const carePlanRevised = (overrides: Overrides<PlanRevisedData> = {}): CarePlanEvent => ({
  type: 'CarePlanRevised',
  data: {
    version: 2,
    changes: { measurableGoals: ['HbA1c below 7% by December'] },
    changeSummary: 'Tighter HbA1c goal after endocrinology review',
    substantial: false,
    revisedBy: ACTOR,
    signedOffBy: null,
    revisedOn: '2026-03-02',
    ...overrides,
  },
});

export const shareCarePlan = (overrides: Overrides<SharePlanData> = {}): CarePlanCommand => ({
  type: 'ShareCarePlan',
  data: { recipient: 'patient', method: 'portal', sharedOn: '2026-01-13', ...overrides },
});

export const carePlanShared = (overrides: Overrides<PlanSharedData> = {}): CarePlanEvent => ({
  type: 'CarePlanShared',
  data: {
    version: 1,
    recipient: 'patient',
    method: 'portal',
    sharedOn: '2026-01-13',
    sharedBy: ACTOR,
    ...overrides,
  },
});

// ---------------------------------------------------------------------------------------------------
// Contact

type ContactData = DataOf<ContactCommand, 'RecordContact'>;

const contactData = (overrides: Overrides<ContactData>): ContactData => ({
  contactId: 'contact-1',
  channel: 'phone',
  direction: 'outbound',
  party: 'patient',
  occurredAt: '2026-03-10T14:00',
  outcome: 'reached',
  summary: 'Reviewed weights and medications; no concerns.',
  ...overrides,
});

export const recordContact = (overrides: Overrides<ContactData> = {}): ContactCommand => ({
  type: 'RecordContact',
  data: contactData(overrides),
});
export const contactRecorded = (
  overrides: Overrides<ContactData> = {},
  recordedBy: string = ACTOR,
): ContactEvent => ({
  type: 'ContactRecorded',
  data: { ...contactData(overrides), recordedBy },
});

// ---------------------------------------------------------------------------------------------------
// Time log

type LogTimeData = DataOf<TimeLogCommand, 'LogTime'>;
type TimeLoggedData = DataOf<TimeLogEvent, 'TimeLogged'>;
type CorrectTimeData = DataOf<TimeLogCommand, 'CorrectTime'>;
type TimeCorrectedData = DataOf<TimeLogEvent, 'TimeCorrected'>;

const timeEntryData = (overrides: Overrides<LogTimeData>): LogTimeData => ({
  entryId: 'entry-1',
  performerId: RN_ADA.id,
  performerRole: 'clinical_staff',
  program: 'CCM',
  activity: 'medication_reconciliation',
  serviceDate: '2026-03-10',
  startTime: '14:00',
  minutes: 25,
  ...overrides,
});

export const logTime = (overrides: Overrides<LogTimeData> = {}): TimeLogCommand => ({
  type: 'LogTime',
  data: timeEntryData(overrides),
});

/** `endsAt` is only for entries that cross midnight; pass it with the other overrides. */
export const timeLogged = (overrides: Overrides<TimeLoggedData> = {}): TimeLogEvent => {
  const { endsAt, ...rest } = overrides;
  return {
    type: 'TimeLogged',
    data: { ...timeEntryData(rest), ...(endsAt !== undefined ? { endsAt } : {}) },
  };
};

export const correctTime = (overrides: Overrides<CorrectTimeData> = {}): TimeLogCommand => ({
  type: 'CorrectTime',
  data: { entryId: 'entry-1', minutes: 35, reason: 'Call ran longer than first noted', ...overrides },
});

export const timeCorrected = (overrides: Overrides<TimeCorrectedData> = {}): TimeLogEvent => ({
  type: 'TimeCorrected',
  data: {
    entryId: 'entry-1',
    minutes: 35,
    serviceDate: '2026-03-10',
    startTime: '14:00',
    reason: 'Call ran longer than first noted',
    correctedBy: ACTOR,
    ...overrides,
  },
});

export const voidTime = (entryId = 'entry-1', reason = 'Logged on the wrong patient'): TimeLogCommand => ({
  type: 'VoidTime',
  data: { entryId, reason },
});

export const timeVoided = (
  entryId = 'entry-1',
  reason = 'Logged on the wrong patient',
  voidedBy: string = ACTOR,
): TimeLogEvent => ({
  type: 'TimeVoided',
  data: { entryId, reason, voidedBy },
});
