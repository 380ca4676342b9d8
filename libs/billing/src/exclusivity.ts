import { APCM_BASE_CODES, APCM_BH_ADDON_CODES, ruleForCode } from './codes';
import type { PoolName, ReasonCode } from './decision';
import type { PatientMonthFacts } from './facts';
import type { Findings } from './findings';
import type { TimeLedger } from './time-entries';
import type { TrackFamily, TrackOutcome } from './track-evaluation';
import { TIMED_TRACKS, isTimedTrack, type TimedTrackName } from './tracks';

/** §3 step 6: SEL-2 / TIME-7 across CCM (and the PCM equivalents), SEL-6 between CCM and PCM. */
export function checkExclusivity(
  outcomes: readonly TrackOutcome[],
  finalTrack: TrackOutcome | undefined,
  ledger: TimeLedger,
  out: Findings,
): void {
  for (const o of outcomes) {
    if (!o.gatePassed || !isTimedTrack(o.track)) continue;
    const spec = TIMED_TRACKS[o.track];
    const isFinal = o === finalTrack;
    // SEL-2 names the CCM pair; the PCM staff/practitioner pair is the same idea under PCM-2.
    const exclusiveRule = spec.family === 'CCM' ? 'SEL-2' : 'PCM-2';
    if (spec.practitionerOnly) {
      const staffOnly = ledger.clinicalStaffOnly[spec.family === 'CCM' ? 'staff' : 'pcmStaff'];
      if (staffOnly > 0) {
        const firstNotReached = out.isBilled(spec.base.code) ? spec.addOn.code : spec.base.code;
        out.refuse(
          'code',
          'CLINICAL_STAFF_TIME_NOT_COUNTABLE_FOR_PRACTITIONER_CODE',
          'TIME-7',
          firstNotReached,
        );
        out.note(
          `TIME-7: ${staffOnly} clinical staff minutes do not count toward ${spec.base.code}/${spec.addOn.code}`,
        );
      }
      if (isFinal && staffOnly >= spec.exclusiveTwin.minutes && !out.isBilled(spec.exclusiveTwin.code)) {
        out.refuse('code', 'MUTUALLY_EXCLUSIVE_TRACK', exclusiveRule, spec.exclusiveTwin.code);
        out.note(`${exclusiveRule}: ${spec.exclusiveTwin.code} not billed with the ${spec.track} track`);
      }
    } else if (isFinal) {
      const practitionerPool: PoolName = spec.family === 'CCM' ? 'practitioner' : 'pcmPractitioner';
      if (ledger.minutes[practitionerPool] >= spec.exclusiveTwin.minutes) {
        out.refuse('code', 'MUTUALLY_EXCLUSIVE_TRACK', exclusiveRule, spec.exclusiveTwin.code);
        out.note(
          `${exclusiveRule}: ${spec.exclusiveTwin.code} not billed with the ${spec.track} track (practitioner minutes counted as staff time, TIME-6)`,
        );
      }
    }
  }
  const billedFamily = outcomes.find((o) => o.billed)?.family;
  const conflicts: [boolean, string][] =
    billedFamily === 'CCM'
      ? [
          [ledger.minutes.pcmStaff >= 30, '99426'],
          [ledger.minutes.pcmPractitioner >= 30, '99424'],
        ]
      : billedFamily === 'PCM'
        ? [
            [ledger.minutes.staff >= 20, '99490'],
            [ledger.minutes.practitioner >= 30, '99491'],
          ]
        : [];
  for (const [reached, code] of conflicts) {
    if (!reached) continue;
    out.refuse('code', 'PCM_AND_CCM_SAME_PRACTITIONER', 'SEL-6', code);
    out.note(`SEL-6: ${billedFamily} billed; ${code} refused (same practitioner, same month)`);
  }
}

const CODE_TRACK: Readonly<Record<string, TimedTrackName>> = Object.fromEntries(
  Object.values(TIMED_TRACKS).flatMap((t) => [
    [t.base.code, t.track],
    [t.addOn.code, t.track],
  ]),
);

/** Why an attempted line that was not billed is refused, when no reason names it yet. */
function refusalOf(
  code: string,
  outcomes: readonly TrackOutcome[],
  out: Findings,
): { reason: ReasonCode; rule: string } {
  const billed = outcomes.find((o) => o.billed);
  const track = CODE_TRACK[code];
  if (track) {
    const spec = TIMED_TRACKS[track];
    if (billed?.family === 'APCM') return { reason: 'MUTUALLY_EXCLUSIVE_TRACK', rule: 'EXCL-3' };
    if (billed && billed.family !== spec.family)
      return { reason: 'PCM_AND_CCM_SAME_PRACTITIONER', rule: 'SEL-6' };
    if (outcomes.some((o) => o.track === track && o.gatePassed)) {
      return { reason: 'TIME_BELOW_THRESHOLD', rule: code === spec.addOn.code ? spec.addOn.rule : 'TIME-2' };
    }
    if (billed) {
      const complexPair = [billed.track, track].every(
        (t) => t === 'ccm_noncomplex_staff' || t === 'ccm_complex_staff',
      );
      return {
        reason: 'MUTUALLY_EXCLUSIVE_TRACK',
        rule: complexPair ? 'SEL-1' : spec.family === 'PCM' ? 'PCM-2' : 'SEL-2',
      };
    }
    // SEL-5: the month's track policy did not choose this code's track.
    return { reason: 'REQUIREMENT_NOT_MET', rule: 'SEL-5' };
  }
  if (APCM_BH_ADDON_CODES.includes(code) && !APCM_BASE_CODES.some((c) => out.isBilled(c))) {
    return { reason: 'APCM_ADDON_WITHOUT_SAME_PRACTITIONER_BASE', rule: 'APCM-8' };
  }
  return { reason: 'REQUIREMENT_NOT_MET', rule: ruleForCode(code) };
}

/**
 * Attempted claim lines never bill (§2); each refused one gets a reason unless one already names it or its
 * program was blocked at a gate (the whole-month reasons then explain it).
 */
export function explainAttemptedLines(
  facts: PatientMonthFacts,
  outcomes: readonly TrackOutcome[],
  blockedFamilies: ReadonlySet<TrackFamily>,
  out: Findings,
): void {
  const codes = new Set((facts.attemptedClaimLines ?? []).map((l) => (typeof l === 'string' ? l : l.code)));
  for (const code of codes) {
    if (out.isBilled(code) || out.explains(code)) continue;
    const track = CODE_TRACK[code];
    if (track && blockedFamilies.has(TIMED_TRACKS[track].family)) continue;
    const { reason, rule } = refusalOf(code, outcomes, out);
    out.refuse('code', reason, rule, code);
    out.note(`${rule}: attempted line ${code} not billed (${reason})`);
  }
}
