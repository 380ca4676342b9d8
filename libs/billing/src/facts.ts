/**
 * The engine's input: one patient, one billing practitioner, one service month. Field names are fixed by
 * docs/billing-facts.md §2 and must not be renamed. Dates and times are practice-local
 * wall-clock strings (`YYYY-MM-DD`, `HH:MM`, `YYYY-MM-DDTHH:MM`, `YYYY-MM`).
 */

export const TRACKS = [
  'ccm_noncomplex_staff',
  'ccm_complex_staff',
  'ccm_practitioner',
  'pcm_staff',
  'pcm_practitioner',
  'apcm',
  'apcm_bh_addon',
] as const;
export type Track = (typeof TRACKS)[number];

export const PERFORMER_ROLES = ['clinical_staff', 'physician_qhp', 'non_clinical_staff'] as const;
export type PerformerRole = (typeof PERFORMER_ROLES)[number];

export const ENTRY_STATUSES = ['active', 'superseded', 'voided'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export const MDM_LEVELS = ['low', 'moderate', 'high'] as const;
export type MdmLevel = (typeof MDM_LEVELS)[number];

export const CONSENT_PROGRAMS = ['CCM', 'PCM', 'APCM'] as const;
export type ConsentProgram = (typeof CONSENT_PROGRAMS)[number];

export const CONSENT_STATUSES = ['active', 'revoked', 'none'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export const CONSENT_METHODS = ['verbal', 'verbal_by_phone', 'written'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/** CONS-2: what the record must show was explained. */
export const REQUIRED_CONSENT_ELEMENTS = [
  'availability_and_scope',
  'cost_sharing',
  'right_to_stop_effective_month_end',
  'one_practitioner_per_month',
] as const;

export const EXPECTED_DURATIONS = ['12_months_or_more', 'under_12_months'] as const;
export type ExpectedDuration = (typeof EXPECTED_DURATIONS)[number];

export const CARE_PLAN_STATUSES = ['in_force', 'draft', 'none'] as const;
export type CarePlanStatus = (typeof CARE_PLAN_STATUSES)[number];

export const CARE_PLAN_ACTIVITIES = ['established', 'implemented', 'revised', 'monitored'] as const;
export type CarePlanActivity = (typeof CARE_PLAN_ACTIVITIES)[number];

export const VISIT_STATUSES = ['completed', 'not_done'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

export interface Payer {
  type: string;
  qmb: boolean;
  medicaid?: string | null;
}

export interface BillingPractitioner {
  id: string;
  role: string;
  credential?: string;
  specialty?: string;
}

export interface ChronicCondition {
  name?: string;
  icd10?: string;
  expectedDuration: ExpectedDuration;
  significantRisk: boolean;
}

export interface InpatientStay {
  type: string;
  admit: string;
  /** null: still admitted. */
  discharge: string | null;
}

export interface Patient {
  chronicConditions: ChronicCondition[];
  qualifyingChronicConditionCount: number;
  isNewToBillingPractitioner: boolean;
  lastFaceToFaceVisitWithBillingPractitioner?: string | null;
  inpatientStays?: InpatientStay[];
}

export interface ConsentEpisode {
  obtainedAt?: string | null;
  revokedAt?: string | null;
}

export interface Consent {
  program?: ConsentProgram;
  status: ConsentStatus;
  obtainedAt?: string | null;
  method?: ConsentMethod;
  documentedInRecord?: boolean;
  accepted?: boolean;
  elementsExplained?: string[];
  billingPractitionerId?: string | null;
  revokedAt?: string | null;
  history?: ConsentEpisode[];
}

export interface InitiatingVisit {
  required?: boolean;
  reason?: string;
  status?: VisitStatus;
  date?: string | null;
  code?: string | null;
  billingPractitionerId?: string | null;
  performedBy?: string | null;
  ccmDiscussedAndDocumented?: boolean;
  extensiveAssessmentAndCarePlanningByPractitioner?: boolean;
  g0506PreviouslyBilled?: boolean;
  g0506PreviousDate?: string | null;
}

export interface CarePlan {
  status: CarePlanStatus;
  establishedOrSignedBy?: string | null;
  establishedAt?: string | null;
  draftedBy?: string | null;
  electronic?: boolean;
  copyGivenToPatient?: boolean;
  activityThisMonth?: CarePlanActivity | null;
  type?: string | null;
  focusCondition?: string | null;
  /** CODE-4: optional reportable flag, required only if the policy asks for it. */
  substantiallyRevisedThisMonth?: boolean;
}

export interface TrackPolicy {
  preferred: Track;
  fallback?: Track | null;
}

export interface Performer {
  id: string;
  role: PerformerRole;
  credential?: string;
}

export interface TimeEntry {
  id: string;
  date: string;
  start: string;
  /** Authoritative duration; `endsAt` is only a cross-check (billing-facts.md §1). */
  minutes: number;
  endsAt?: string | null;
  performer: Performer;
  /** One program, or several (= not yet allocated, TIME-18). */
  program: string | string[];
  status: EntryStatus;
  activity?: string | null;
  supersedes?: string | null;
  supersededBy?: string | null;
  correctedAt?: string | null;
  correctedBy?: string | null;
  correctionReason?: string | null;
  voidedAt?: string | null;
  voidedBy?: string | null;
  voidReason?: string | null;
  reallocatedFrom?: string[];
  reallocationEventAt?: string | null;
  reallocatedBy?: string | null;
  jointWith?: string[];
  faceToFace?: boolean;
  duringBilledEm?: string | null;
  outcome?: string | null;
  patientContact?: boolean | null;
  interactiveCommunication?: boolean;
}

export interface OtherService {
  code: string;
  practitionerId: string;
  date?: string | null;
  servicePeriod?: string | null;
}

export interface OtherPractitionerClaim {
  practitionerId: string;
  code: string;
  serviceMonth?: string | null;
  status?: string | null;
}

export interface DevicePeriod {
  start: string;
  end: string;
  daysWithTransmittedData: number;
}

export interface Rpm {
  enrolled: boolean;
  consentDocumented?: boolean;
  establishedPatient?: boolean;
  deviceType?: string | null;
  setupAndEducationBilledPreviously?: boolean;
  devicePeriods?: DevicePeriod[];
}

export interface Rtm {
  enrolled: boolean;
  devicePeriods?: DevicePeriod[];
}

export interface Apcm {
  practitionerResponsibleForAllPrimaryCare?: boolean;
  serviceElementsInPlace?: boolean;
}

export interface PcmConditionAttestation {
  expectedDurationMonthsAtLeast?: number | null;
  riskOfHospitalizationOrDecline?: boolean;
  frequentMedicationAdjustment?: boolean;
  ongoingCoordinationNeeded?: boolean;
}

export interface BehavioralHealth {
  service: string;
  /** The practitioner the BH work is furnished under (an id). */
  furnishedUnderPractitioner?: string | null;
  activitiesDocumented?: string[];
}

export type AttemptedClaimLine = string | { code: string; units?: number };

export interface PatientMonthFacts {
  serviceMonth: string;
  payer: Payer;
  billingPractitioner: BillingPractitioner;
  patient: Patient;
  consent: Consent;
  initiatingVisit: InitiatingVisit;
  carePlan: CarePlan;
  trackPolicy: TrackPolicy;
  /** null: no MDM documented this month. */
  mdmThisMonth: MdmLevel | null;
  timeEntries: TimeEntry[];
  otherServicesThisMonth: OtherService[];
  otherPractitionerClaimsThisMonth: OtherPractitionerClaim[];
  rpm?: Rpm | null;
  rtm?: Rtm | null;
  apcm?: Apcm | null;
  pcmConditionAttestation?: PcmConditionAttestation | null;
  behavioralHealth?: BehavioralHealth | null;
  attemptedClaimLines?: AttemptedClaimLine[];
}
