import { carePlanFailures } from './care-plan';
import { APCM_BASE_CODES, CCM_BUNDLING_SERVICES, CCM_CODES, PCM_CODES } from './codes';
import { consentFailures } from './consent';
import type { PatientMonthFacts } from './facts';
import type { GateFailure } from './gate-failure';
import { visitFailures } from './initiating-visit';
import type { BillingPolicy } from './policy';
import type { TimedTrack } from './tracks';

export interface GateResult {
  passed: boolean;
  failures: GateFailure[];
}

/** Claims of other practitioners that are for this service month (a claim naming another month is ignored). */
export function claimsThisMonth(facts: PatientMonthFacts) {
  return facts.otherPractitionerClaimsThisMonth.filter(
    (c) => !c.serviceMonth || c.serviceMonth === facts.serviceMonth,
  );
}

/** ELIG-1..3, ELIG-6: the attested count, never more than the conditions listed that qualify. */
export function qualifyingConditionCount(facts: PatientMonthFacts): number {
  const listed = facts.patient.chronicConditions.filter(
    (c) => c.expectedDuration === '12_months_or_more' && c.significantRisk,
  ).length;
  return Math.min(listed, facts.patient.qualifyingChronicConditionCount);
}

/** EXCL-3 / APCM-10: an APCM claim for the patient-month, by this practitioner or (policy) any other. */
export function apcmClaimedFailure(facts: PatientMonthFacts, policy: BillingPolicy): GateFailure | null {
  const bp = facts.billingPractitioner.id;
  const own = facts.otherServicesThisMonth.find(
    (s) => APCM_BASE_CODES.includes(s.code) && s.practitionerId === bp,
  );
  if (own)
    return {
      reason: 'APCM_BILLED_SAME_MONTH',
      rule: 'EXCL-3',
      detail: `${own.code} billed this month by the billing practitioner`,
    };
  if (!policy.otherPractitionerApcmBlocksCcmAndPcm) return null;
  const other =
    facts.otherServicesThisMonth.find((s) => APCM_BASE_CODES.includes(s.code)) ??
    claimsThisMonth(facts).find((c) => APCM_BASE_CODES.includes(c.code));
  return other
    ? {
        reason: 'APCM_BILLED_SAME_MONTH',
        rule: 'APCM-10',
        detail: `${other.code} claimed this month by another practitioner`,
      }
    : null;
}

/**
 * §3 step 4 for CCM: other practitioner's CCM, APCM, concurrent service, conditions, consent, visit, care
 * plan. A failed eligibility gate stops the checks; every other failure is reported.
 */
export function ccmGates(facts: PatientMonthFacts, spec: TimedTrack, policy: BillingPolicy): GateResult {
  const failures: GateFailure[] = [];
  const bp = facts.billingPractitioner.id;
  const claims = claimsThisMonth(facts);

  // A CCM line already claimed or billed elsewhere for the month, by anyone, leaves no second one to bill.
  const otherCcm =
    claims.find((c) => CCM_CODES.includes(c.code)) ??
    facts.otherServicesThisMonth.find((s) => CCM_CODES.includes(s.code));
  if (otherCcm) {
    const own = otherCcm.practitionerId === bp ? ' (same practitioner id: a duplicate, EXCL-9)' : '';
    failures.push({
      reason: 'ANOTHER_PRACTITIONER_BILLED_CCM',
      rule: 'PRAC-4',
      detail: `${otherCcm.code} already claimed for this month${own}`,
    });
  }
  const otherPcm = claims.find((c) => PCM_CODES.includes(c.code) && c.practitionerId !== bp);
  if (otherPcm && policy.otherPractitionerPcmBlocksCcm) {
    failures.push({
      reason: 'REQUIREMENT_NOT_MET',
      rule: 'EXCL-7',
      ref: 'otherPractitionerClaimsThisMonth',
      detail: `${otherPcm.code} claimed by another practitioner and policy treats CCM + PCM as exclusive`,
    });
  }
  const apcm = apcmClaimedFailure(facts, policy);
  if (apcm) failures.push(apcm);
  for (const service of facts.otherServicesThisMonth) {
    if (service.practitionerId === bp && CCM_BUNDLING_SERVICES.includes(service.code)) {
      failures.push({
        reason: 'EXCLUDED_BY_CONCURRENT_SERVICE',
        rule: 'EXCL-1',
        ref: service.code,
        detail: `${service.code} by the billing practitioner bundles care management`,
      });
    }
  }
  const conditions = qualifyingConditionCount(facts);
  if (conditions < 2) {
    failures.push({
      reason: 'INSUFFICIENT_QUALIFYING_CONDITIONS',
      rule: 'ELIG-1',
      ref: spec.base.code,
      detail: `${conditions} qualifying chronic condition(s); CCM needs 2`,
    });
    return { passed: false, failures };
  }
  failures.push(...consentFailures(facts, 'CCM', spec.base.code, policy));
  failures.push(...visitFailures(facts, 'CCM', policy));
  failures.push(...carePlanFailures(facts, 'CCM', spec.track === 'ccm_complex_staff', policy));
  return { passed: failures.length === 0, failures };
}

/** PCM-1: the attested single high-risk condition (CPT's 3-month minimum by default). */
function attestationProblems(facts: PatientMonthFacts, policy: BillingPolicy): string[] {
  const a = facts.pcmConditionAttestation;
  if (!a) return ['no PCM condition attestation'];
  const problems: string[] = [];
  if ((a.expectedDurationMonthsAtLeast ?? 0) < policy.pcmMinimumExpectedDurationMonths) {
    problems.push(`expected duration under ${policy.pcmMinimumExpectedDurationMonths} months`);
  }
  if (a.riskOfHospitalizationOrDecline !== true) problems.push('no significant risk attested');
  if (a.frequentMedicationAdjustment !== true)
    problems.push('no frequent medication adjustment or complexity attested');
  if (a.ongoingCoordinationNeeded !== true) problems.push('no ongoing coordination need attested');
  return problems;
}

/** §3 step 4 for PCM: APCM (EXCL-3), attestation, consent, visit, care plan. */
export function pcmGates(facts: PatientMonthFacts, spec: TimedTrack, policy: BillingPolicy): GateResult {
  const failures: GateFailure[] = [];
  const apcm = apcmClaimedFailure(facts, policy);
  if (apcm) failures.push(apcm);
  const problems = attestationProblems(facts, policy);
  if (problems.length > 0) {
    failures.push({
      reason: 'INSUFFICIENT_QUALIFYING_CONDITIONS',
      rule: 'PCM-1',
      ref: spec.base.code,
      detail: problems.join('; '),
    });
    return { passed: false, failures };
  }
  failures.push(...consentFailures(facts, 'PCM', spec.base.code, policy));
  failures.push(...visitFailures(facts, 'PCM', policy));
  failures.push(...carePlanFailures(facts, 'PCM', false, policy));
  return { passed: failures.length === 0, failures };
}
