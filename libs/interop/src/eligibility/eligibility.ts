import type { CandidateCondition, IdentifiedCandidate, LocalDate } from '@ccm/domain';
import { CCW_CHRONIC_CONDITIONS, type ChronicConditionCategory } from './ccw-chronic-conditions';

export const ELIGIBILITY_CRITERIA = ['chronic_conditions', 'medicare_part_b', 'recent_visit'] as const;
export type EligibilityCriterion = (typeof ELIGIBILITY_CRITERIA)[number];

export interface EligibilityReason {
  readonly criterion: EligibilityCriterion;
  readonly met: boolean;
  readonly says: string;
}

export interface CandidateEligibility {
  readonly candidateId: string;
  readonly eligible: boolean;
  readonly reasons: readonly EligibilityReason[];
  /** The CCW categories the candidate's conditions fall in, as of the date. */
  readonly chronicConditions: readonly string[];
  /** Linked to a patient already (CandidateEnrolled): reported, not to be reached again. */
  readonly enrolled?: { readonly patientId: string; readonly enrolledOn: LocalDate };
}

/** How far back a visit with a billing practitioner counts: the 12 months up to the date. */
export const RECENT_VISIT_MONTHS = 12;

const undotted = (code: string): string => code.replace('.', '').toUpperCase();

export function categoriesOf(icd10: string): ChronicConditionCategory[] {
  const code = undotted(icd10);
  return CCW_CHRONIC_CONDITIONS.filter((category) => category.icd10Prefixes.some((p) => code.startsWith(p)));
}

/** The same day `months` months earlier, clamped to the month's length (29 Feb -> 28 Feb). */
export function monthsBefore(date: LocalDate, months: number): LocalDate {
  const [year, month, day] = date.split('-').map(Number);
  const index = year * 12 + (month - 1) - months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

/** A diagnosis the date can know of: none that began or was recorded after it. */
const knownOn = (condition: CandidateCondition, asOf: LocalDate): boolean =>
  (condition.onsetDate === undefined || condition.onsetDate <= asOf) &&
  (condition.recordedDate === undefined || condition.recordedDate <= asOf);

/**
 * At least two chronic conditions from the CCW list, of at least two categories: two diagnoses of one
 * category (E11.9 and E11.65) are one condition, and one diagnosis is one condition whatever the
 * categories its code falls in (I13.0).
 */
function chronicConditions(candidate: IdentifiedCandidate, asOf: LocalDate) {
  const qualifying = [
    ...new Set(candidate.conditions.filter((c) => knownOn(c, asOf)).map((c) => undotted(c.icd10))),
  ].filter((code) => categoriesOf(code).length > 0);
  const categories = [...new Set(qualifying.flatMap((code) => categoriesOf(code).map((c) => c.name)))].sort();
  const met = qualifying.length >= 2 && categories.length >= 2;
  return {
    categories,
    reason: {
      criterion: 'chronic_conditions' as const,
      met,
      says: met
        ? `${categories.length} chronic condition categories of the CCW list`
        : categories.length === 0
          ? 'no condition of the CCW chronic condition list'
          : 'fewer than two chronic conditions of different CCW categories',
    },
  };
}

function partB(candidate: IdentifiedCandidate, asOf: LocalDate): EligibilityReason {
  const active = candidate.coverages.some(
    (c) =>
      c.kind === 'medicare_part_b' &&
      (c.start === undefined || c.start <= asOf) &&
      (c.end === undefined || c.end >= asOf),
  );
  const anyPartB = candidate.coverages.some((c) => c.kind === 'medicare_part_b');
  return {
    criterion: 'medicare_part_b',
    met: active,
    says: active
      ? 'Medicare Part B active on the date'
      : anyPartB
        ? 'Medicare Part B, but not active on the date'
        : 'no Medicare Part B coverage',
  };
}

function recentVisit(
  candidate: IdentifiedCandidate,
  asOf: LocalDate,
  npis: ReadonlySet<string>,
): EligibilityReason {
  const from = monthsBefore(asOf, RECENT_VISIT_MONTHS);
  const visits = candidate.encounters
    .filter((e) => e.practitionerNpi !== undefined && npis.has(e.practitionerNpi))
    .map((e) => e.date)
    .filter((date) => date >= from && date <= asOf)
    .sort();
  const last = visits[visits.length - 1];
  return {
    criterion: 'recent_visit',
    met: last !== undefined,
    says: last
      ? `visit with a billing practitioner of the practice on ${last}`
      : `no visit with a billing practitioner of the practice from ${from} to ${asOf}`,
  };
}

/**
 * Who of the practice's candidates may be offered CCM on `asOf` (docs/eligibility.md): two or more
 * chronic conditions of the CCW list, Medicare Part B active on the date, and a visit with one of the
 * practice's billing practitioners (by NPI) in the 12 months up to the date. Each criterion is reported,
 * met or not; candidates linked to a patient already say so. Pure: the caller reads the candidates.
 */
export function findEligible(
  candidates: readonly IdentifiedCandidate[],
  practice: { readonly billingPractitioners: readonly { readonly npi: string }[] },
  asOf: LocalDate,
): CandidateEligibility[] {
  const npis = new Set(practice.billingPractitioners.map((p) => p.npi));
  return (
    [...candidates]
      // Code-unit order, as the store lists ids and as a page's cursor compares them.
      .sort((a, b) => (a.candidateId < b.candidateId ? -1 : a.candidateId > b.candidateId ? 1 : 0))
      .map((candidate) => {
        const conditions = chronicConditions(candidate, asOf);
        const reasons = [conditions.reason, partB(candidate, asOf), recentVisit(candidate, asOf, npis)];
        return {
          candidateId: candidate.candidateId,
          eligible: reasons.every((r) => r.met),
          reasons,
          chronicConditions: conditions.categories,
          ...(candidate.enrolment ? { enrolled: candidate.enrolment } : {}),
        };
      })
  );
}
