import { REQUIRED_CONSENT_ELEMENTS, type ConsentProgram, type PatientMonthFacts } from './facts';
import type { GateFailure } from './gate-failure';
import type { BillingPolicy } from './policy';
import { firstDayOfMonth, lastDayOfMonth, shiftYears } from './wall-clock';

/**
 * CONS-1..6 (CCM), PCM-3, APCM-3/CONS-10: is there a usable consent for `program` this month?
 * `baseCode` is the ref when a consent exists but for another program ("program-specific", §4).
 */
export function consentFailures(
  facts: PatientMonthFacts,
  program: ConsentProgram,
  baseCode: string,
  policy: BillingPolicy,
): GateFailure[] {
  const consent = facts.consent;
  const month = facts.serviceMonth;
  const monthStart = `${firstDayOfMonth(month)}T00:00`;
  const monthEndDate = lastDayOfMonth(month);
  const out: GateFailure[] = [];
  const noConsent = (rule: string, detail: string, ref?: string) =>
    out.push({ reason: 'NO_CONSENT', rule, ref, detail });

  if (consent.status === 'none') {
    noConsent('CONS-1', 'no consent on file');
    return out;
  }
  const accepted =
    program === 'APCM' && !policy.apcmRequiresSeparateConsent
      ? consent.program !== undefined
      : consent.program === program;
  if (!accepted) {
    const rule = program === 'PCM' ? 'PCM-3' : program === 'APCM' ? 'CONS-10' : 'CONS-1';
    noConsent(rule, `consent is for ${consent.program ?? 'no program'}, not ${program}`, baseCode);
  }
  if (!consent.obtainedAt) noConsent('CONS-1', 'consent has no obtainedAt timestamp');
  else if (consent.obtainedAt.slice(0, 10) > monthEndDate)
    noConsent('CONS-1', `consent obtained after ${month}`);
  if (consent.accepted !== true) noConsent('CONS-2', 'the record does not show the patient accepted');
  if (consent.documentedInRecord !== true) noConsent('CONS-3', 'consent is not documented in the record');
  const explained = new Set(consent.elementsExplained ?? []);
  const missing = REQUIRED_CONSENT_ELEMENTS.filter((e) => !explained.has(e));
  if (missing.length > 0) noConsent('CONS-2', `not shown as explained: ${missing.join(', ')}`);
  if (consent.status === 'revoked' && !consent.revokedAt)
    noConsent('CONS-6', 'consent revoked at an unknown time');
  if (consent.revokedAt && consent.revokedAt < monthStart)
    noConsent('CONS-6', `consent revoked ${consent.revokedAt}, before ${month}`);
  if (consent.billingPractitionerId !== facts.billingPractitioner.id) {
    out.push({
      reason: 'CONSENT_NOT_VALID_FOR_BILLING_PRACTITIONER',
      rule: 'CONS-4',
      detail: 'consent does not name the billing practitioner; a new consent is needed',
    });
  }
  return out;
}

/** CONS-5: optional reminder only; an old consent never blocks billing. */
export function consentReminder(facts: PatientMonthFacts, policy: BillingPolicy): string | null {
  const obtained = facts.consent.obtainedAt?.slice(0, 10);
  if (!policy.consentAnnualReconfirmationReminder || !obtained) return null;
  return obtained < shiftYears(firstDayOfMonth(facts.serviceMonth), -1)
    ? `CONS-5: consent of ${obtained} is over a year old: annual re-confirmation reminder (does not block)`
    : null;
}
