import type { LocalDate } from '../shared/local-time';

export interface PlannedIntervention {
  readonly description: string;
  /** Who is responsible: a roster id or a named outside party. */
  readonly responsible: string;
}

/** PLAN-2 elements. The first eight are required; the others are recorded when they apply. */
export interface CarePlanElements {
  readonly problemList?: readonly string[];
  readonly expectedOutcomeAndPrognosis?: string;
  readonly measurableGoals?: readonly string[];
  readonly symptomManagement?: string;
  readonly plannedInterventions?: readonly PlannedIntervention[];
  readonly medicationManagement?: string;
  readonly coordinationWithOutsideResources?: string;
  readonly periodicReview?: string;
  readonly cognitiveAndFunctionalAssessment?: string;
  readonly environmentalEvaluation?: string;
  readonly caregiverAssessment?: string;
  readonly communityServices?: string;
}

export const REQUIRED_CARE_PLAN_ELEMENTS: readonly (keyof CarePlanElements)[] = [
  'problemList',
  'expectedOutcomeAndPrognosis',
  'measurableGoals',
  'symptomManagement',
  'plannedInterventions',
  'medicationManagement',
  'coordinationWithOutsideResources',
  'periodicReview',
];

export const CARE_PLAN_TYPES = ['comprehensive', 'disease_specific'] as const;
export type CarePlanType = (typeof CARE_PLAN_TYPES)[number];

export const SHARE_METHODS = [
  'paper',
  'portal',
  'secure_message',
  'email',
  'mail',
  'fax',
  'in_person',
] as const;
export type ShareMethod = (typeof SHARE_METHODS)[number];

export const CARE_PLAN_REVIEW_ACTIVITIES = ['monitored', 'implemented'] as const;
export type CarePlanReviewActivity = (typeof CARE_PLAN_REVIEW_ACTIVITIES)[number];

export type CarePlanEvent =
  | {
      readonly type: 'CarePlanCreated';
      readonly data: {
        readonly version: 1;
        readonly planType: CarePlanType;
        /** PCM-1: the condition a disease-specific plan is about. */
        readonly focusCondition?: string;
        readonly elements: CarePlanElements;
        readonly authoredBy: string;
        /** PLAN-5: the practitioner who established or signed the plan. */
        readonly signedOffBy: string | null;
        readonly establishedOn: LocalDate;
        /** PLAN-4: absent means kept electronically in this record; false records a plan kept on paper. */
        readonly electronic?: false;
      };
    }
  | {
      readonly type: 'CarePlanRevised';
      readonly data: {
        readonly version: number;
        /** Only the elements that changed, with their new content. */
        readonly changes: CarePlanElements;
        readonly changeSummary: string;
        /** CODE-4: kept as a reportable flag, never a requirement. */
        readonly substantial: boolean;
        readonly revisedBy: string;
        readonly signedOffBy: string | null;
        readonly revisedOn: LocalDate;
      };
    }
  | {
      /** PLAN-1, CODE-4: the plan was monitored or implemented on that day without a change to it. */
      readonly type: 'CarePlanReviewed';
      readonly data: {
        readonly reviewedOn: LocalDate;
        readonly activity: CarePlanReviewActivity;
        readonly reviewedBy: string;
      };
    }
  | {
      readonly type: 'CarePlanShared';
      readonly data: {
        readonly version: number;
        readonly recipient: 'patient' | 'caregiver';
        readonly method: ShareMethod;
        readonly sharedOn: LocalDate;
        readonly sharedBy: string;
      };
    };
