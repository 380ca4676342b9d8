import type { CarePlanElements, CarePlanType, ShareMethod } from '../care-plan/care-plan.events';
import type { ConsentMethod, ConsentProgram } from '../consent/consent.events';
import type { ChronicCondition } from '../enrollment/enrollment.events';
import type { LocalDate, LocalDateTime } from '../shared/local-time';
import type { TimeEntryDetails } from '../time-log/time-log.events';
import type { InpatientStay } from '../billing-facts/billing-facts.events';
import type { RpmState } from '../remote-monitoring/remote-monitoring.events';
import type { RtmState } from '../rtm/rtm.events';
import type { ObservationState } from '../observations/observations.events';
import type { DesignationState } from '../care-team/care-team.events';
import type { MedicationState } from '../medication/medication.events';
import type { DemographicsState } from '../demographics/demographics.events';
import type { PersistentMap } from '../shared/persistent-map';

export interface ConditionState extends ChronicCondition {
  readonly resolvedOn?: LocalDate;
}

export interface ConsentState {
  readonly consentId: string;
  readonly program: ConsentProgram;
  readonly decision: 'accepted' | 'declined';
  readonly method: ConsentMethod;
  readonly obtainedAt: LocalDateTime;
  readonly billingPractitionerId: string;
  readonly withdrawnAt?: LocalDateTime;
  readonly effectiveEndOfDay?: LocalDate;
}

export interface InitiatingVisitState {
  readonly visitId: string;
  readonly visitDate: LocalDate;
  readonly practitionerId: string;
  readonly visitCode: string;
  readonly ccmDiscussed: boolean;
  readonly extensiveAssessmentAndCarePlanning: boolean;
}

export interface CarePlanState {
  readonly version: number;
  readonly planType: CarePlanType;
  readonly focusCondition?: string;
  /** The elements of the current version, revisions applied. */
  readonly elements: CarePlanElements;
  readonly signedOffBy: string | null;
  readonly establishedOn: LocalDate;
  readonly lastRevisedOn?: LocalDate;
  readonly shares: readonly {
    version: number;
    recipient: 'patient' | 'caregiver';
    method: ShareMethod;
    sharedOn: LocalDate;
  }[];
}

export interface TimeEntryState {
  readonly entryId: string;
  /** As first logged; corrections are applied to `minutes`, `serviceDate`, `startTime` below. */
  readonly logged: TimeEntryDetails;
  readonly loggedAtRevision: number;
  readonly minutes: number;
  readonly serviceDate: LocalDate;
  readonly startTime: string;
  readonly corrections: number;
  readonly status: 'active' | 'voided';
  /** The program now, after any reallocation (TIME-18). */
  readonly program: TimeEntryDetails['program'];
}

export interface EnrolledPatient {
  readonly status: 'enrolled';
  /** Number of events folded; the stream revision is `version - 1`. */
  readonly version: number;
  readonly patientId: string;
  readonly practiceId: string;
  /** As enrolled, superseded by a recorded or corrected date of birth (demographics). */
  readonly dateOfBirth: LocalDate;
  readonly billingPractitionerId: string;
  readonly careTeam: readonly string[];
  readonly enrolledOn: LocalDate;
  readonly conditions: readonly ConditionState[];
  readonly consents: readonly ConsentState[];
  readonly initiatingVisits: readonly InitiatingVisitState[];
  readonly carePlan?: CarePlanState;
  /**
   * Content and revision of each client-chosen id (`kind:id`), to recognise a re-sent command. The content
   * is the event's data, fingerprinted only when a command uses the id again (not on every fold).
   */
  readonly idempotencyKeys: PersistentMap<{ readonly content: object; readonly atRevision: number }>;
  readonly timeEntries: PersistentMap<TimeEntryState>;
  /** TIME-9: stays by id, the latest record of each (a discharge completes an open stay). */
  readonly inpatientStays: Readonly<Record<string, InpatientStay>>;
  /** CLAIM-4: service months submitted for billing, with the revision of their ClaimSubmitted. */
  readonly submittedClaims: Readonly<Record<string, { readonly atRevision: number }>>;
  /** RPM-1..6: the latest RPM episode and its device periods; absent until the patient is enrolled in RPM. */
  readonly rpm?: RpmState;
  /** The latest RTM episode and its device periods; absent until the patient is enrolled in RTM. */
  readonly rtm?: RtmState;
  /** Clinical observations by id, their current values; absent until the first observation. */
  readonly observations?: PersistentMap<ObservationState>;
  /** Designated care-team members in recording order; absent until the first designation. */
  readonly designations?: readonly DesignationState[];
  /** The medication list by id; absent until the first medication is added. */
  readonly medications?: Readonly<Record<string, MedicationState>>;
  /** Name, date of birth, sex, MBI, address, phone, corrections applied; absent until recorded. */
  readonly demographics?: DemographicsState;
}

export type PatientState = { readonly status: 'not_enrolled'; readonly version: number } | EnrolledPatient;

export const initialPatientState: PatientState = { status: 'not_enrolled', version: 0 };

/**
 * The consent of a program in force now: the decision obtained last (not recorded last: a decision
 * documented late must not override a later one), if accepted and not withdrawn.
 */
export function activeConsent(state: EnrolledPatient, program: ConsentProgram): ConsentState | undefined {
  const latest = state.consents
    .filter((c) => c.program === program)
    .reduce<ConsentState | undefined>(
      (last, c) => (last === undefined || c.obtainedAt >= last.obtainedAt ? c : last),
      undefined,
    );
  return latest && latest.decision === 'accepted' && latest.withdrawnAt === undefined ? latest : undefined;
}
