import type { PatientMonthFacts } from './facts';
import type { GateFailure } from './gate-failure';
import type { BillingPolicy } from './policy';

/**
 * PLAN-1, PLAN-3..5, PCM-3, CODE-4: the care plan must be in force and worked on this month.
 * `establishedAt` and `draftedBy` are audit fields (billing-facts.md §2) and decide nothing.
 */
export function carePlanFailures(
  facts: PatientMonthFacts,
  family: 'CCM' | 'PCM',
  complex: boolean,
  policy: BillingPolicy,
): GateFailure[] {
  const plan = facts.carePlan;
  const out: GateFailure[] = [];
  if (plan.status === 'none') {
    return [{ reason: 'CARE_PLAN_MISSING', rule: 'PLAN-1', detail: 'no care plan' }];
  }
  if (!plan.activityThisMonth) {
    out.push({
      reason: 'CARE_PLAN_MISSING',
      rule: 'PLAN-1',
      detail: 'care plan not established, implemented, revised or monitored this month',
    });
  }
  if (family === 'PCM' && (plan.type !== 'disease_specific' || !plan.focusCondition)) {
    out.push({
      reason: 'CARE_PLAN_MISSING',
      rule: 'PCM-3',
      detail: 'PCM needs a disease-specific care plan with a focus condition',
    });
  }
  if (plan.status === 'draft') {
    out.push({
      reason: 'CARE_PLAN_NOT_ESTABLISHED_BY_PRACTITIONER',
      rule: 'PLAN-5',
      detail: 'care plan is a draft',
    });
  } else if (policy.requirePractitionerCarePlanSignOff && !plan.establishedOrSignedBy) {
    out.push({
      reason: 'CARE_PLAN_NOT_ESTABLISHED_BY_PRACTITIONER',
      rule: 'PLAN-5',
      detail: 'care plan not signed by a practitioner',
    });
  }
  if (plan.electronic !== true) {
    out.push({
      reason: 'REQUIREMENT_NOT_MET',
      rule: 'PLAN-4',
      ref: 'carePlan.electronic',
      detail: 'care plan is not electronic',
    });
  }
  if (plan.copyGivenToPatient !== true) {
    out.push({
      reason: 'REQUIREMENT_NOT_MET',
      rule: 'PLAN-3',
      ref: 'carePlan.copyGivenToPatient',
      detail: 'no copy given to the patient',
    });
  }
  if (
    complex &&
    policy.complexRequiresSubstantialCarePlanRevision &&
    plan.substantiallyRevisedThisMonth !== true
  ) {
    out.push({
      reason: 'REQUIREMENT_NOT_MET',
      rule: 'CODE-4',
      ref: 'carePlan.substantiallyRevisedThisMonth',
      detail: 'policy requires a substantial care plan revision for complex CCM',
    });
  }
  return out;
}

/** PLAN-5: a plan signed by another practitioner does not block; the trace says so. */
export function carePlanNote(facts: PatientMonthFacts): string | null {
  const signer = facts.carePlan.establishedOrSignedBy;
  return signer && signer !== facts.billingPractitioner.id
    ? 'PLAN-5: care plan established or signed by another practitioner (not blocking)'
    : null;
}
