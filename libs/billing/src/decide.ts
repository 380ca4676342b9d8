import type { BillingDecision, PoolName } from './decision';
import { evaluateBhAddon } from './apcm';
import { ruleForCode } from './codes';
import { itemiseExclusions } from './exclusions';
import { checkExclusivity, explainAttemptedLines } from './exclusivity';
import type { PatientMonthFacts, Track } from './facts';
import { Findings } from './findings';
import { g0506Decision } from './initiating-visit';
import { nthMinute } from './intervals';
import { resolvePolicy, type BillingPolicyOverrides } from './policy';
import { ruleSetForMonthOrThrow, type RuleSet } from './rule-sets';
import { evaluateRpm } from './rpm';
import { countTime, type Family } from './time-entries';
import {
  evaluateApcmTrack,
  evaluateTimedTrack,
  familyOf,
  type TrackFamily,
  type TrackOutcome,
} from './track-evaluation';
import { TIMED_TRACKS, isTimedTrack } from './tracks';
import { dateOfMinute } from './wall-clock';
import { addWarnings } from './warnings';

function emptyDecision(facts: PatientMonthFacts, ruleSet: RuleSet, out: Findings): BillingDecision {
  return {
    serviceMonth: facts.serviceMonth,
    ruleSet: ruleSet.id,
    codes: [],
    notBillable: out.reasons(),
    countedMinutes: { staff: 0, practitioner: 0, pcmStaff: 0, pcmPractitioner: 0, rpm: 0 },
    patientCostSharingBillable: !facts.payer.qmb,
    thresholdReachedOn: null,
    trace: out.trace,
  };
}

/**
 * Decides one patient-month (billing-facts.md §3). Pure: the same facts and policy always give the same
 * decision. Facts are expected to have passed `validateFacts`; a year without a rule set throws.
 * `policyOverrides` accepts any `Partial<BillingPolicy>` (and single caps without restating the others).
 */
export function decide(
  facts: PatientMonthFacts,
  policyOverrides: BillingPolicyOverrides = {},
): BillingDecision {
  const policy = resolvePolicy(policyOverrides);
  const ruleSet = ruleSetForMonthOrThrow(facts.serviceMonth);
  const out = new Findings();

  if (facts.payer.type !== 'medicare_part_b') {
    out.refuse('gate', 'NOT_MEDICARE_PART_B', 'ELIG-4');
    out.note(`ELIG-4: payer ${facts.payer.type} is not Medicare Part B: nothing billable`);
    return emptyDecision(facts, ruleSet, out);
  }
  if (facts.billingPractitioner.role !== 'physician_qhp') {
    out.refuse('gate', 'REQUIREMENT_NOT_MET', 'PRAC-1', 'billingPractitioner.role');
    out.note(
      'PRAC-1: the billing practitioner is not a physician or qualified health professional: nothing billable',
    );
    return emptyDecision(facts, ruleSet, out);
  }

  const ledger = countTime(facts, policy);
  const tracks = [
    ...new Set([facts.trackPolicy.preferred, facts.trackPolicy.fallback].filter((t): t is Track => !!t)),
  ];
  const outcomes: TrackOutcome[] = [];
  for (const track of tracks) {
    if (outcomes.length > 0) out.note(`SEL-4: ${outcomes[0].track} billed no base code: fallback ${track}`);
    let outcome: TrackOutcome;
    if (isTimedTrack(track))
      outcome = evaluateTimedTrack(TIMED_TRACKS[track], facts, ledger, ruleSet, policy, out);
    else if (track === 'apcm') outcome = evaluateApcmTrack(facts, ruleSet, policy, out);
    else {
      out.note('APCM-8: apcm_bh_addon track: only the behavioral-health add-on is considered');
      outcome = { track, family: familyOf(track), gatePassed: true, billed: false };
    }
    outcomes.push(outcome);
    if (outcome.billed) break;
  }
  const finalTrack = outcomes.find((o) => o.billed) ?? outcomes[outcomes.length - 1];
  checkExclusivity(outcomes, finalTrack, ledger, out);

  const rpmLive = evaluateRpm(facts, ledger, ruleSet, policy, out);

  if (outcomes.some((o) => o.family === 'CCM' && o.gatePassed)) {
    const g0506 = g0506Decision(facts, policy);
    if (g0506.bill) out.bill('G0506', 1);
    else if (g0506.failure) out.refuse('code', g0506.failure.reason, g0506.failure.rule, g0506.failure.ref);
    if (g0506.detail) out.note(g0506.detail);
  }
  evaluateBhAddon(facts, ruleSet, out);

  const blockedFamilies = new Set<TrackFamily>(
    (['CCM', 'PCM', 'APCM'] as const).filter((f) => {
      const ofFamily = outcomes.filter((o) => o.family === f);
      return ofFamily.length > 0 && ofFamily.every((o) => !o.gatePassed);
    }),
  );
  explainAttemptedLines(facts, outcomes, blockedFamilies, out);

  const liveFamilies = new Set<Family>();
  const poolOfFamily: Partial<Record<Family, PoolName>> = { RPM: 'rpm' };
  for (const o of outcomes) {
    if (!o.gatePassed || !isTimedTrack(o.track)) continue;
    const spec = TIMED_TRACKS[o.track];
    liveFamilies.add(spec.family);
    if (!poolOfFamily[spec.family] || o.billed) poolOfFamily[spec.family] = spec.pool;
  }
  if (rpmLive) liveFamilies.add('RPM');
  const exclusionLines = itemiseExclusions(facts, ledger, liveFamilies, poolOfFamily, out);

  addWarnings(facts, outcomes, policy, out);
  for (const { code } of out.codes()) {
    // Safety net: every path above already respects the year; a code the year lacks is never billed.
    if (!ruleSet.codes.has(code)) {
      out.drop(code);
      out.refuse('code', 'REQUIREMENT_NOT_MET', ruleForCode(code), code);
      out.note(`${ruleForCode(code)}: ${code} does not exist in ${ruleSet.id}`);
    } else if (
      facts.otherServicesThisMonth.some(
        (s) => s.code === code && s.practitionerId === facts.billingPractitioner.id,
      )
    ) {
      // §4: codes of otherServicesThisMonth are billed elsewhere already; a second line is a duplicate.
      out.drop(code);
      out.refuse('code', 'REQUIREMENT_NOT_MET', 'EXCL-9', code);
      out.note(`EXCL-9: ${code} already billed this month by the billing practitioner: not billed twice`);
    }
  }

  let thresholdReachedOn: string | null = null;
  const billedTimed = outcomes.find((o) => o.billed && isTimedTrack(o.track));
  if (billedTimed && isTimedTrack(billedTimed.track)) {
    const spec = TIMED_TRACKS[billedTimed.track];
    const minute = nthMinute(ledger.countedIntervals[spec.pool], spec.base.minutes);
    thresholdReachedOn = minute === null ? null : dateOfMinute(minute);
  }

  return {
    serviceMonth: facts.serviceMonth,
    ruleSet: ruleSet.id,
    codes: out.codes(),
    notBillable: out.reasons(),
    countedMinutes: { ...ledger.minutes },
    patientCostSharingBillable: !facts.payer.qmb,
    thresholdReachedOn,
    trace: [...ledger.notes, ...exclusionLines, ...out.trace],
  };
}
