import type { PoolName } from './decision';
import type { Track } from './facts';
import type { BillingPolicy } from './policy';
import type { RuleSet } from './rule-sets';

export type TimedTrackName = Exclude<Track, 'apcm' | 'apcm_bh_addon'>;

/** One time-based track of ccm-rules.md §7.1: a base code at a threshold, an add-on per further block. */
export interface TimedTrack {
  readonly track: TimedTrackName;
  readonly family: 'CCM' | 'PCM';
  readonly pool: PoolName;
  /** TIME-7: only the billing practitioner's own minutes count. */
  readonly practitionerOnly: boolean;
  readonly base: { readonly code: string; readonly minutes: number; readonly rule: string };
  readonly addOn: {
    readonly code: string;
    readonly minutes: number;
    readonly rule: string;
    readonly capRule: string;
  };
  /** The base code whose track this one excludes when its minutes alone would reach it (SEL-2). */
  readonly exclusiveTwin: { readonly code: string; readonly minutes: number };
  cap(ruleSet: RuleSet, policy: BillingPolicy): number;
}

export const TIMED_TRACKS: Readonly<Record<TimedTrackName, TimedTrack>> = {
  ccm_noncomplex_staff: {
    track: 'ccm_noncomplex_staff',
    family: 'CCM',
    pool: 'staff',
    practitionerOnly: false,
    base: { code: '99490', minutes: 20, rule: 'CODE-9' },
    addOn: { code: '99439', minutes: 20, rule: 'CODE-2', capRule: 'CODE-2' },
    exclusiveTwin: { code: '99491', minutes: 30 },
    cap: (ruleSet) => ruleSet.cap99439,
  },
  ccm_complex_staff: {
    track: 'ccm_complex_staff',
    family: 'CCM',
    pool: 'staff',
    practitionerOnly: false,
    base: { code: '99487', minutes: 60, rule: 'CODE-3' },
    addOn: { code: '99489', minutes: 30, rule: 'CODE-5', capRule: 'CODE-5' },
    exclusiveTwin: { code: '99491', minutes: 30 },
    cap: (_ruleSet, policy) => policy.unitCaps['99489'],
  },
  ccm_practitioner: {
    track: 'ccm_practitioner',
    family: 'CCM',
    pool: 'practitioner',
    practitionerOnly: true,
    base: { code: '99491', minutes: 30, rule: 'CODE-6' },
    addOn: { code: '99437', minutes: 30, rule: 'CODE-7', capRule: 'CODE-8' },
    exclusiveTwin: { code: '99490', minutes: 20 },
    cap: (_ruleSet, policy) => policy.unitCaps['99437'],
  },
  pcm_staff: {
    track: 'pcm_staff',
    family: 'PCM',
    pool: 'pcmStaff',
    practitionerOnly: false,
    base: { code: '99426', minutes: 30, rule: 'PCM-2' },
    addOn: { code: '99427', minutes: 30, rule: 'PCM-2', capRule: 'PCM-5' },
    exclusiveTwin: { code: '99424', minutes: 30 },
    cap: (_ruleSet, policy) => policy.unitCaps['99427'],
  },
  pcm_practitioner: {
    track: 'pcm_practitioner',
    family: 'PCM',
    pool: 'pcmPractitioner',
    practitionerOnly: true,
    base: { code: '99424', minutes: 30, rule: 'PCM-2' },
    addOn: { code: '99425', minutes: 30, rule: 'PCM-2', capRule: 'PCM-5' },
    exclusiveTwin: { code: '99426', minutes: 30 },
    cap: (_ruleSet, policy) => policy.unitCaps['99425'],
  },
};

export function isTimedTrack(track: Track): track is TimedTrackName {
  return track in TIMED_TRACKS;
}

export interface Units {
  baseMet: boolean;
  addOnUnits: number;
  /** Units the minutes would earn without the cap. */
  uncappedAddOnUnits: number;
  /** Minutes past the last capped unit that earn nothing (ADDON_UNIT_CAP_REACHED when > 0). */
  minutesBeyondCap: number;
}

/** ccm-rules.md §7.1; thresholds are inclusive and only full minutes count (TIME-2). */
export function computeUnits(spec: TimedTrack, minutes: number, cap: number): Units {
  if (minutes < spec.base.minutes)
    return { baseMet: false, addOnUnits: 0, uncappedAddOnUnits: 0, minutesBeyondCap: 0 };
  const uncapped = Math.floor((minutes - spec.base.minutes) / spec.addOn.minutes);
  const addOnUnits = Math.min(cap, uncapped);
  const cappedMinutes = spec.base.minutes + cap * spec.addOn.minutes;
  return {
    baseMet: true,
    addOnUnits,
    uncappedAddOnUnits: uncapped,
    minutesBeyondCap: uncapped >= cap ? Math.max(0, minutes - cappedMinutes) : 0,
  };
}
