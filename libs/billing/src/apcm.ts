import { APCM_BASE_CODES, STANDALONE_BH_CODES } from './codes';
import { consentFailures } from './consent';
import type { PatientMonthFacts } from './facts';
import type { GateFailure } from './gate-failure';
import { claimsThisMonth, qualifyingConditionCount } from './gates';
import type { Findings } from './findings';
import { visitFailures } from './initiating-visit';
import type { BillingPolicy } from './policy';
import type { RuleSet } from './rule-sets';

/** APCM-1: the code follows the qualifying-condition count and QMB status; no time threshold. */
export function apcmCode(facts: PatientMonthFacts): string {
  if (qualifyingConditionCount(facts) <= 1) return 'G0556';
  return facts.payer.qmb ? 'G0558' : 'G0557';
}

/** §3 step 4 for APCM: consent, flags, visit, no other APCM. */
export function apcmGates(facts: PatientMonthFacts, code: string, policy: BillingPolicy): GateFailure[] {
  const failures: GateFailure[] = [...consentFailures(facts, 'APCM', code, policy)];
  const flags = facts.apcm;
  if (!flags) {
    failures.push({
      reason: 'REQUIREMENT_NOT_MET',
      rule: 'APCM-2',
      ref: 'apcm',
      detail: 'no APCM practice attestation',
    });
  } else {
    if (flags.practitionerResponsibleForAllPrimaryCare !== true) {
      failures.push({
        reason: 'REQUIREMENT_NOT_MET',
        rule: 'APCM-2',
        ref: 'apcm.practitionerResponsibleForAllPrimaryCare',
        detail: 'billing practitioner is not responsible for all primary care',
      });
    }
    if (flags.serviceElementsInPlace !== true) {
      failures.push({
        reason: 'REQUIREMENT_NOT_MET',
        rule: 'APCM-2',
        ref: 'apcm.serviceElementsInPlace',
        detail: 'APCM service elements not in place',
      });
    }
  }
  failures.push(...visitFailures(facts, 'APCM', policy));
  const other =
    facts.otherServicesThisMonth.find((s) => APCM_BASE_CODES.includes(s.code)) ??
    claimsThisMonth(facts).find((c) => APCM_BASE_CODES.includes(c.code));
  if (other) {
    failures.push({
      reason: 'APCM_BILLED_SAME_MONTH',
      rule: 'APCM-2',
      detail: `${other.code} already claimed for this month`,
    });
  }
  return failures;
}

/**
 * APCM-8: the CY 2026 behavioral-health add-on, only with the same practitioner's APCM base in the same
 * month and never beside standalone BHI/CoCM. Only `general_BHI` (G0570) is defined; other services are
 * reserved by billing-facts.md and never billed.
 */
export function evaluateBhAddon(facts: PatientMonthFacts, ruleSet: RuleSet, out: Findings): void {
  const bh = facts.behavioralHealth;
  if (!bh) return;
  if (bh.service !== 'general_BHI') {
    out.refuse('code', 'REQUIREMENT_NOT_MET', 'APCM-8', 'behavioralHealth.service');
    out.note('APCM-8: only general_BHI (G0570) is defined; no BH add-on');
    return;
  }
  const code = 'G0570';
  if (!ruleSet.codes.has(code)) {
    out.refuse('code', 'REQUIREMENT_NOT_MET', 'CHG-2026-3', code);
    out.note(`CHG-2026-3: ${code} does not exist in ${ruleSet.id}`);
    return;
  }
  const bp = facts.billingPractitioner.id;
  const base =
    APCM_BASE_CODES.find((c) => out.isBilled(c)) ??
    facts.otherServicesThisMonth.find((s) => APCM_BASE_CODES.includes(s.code) && s.practitionerId === bp)
      ?.code;
  let ok = true;
  if (!base) {
    out.refuse('code', 'APCM_ADDON_WITHOUT_SAME_PRACTITIONER_BASE', 'APCM-8', code);
    out.note(`APCM-8: no APCM base by the billing practitioner this month: ${code} refused`);
    ok = false;
  }
  if (bh.furnishedUnderPractitioner !== bp) {
    out.refuse('code', 'REQUIREMENT_NOT_MET', 'APCM-8', 'behavioralHealth.furnishedUnderPractitioner');
    out.note('APCM-8: behavioral health not furnished under the billing practitioner');
    ok = false;
  }
  if (!bh.activitiesDocumented || bh.activitiesDocumented.length === 0) {
    out.refuse('code', 'REQUIREMENT_NOT_MET', 'APCM-8', 'behavioralHealth.activitiesDocumented');
    out.note('APCM-8: no behavioral health activities documented');
    ok = false;
  }
  for (const service of facts.otherServicesThisMonth) {
    if (STANDALONE_BH_CODES.includes(service.code)) {
      out.refuse('code', 'EXCLUDED_BY_CONCURRENT_SERVICE', 'APCM-8', service.code);
      out.note(`APCM-8: standalone ${service.code} billed this month: ${code} refused`);
      ok = false;
    }
  }
  if (ok) {
    out.bill(code, 1);
    out.note(`APCM-8: general BHI under the billing practitioner with ${base}: ${code} x1`);
  }
}
