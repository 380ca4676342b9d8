/** The shape of the enrolment funnel the api answers (docs/enrolment-funnel.md). */

export const FUNNEL_STAGES = [
  'identified',
  'reached',
  'consented',
  'enrolled',
  'firstBillableMonth',
] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export interface CohortStage {
  readonly stage: FunnelStage;
  /** Candidates of the cohort that have reached this stage by now. */
  readonly count: number;
  /** count / the previous stage's count, to four places; null for the first stage or without a previous count. */
  readonly conversionFromPrevious: number | null;
  /** count / the cohort's identified count, to four places; null for an empty cohort. */
  readonly conversionFromIdentified: number | null;
  /** Median days from the previous stage to this one, over the candidates that reached it; null when none did. */
  readonly medianDaysFromPrevious: number | null;
}

export interface ActivityStage {
  readonly stage: FunnelStage;
  /** Candidates and patients whose date for this stage falls in the month. */
  readonly count: number;
}

/** Patients whose record did not start from a candidate: they enter the funnel at consent. */
export interface WithoutOutreachCohort {
  /** Patients without a candidate whose record started (enrolled on) in the month. */
  readonly entered: number;
  readonly consented: number;
  readonly enrolled: number;
  readonly firstBillableMonth: number;
  readonly withdrawn: number;
}

export interface FunnelMonth {
  readonly month: string;
  /** The candidates identified in the month, and how far each has come by now. */
  readonly cohort: {
    readonly stages: readonly CohortStage[];
    /** Of the cohort: reached, and declined on some attempt (they are counted as reached too). */
    readonly declined: number;
    /** Of the cohort: consented, and every consent that took effect has since been withdrawn. */
    readonly withdrawn: number;
    /** Of the cohort: counted as reached because they consented, without a reaching attempt recorded. */
    readonly reachedWithoutOutreach: number;
    /** Attempts up to and including the reaching one, over the candidates reached by an attempt. */
    readonly attemptsToReach: {
      readonly attempts: number;
      readonly reached: number;
      readonly perReached: number | null;
    };
    readonly enteredWithoutOutreach: WithoutOutreachCohort;
  };
  /** What happened in the month, whoever it happened to. */
  readonly activity: {
    readonly stages: readonly ActivityStage[];
    readonly outreachAttempts: number;
    readonly declined: number;
    readonly withdrawn: number;
    /** The part of the consented, enrolled and first billable counts that are patients without a candidate. */
    readonly enteredWithoutOutreach: {
      readonly consented: number;
      readonly enrolled: number;
      readonly firstBillableMonth: number;
    };
  };
}
