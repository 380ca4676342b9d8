import type { LocalDate } from '@ccm/domain';
import { lastDayOf } from './calendar';
import type { MonthActivity } from './month-activity';
import type { LedgerCondition, PatientLedger } from './patient-ledger';

export interface MonthCondition extends LedgerCondition {
  /** Attested by and not resolved by the month's end (ELIG-6: a resolution counts from its month). */
  readonly activeAtMonthEnd: boolean;
  /** ELIG-1..3: expected to last 12 months or more and puts the patient at significant risk. */
  readonly qualifying: boolean;
}

export interface MonthCarePlan {
  readonly status: 'in_force' | 'draft' | 'none';
  readonly planType: string | null;
  readonly focusCondition: string | null;
  readonly establishedOn: LocalDate | null;
  readonly authoredBy: string | null;
  /** Latest practitioner sign-off by the month's end (PLAN-5). */
  readonly signedOffBy: string | null;
  readonly version: number | null;
  readonly activityThisMonth: 'established' | 'revised' | 'monitored' | 'implemented' | null;
  /** True when `monitored` is inferred from CCM or PCM time logged this month, no review being recorded. */
  readonly activityInferred: boolean;
  /** PLAN-4: kept in this electronic record (false only when recorded as kept elsewhere). */
  readonly electronic: boolean;
  readonly revisionsThisMonth: readonly {
    version: number;
    on: LocalDate;
    by: string;
    substantial: boolean;
  }[];
  readonly substantiallyRevisedThisMonth: boolean;
  /** PLAN-3: a copy reached the patient or caregiver by the month's end. */
  readonly sharedWithPatient: boolean;
  readonly lastSharedOn: LocalDate | null;
}

export interface MonthVisit {
  readonly visitId: string;
  readonly visitDate: LocalDate;
  readonly practitionerId: string;
  readonly visitCode: string;
  readonly ccmDiscussed: boolean;
  readonly extensiveAssessmentAndCarePlanning: boolean;
  readonly byBillingPractitioner: boolean;
}

export function conditionsForMonth(ledger: PatientLedger, month: string): MonthCondition[] {
  const end = lastDayOf(month);
  return ledger.conditions
    .filter((c) => c.attestedOn <= end)
    .map((c) => {
      const activeAtMonthEnd = c.resolvedOn === null || c.resolvedOn.slice(0, 7) > month;
      return {
        ...c,
        activeAtMonthEnd,
        qualifying: activeAtMonthEnd && c.expectedDuration === '12_months_or_more' && c.significantRisk,
      };
    });
}

/** The billing practitioner in effect on the month's last day (one practitioner bills a month, PRAC-4). */
export function practitionerForMonth(ledger: PatientLedger, month: string): string {
  const end = lastDayOf(month);
  let current = ledger.practitioners[0]?.id ?? '';
  for (const p of ledger.practitioners) if (p.from === null || p.from <= end) current = p.id;
  return current;
}

/** Visits on or before the month's end: the billing practitioner's latest, else anyone's latest. */
export function visitForMonth(
  ledger: PatientLedger,
  month: string,
  practitionerId: string,
): MonthVisit | null {
  const end = lastDayOf(month);
  const held = ledger.visits
    .filter((v) => v.visitDate <= end)
    .sort((a, b) => a.visitDate.localeCompare(b.visitDate) || a.visitId.localeCompare(b.visitId));
  const visit = held.filter((v) => v.practitionerId === practitionerId).pop() ?? held.pop();
  return visit ? { ...visit, byBillingPractitioner: visit.practitionerId === practitionerId } : null;
}

export function carePlanForMonth(
  ledger: PatientLedger,
  month: string,
  activity: MonthActivity,
): MonthCarePlan {
  const plan = ledger.carePlan;
  const end = lastDayOf(month);
  if (!plan || plan.establishedOn > end) {
    return {
      status: 'none',
      planType: null,
      focusCondition: null,
      establishedOn: null,
      authoredBy: null,
      signedOffBy: null,
      version: null,
      activityThisMonth: null,
      activityInferred: false,
      electronic: false,
      revisionsThisMonth: [],
      substantiallyRevisedThisMonth: false,
      sharedWithPatient: false,
      lastSharedOn: null,
    };
  }
  const inMonth = (date: LocalDate): boolean => date.slice(0, 7) === month;
  const signOff = plan.signOffs.filter((s) => s.on <= end).pop();
  const revisions = plan.revisions.filter((r) => r.on <= end);
  const revisionsThisMonth = revisions.filter((r) => inMonth(r.on));
  const shares = plan.shares.filter((s) => s.on <= end).sort((a, b) => a.on.localeCompare(b.on));
  const status = signOff ? 'in_force' : 'draft';
  // A recorded review says what was done; without one, care management time under the plan's program in
  // a month with the plan in force is the plan being monitored (PLAN-1).
  const review = (plan.reviews ?? []).filter((r) => inMonth(r.on)).pop();
  const careWork = activity.timeEntries.some(
    (e) => e.status === 'active' && (e.program === 'CCM' || e.program === 'PCM'),
  );
  const inferred = !review && status === 'in_force' && careWork;
  const activityThisMonth = inMonth(plan.establishedOn)
    ? 'established'
    : revisionsThisMonth.length > 0
      ? 'revised'
      : (review?.activity ?? (inferred ? 'monitored' : null));
  return {
    status,
    planType: plan.planType,
    focusCondition: plan.focusCondition,
    establishedOn: plan.establishedOn,
    authoredBy: plan.authoredBy,
    signedOffBy: signOff?.by ?? null,
    version: revisions.reduce((v, r) => Math.max(v, r.version), 1),
    activityThisMonth,
    activityInferred: activityThisMonth === 'monitored' && inferred,
    electronic: plan.electronic !== false,
    revisionsThisMonth,
    substantiallyRevisedThisMonth: revisionsThisMonth.some((r) => r.substantial),
    sharedWithPatient: shares.length > 0,
    lastSharedOn: shares[shares.length - 1]?.on ?? null,
  };
}
