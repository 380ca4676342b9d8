import { RPM_CODES } from './codes';
import type { PatientMonthFacts } from './facts';
import { Findings } from './findings';
import { claimsThisMonth } from './gates';
import type { BillingPolicy } from './policy';
import type { RuleSet } from './rule-sets';
import type { TimeLedger } from './time-entries';
import { monthOfDate } from './wall-clock';

/** Codes RPM would bill before the consent check, so a missing consent can name each refused code. */
interface RpmCandidate {
  code: string;
  units: number;
  trace: string;
}

const MANAGEMENT_MINUTES = 20;

/**
 * RPM-1..8, §3 step 7: device codes per 30-day period (a period belongs to the month it starts in),
 * management codes per calendar month from the RPM pool. Returns whether RPM was evaluated (not blocked).
 */
export function evaluateRpm(
  facts: PatientMonthFacts,
  ledger: TimeLedger,
  ruleSet: RuleSet,
  policy: BillingPolicy,
  out: Findings,
): boolean {
  const rpm = facts.rpm;
  if (!rpm?.enrolled) return false;
  if (facts.rtm?.enrolled) {
    out.refuse('gate', 'RPM_AND_RTM_SAME_PERIOD', 'RPM-4');
    out.note('RPM-4: RPM and RTM both enrolled: RPM kept, RTM dropped');
  }
  if (rpm.establishedPatient !== true) {
    out.refuse('gate', 'RPM_NOT_ESTABLISHED_PATIENT', 'RPM-5');
    out.note('RPM-5: no established patient relationship: no RPM codes');
    return false;
  }
  const otherRpm = claimsThisMonth(facts).find(
    (c) => RPM_CODES.includes(c.code) && c.practitionerId !== facts.billingPractitioner.id,
  );
  if (otherRpm) {
    out.refuse('gate', 'REQUIREMENT_NOT_MET', 'RPM-4', 'otherPractitionerClaimsThisMonth');
    out.note(
      `RPM-4: ${otherRpm.code} claimed by another practitioner: only one practitioner bills RPM per period`,
    );
    return false;
  }

  if (rpm.consentDocumented !== true) {
    // Blocked at a gate: name each code it would have billed, but list none of its other findings.
    const scratch = new Findings();
    const refused = [
      ...deviceCandidates(facts, ruleSet, scratch),
      ...managementCandidates(facts, ledger, ruleSet, policy, scratch),
    ];
    for (const c of refused) out.refuse('gate', 'NO_CONSENT', 'CONS-1', c.code);
    out.note(
      `CONS-1: no documented RPM consent${refused.length ? `: ${refused.map((c) => c.code).join(', ')} refused` : ''}`,
    );
    return false;
  }
  const candidates = [
    ...deviceCandidates(facts, ruleSet, out),
    ...managementCandidates(facts, ledger, ruleSet, policy, out),
  ];
  for (const c of candidates) {
    out.bill(c.code, c.units);
    out.note(c.trace);
  }
  return true;
}

function deviceCandidates(facts: PatientMonthFacts, ruleSet: RuleSet, out: Findings): RpmCandidate[] {
  const rpm = facts.rpm;
  const periods = (rpm?.devicePeriods ?? []).filter((p) => monthOfDate(p.start) === facts.serviceMonth);
  const { fullPeriodMinDays, shortPeriod } = ruleSet.rpm;
  const out1: RpmCandidate[] = [];
  for (const period of periods) {
    const days = period.daysWithTransmittedData;
    if (days >= fullPeriodMinDays) {
      out1.push({ code: '99454', units: 1, trace: `RPM-2: ${days} device days: 99454` });
    } else if (shortPeriod && days >= shortPeriod.minDays) {
      out1.push({
        code: shortPeriod.code,
        units: 1,
        trace: `RPM-2: ${days} device days: ${shortPeriod.code}`,
      });
    } else {
      out.refuse('gate', 'RPM_DEVICE_DAYS_BELOW_MINIMUM', 'RPM-2');
      out.note(
        `RPM-2: ${days} device days in the period from ${period.start}, minimum ${shortPeriod?.minDays ?? fullPeriodMinDays}`,
      );
    }
  }
  if (out1.length > 0) {
    // RPM-6: set-up once per episode, and only beside a billed device period.
    if (rpm?.setupAndEducationBilledPreviously === false) {
      out1.push({
        code: '99453',
        units: 1,
        trace: 'RPM-6: set-up and education not billed before, device code billed: 99453',
      });
    } else if (rpm?.setupAndEducationBilledPreviously === undefined) {
      out.note('RPM-6: whether set-up was billed before is not recorded: 99453 not billed');
    }
  }
  return out1;
}

function managementCandidates(
  facts: PatientMonthFacts,
  ledger: TimeLedger,
  ruleSet: RuleSet,
  policy: BillingPolicy,
  out: Findings,
): RpmCandidate[] {
  const minutes = ledger.minutes.rpm;
  const contributors = ledger.entries.filter((l) => l.counted.rpm && l.counted.rpm.length > 0);
  const interactive = contributors
    .filter((l) => l.entry.interactiveCommunication === true)
    .map((l) => l.entry.id);
  const short = ruleSet.rpm.shortManagement;
  const sum = `${contributors.map((l) => l.entry.id).join(' + ')} = ${minutes} RPM minutes`;
  const reachesAny = minutes >= MANAGEMENT_MINUTES || (short !== null && minutes >= short.minMinutes);
  if (reachesAny && interactive.length === 0) {
    out.refuse('code', 'RPM_NO_INTERACTIVE_COMMUNICATION', 'RPM-2');
    out.note(`RPM-2: ${sum}, none interactive: no management code`);
    return [];
  }
  const withInteractive = `${sum}, ${interactive.join(', ')} interactive`;
  if (minutes >= MANAGEMENT_MINUTES) {
    const cap = policy.unitCaps['99458'];
    const uncapped = Math.floor((minutes - MANAGEMENT_MINUTES) / MANAGEMENT_MINUTES);
    const units = Math.min(cap, uncapped);
    const result: RpmCandidate[] = [{ code: '99457', units: 1, trace: `RPM-2: ${withInteractive}: 99457` }];
    if (units > 0)
      result.push({
        code: '99458',
        units,
        trace: `RPM-8: ${minutes} - 20 = ${minutes - 20}: 99458 x${units}`,
      });
    if (uncapped >= cap && minutes > MANAGEMENT_MINUTES * (cap + 1)) {
      out.refuse('code', 'ADDON_UNIT_CAP_REACHED', 'RPM-8', '99458');
      out.note(
        `RPM-8: 99458 capped at ${cap} unit(s); ${minutes - MANAGEMENT_MINUTES * (cap + 1)} minutes earn nothing`,
      );
    } else if (Math.floor((ledger.beforeTimeRules.rpm - MANAGEMENT_MINUTES) / MANAGEMENT_MINUTES) > units) {
      out.refuse('code', 'TIME_BELOW_THRESHOLD', 'RPM-2', '99458');
    }
    return result;
  }
  if (short && minutes >= short.minMinutes) {
    out.refuse('code', 'TIME_BELOW_THRESHOLD', 'RPM-2', '99457');
    return [
      { code: short.code, units: 1, trace: `RPM-2: ${withInteractive}: ${short.code} (under 20 for 99457)` },
    ];
  }
  if (minutes > 0) {
    const code = short?.code ?? '99457';
    out.refuse('code', 'TIME_BELOW_THRESHOLD', 'TIME-2', code);
    out.note(`TIME-2: ${sum}, below ${short?.minMinutes ?? MANAGEMENT_MINUTES} for ${code}`);
  }
  return [];
}
