import { APCM_BASE_CODES, APCM_BH_ADDON_CODES, CCM_CODES, PCM_CODES } from './codes';
import { yearOfMonth } from './wall-clock';

/**
 * What differs between PFS years (ccm-rules.md §16–17). The service month's year picks the set; a year
 * without a set is refused at validation, never guessed. Years before 2024 are not modelled: 2023 changed
 * RPM rules mid-year (PHE end in May, 99458 MUE in July) and the reference gives no amounts for 2022–2023.
 */
export interface RuleSet {
  readonly id: string;
  readonly year: number;
  /** Codes that exist this year; a code outside it is never billed. */
  readonly codes: ReadonlySet<string>;
  /** CODE-2: 99439 is capped by CMS itself (two units since G2058 in CY 2020). */
  readonly cap99439: number;
  readonly rpm: {
    /** RPM-2: 99454 needs this many days of data in its 30-day period. */
    readonly fullPeriodMinDays: number;
    /** RPM-2: 99445 for 2–15 days of data, from CY 2026 only. */
    readonly shortPeriod: { readonly code: string; readonly minDays: number } | null;
    /** RPM-2: 99470 for 10–19 management minutes, from CY 2026 only. */
    readonly shortManagement: { readonly code: string; readonly minMinutes: number } | null;
  };
  /** Conversion factors of the year (CHG-2026-1); null where the reference gives none. */
  readonly conversionFactor: {
    readonly nonQualifyingApm: number | null;
    readonly qualifyingApm: number | null;
    readonly source: string;
  };
}

const BASE_CODES = [...CCM_CODES, ...PCM_CODES, 'G0506', '99453', '99454', '99457', '99458'];

export const RULE_SETS: readonly RuleSet[] = [
  {
    id: 'medicare-pfs-2024',
    year: 2024,
    codes: new Set(BASE_CODES),
    cap99439: 2,
    rpm: { fullPeriodMinDays: 16, shortPeriod: null, shortManagement: null },
    // The reference quotes no CY 2024 conversion factor (it also changed mid-year); left unknown.
    conversionFactor: { nonQualifyingApm: null, qualifyingApm: null, source: 'not given in ccm-rules.md' },
  },
  {
    id: 'medicare-pfs-2025',
    year: 2025,
    // APCM-1: G0556–G0558 from 1 January 2025.
    codes: new Set([...BASE_CODES, ...APCM_BASE_CODES]),
    cap99439: 2,
    rpm: { fullPeriodMinDays: 16, shortPeriod: null, shortManagement: null },
    conversionFactor: {
      nonQualifyingApm: 32.3465,
      qualifyingApm: null,
      source: 'ccm-rules.md §18, CHG-2026-1 [S37]',
    },
  },
  {
    id: 'medicare-pfs-2026',
    year: 2026,
    // CHG-2026-3: 99445, 99470 and the APCM behavioral-health add-ons G0568–G0570.
    codes: new Set([...BASE_CODES, ...APCM_BASE_CODES, ...APCM_BH_ADDON_CODES, '99445', '99470']),
    cap99439: 2,
    rpm: {
      fullPeriodMinDays: 16,
      shortPeriod: { code: '99445', minDays: 2 },
      shortManagement: { code: '99470', minMinutes: 10 },
    },
    conversionFactor: {
      nonQualifyingApm: 33.4009,
      qualifyingApm: 33.5675,
      source: 'ccm-rules.md CHG-2026-1 [S37]',
    },
  },
];

export function ruleSetForYear(year: number): RuleSet | undefined {
  return RULE_SETS.find((set) => set.year === year);
}

export function ruleSetForMonth(serviceMonth: string): RuleSet | undefined {
  return ruleSetForYear(yearOfMonth(serviceMonth));
}

export function ruleSetForMonthOrThrow(serviceMonth: string): RuleSet {
  const set = ruleSetForMonth(serviceMonth);
  if (!set) {
    throw new Error(
      `no billing rule set for ${serviceMonth}; known: ${RULE_SETS.map((s) => s.id).join(', ')}`,
    );
  }
  return set;
}
