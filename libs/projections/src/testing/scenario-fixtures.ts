/** What the projection specs' scenarios are made of: the practices, their people, a consent, a plan, a clock. */
import type { UserRole } from '@ccm/domain';
import type { Clock } from '@ccm/record';

export const PRACTICE = 'riverside';
export const OTHER_PRACTICE = 'lakeside';

export const roster = (practiceId: string) => ({
  practiceId,
  name: 'Riverside Family Medicine',
  timeZone: 'America/Chicago',
  billingPractitioners: [
    { id: 'dr-adams', npi: '1234567893', credential: 'MD' },
    { id: 'dr-baker', npi: '1245319599', credential: 'NP' },
  ],
  staff: [
    { id: 'rn-lopez', role: 'clinical_staff' as const, credential: 'RN' },
    { id: 'ma-chen', role: 'clinical_staff' as const, credential: 'CMA' },
    { id: 'sched-kim', role: 'non_clinical_staff' as const, credential: 'scheduler' },
  ],
});

export const ALL_DISCLOSURES = {
  availabilityAndScope: true,
  costSharing: true,
  rightToStopEffectiveMonthEnd: true,
  onePractitionerPerMonth: true,
};

export const PLAN_ELEMENTS = {
  problemList: ['Type 2 diabetes', 'Hypertension'],
  expectedOutcomeAndPrognosis: 'Stable with adherence',
  measurableGoals: ['HbA1c below 7.5%'],
  symptomManagement: 'Hypoglycaemia plan reviewed',
  plannedInterventions: [{ description: 'Monthly medication review', responsible: 'rn-lopez' }],
  medicationManagement: 'Metformin; adherence checked monthly',
  coordinationWithOutsideResources: 'Endocrinology referral',
  periodicReview: 'Monthly',
};

export class MovableClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return this.current;
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

export const USERS: Record<UserRole, string> = {
  admin: 'admin-ada',
  practitioner: 'dr-adams',
  care_manager: 'rn-lopez',
  biller: 'biller-bo',
  auditor: 'auditor-al',
};

/** Every read of the standard story's patients and months, as projector specs compare them (collectAnswers). */
export const STANDARD_STORY_READS = {
  practices: { [PRACTICE]: ['pt-1', 'pt-2', 'pt-3'], [OTHER_PRACTICE]: ['pt-1'] },
  months: ['2026-01', '2026-02', '2026-03'],
  now: new Date('2026-03-31T17:00:00Z'),
};

/** Projector timings that keep specs quick: short idle flushes, backoff and version checks. */
export const FAST_PROJECTOR = { idleFlushMs: 10, backoff: { initialMs: 20, maxMs: 200 }, versionCheckMs: 50 };
