import { apcmCode, apcmGates } from './apcm';
import type { PoolName } from './decision';
import type { PatientMonthFacts, Track } from './facts';
import type { Findings } from './findings';
import type { GateFailure } from './gate-failure';
import { ccmGates, pcmGates, qualifyingConditionCount } from './gates';
import type { BillingPolicy } from './policy';
import type { RuleSet } from './rule-sets';
import type { TimeLedger } from './time-entries';
import { TIMED_TRACKS, computeUnits, isTimedTrack, type TimedTrack } from './tracks';

/** §3 steps 4–5: one track's gates and units, recorded into the month's findings. */

export type TrackFamily = 'CCM' | 'PCM' | 'APCM';

export interface TrackOutcome {
  track: Track;
  family: TrackFamily;
  gatePassed: boolean;
  /** The track's base code was billed. */
  billed: boolean;
}

export function familyOf(track: Track): TrackFamily {
  return isTimedTrack(track) ? TIMED_TRACKS[track].family : 'APCM';
}

function recordFailures(failures: readonly GateFailure[], out: Findings): void {
  for (const f of failures) {
    out.refuse('gate', f.reason, f.rule, f.ref);
    out.note(`${f.rule}: ${f.detail}`);
  }
}

function contributionLine(ledger: TimeLedger, pool: PoolName): string | null {
  const parts = ledger.entries
    .map((l) => ({ id: l.entry.id, minutes: (l.counted[pool] ?? []).reduce((s, [a, b]) => s + b - a, 0) }))
    .filter((p) => p.minutes > 0);
  if (parts.length === 0) return null;
  return `TIME-11: ${parts.map((p) => `${p.id} ${p.minutes}`).join(' + ')} = ${ledger.minutes[pool]}`;
}

/** §3 steps 4–5 for one time-based track: gates, then units from the track's pool. */
export function evaluateTimedTrack(
  spec: TimedTrack,
  facts: PatientMonthFacts,
  ledger: TimeLedger,
  ruleSet: RuleSet,
  policy: BillingPolicy,
  out: Findings,
): TrackOutcome {
  const outcome: TrackOutcome = { track: spec.track, family: spec.family, gatePassed: false, billed: false };
  const gates = spec.family === 'CCM' ? ccmGates(facts, spec, policy) : pcmGates(facts, spec, policy);
  recordFailures(gates.failures, out);
  if (!gates.passed) return outcome;
  outcome.gatePassed = true;
  out.note(
    spec.family === 'CCM'
      ? 'ELIG-1, CONS-1, INIT-1, PLAN-1: gates pass'
      : 'PCM-1, PCM-3, INIT-1, PLAN-1: gates pass',
  );

  const minutes = ledger.minutes[spec.pool];
  const sum = contributionLine(ledger, spec.pool);
  if (sum) out.note(sum);
  // A code is only "refused" for time when some time was logged for it; an empty month needs no reason.
  const anyLogged = ledger.beforeTimeRules[spec.pool] > 0;
  if (spec.track === 'ccm_complex_staff') {
    const mdm = facts.mdmThisMonth;
    let complexOk = true;
    if (minutes < spec.base.minutes) {
      if (anyLogged) out.refuse('code', 'COMPLEX_TIME_BELOW_THRESHOLD', 'CODE-3', spec.base.code);
      out.note(`CODE-3: ${minutes} < ${spec.base.minutes} staff minutes: no ${spec.base.code}`);
      complexOk = false;
    }
    if (mdm !== 'moderate' && mdm !== 'high') {
      out.refuse('code', 'COMPLEX_MDM_NOT_MET', 'CODE-3', spec.base.code);
      out.note(`CODE-3: MDM ${mdm ?? 'not documented'}, moderate or high needed: no ${spec.base.code}`);
      complexOk = false;
    }
    if (!complexOk) return outcome;
  }
  const cap = spec.cap(ruleSet, policy);
  const units = computeUnits(spec, minutes, cap);
  if (!units.baseMet) {
    if (anyLogged) out.refuse('code', 'TIME_BELOW_THRESHOLD', 'TIME-2', spec.base.code);
    out.note(`TIME-2: ${minutes} < ${spec.base.minutes}: no ${spec.base.code}`);
    return outcome;
  }
  outcome.billed = true;
  out.bill(spec.base.code, 1);
  out.bill(spec.addOn.code, units.addOnUnits);
  const addOnText = units.addOnUnits > 0 ? ` + ${spec.addOn.code} x${units.addOnUnits}` : '';
  out.note(`${spec.base.rule}: ${minutes} >= ${spec.base.minutes}: ${spec.base.code} x1${addOnText}`);
  if (units.minutesBeyondCap > 0) {
    out.refuse('code', 'ADDON_UNIT_CAP_REACHED', spec.addOn.capRule, spec.addOn.code);
    out.note(
      `${spec.addOn.capRule}: ${spec.addOn.code} capped at ${cap}; ${units.minutesBeyondCap} minutes earn nothing`,
    );
  } else if (computeUnits(spec, ledger.beforeTimeRules[spec.pool], cap).addOnUnits > units.addOnUnits) {
    // Optional extra of §4: only when excluded minutes cost an add-on unit (CCM-024: "42 total would have").
    out.refuse('code', 'TIME_BELOW_THRESHOLD', spec.addOn.rule, spec.addOn.code);
  }
  return outcome;
}

export function evaluateApcmTrack(
  facts: PatientMonthFacts,
  ruleSet: RuleSet,
  policy: BillingPolicy,
  out: Findings,
): TrackOutcome {
  const outcome: TrackOutcome = { track: 'apcm', family: 'APCM', gatePassed: false, billed: false };
  const code = apcmCode(facts);
  if (!ruleSet.codes.has(code)) {
    out.refuse('gate', 'REQUIREMENT_NOT_MET', 'APCM-1', code);
    out.note(`APCM-1: APCM codes start in CY 2025; ${code} does not exist in ${ruleSet.id}`);
    return outcome;
  }
  const failures = apcmGates(facts, code, policy);
  recordFailures(failures, out);
  if (failures.length > 0) return outcome;
  outcome.gatePassed = true;
  outcome.billed = true;
  out.note('APCM-2, APCM-3, APCM-4: gates pass');
  out.bill(code, 1);
  const qmb = code === 'G0558' ? ', QMB' : '';
  out.note(`APCM-1: ${qualifyingConditionCount(facts)} qualifying condition(s)${qmb}: ${code} x1`);
  return outcome;
}
