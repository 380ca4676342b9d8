import type { CoverageKind } from '@ccm/domain';
import { SOPT_SYSTEM, type FhirCoverage } from './fhir-resources';

const ADVANTAGE_TEXT = /medicare\s+advantage|\bpart\s*c\b/i;
const PART_B_TEXT = /\bpart\s*b\b/i;

/** The words a Coverage uses for itself: its type, its plan classes, and its payors' names. */
function wordsOf(coverage: FhirCoverage): string[] {
  return [
    coverage.type?.text,
    ...(coverage.type?.coding ?? []).map((coding) => coding.display),
    ...(coverage.class ?? []).flatMap((entry) => [entry.value, entry.name]),
    ...coverage.payor.map((payor) => payor.display),
  ].filter((word): word is string => typeof word === 'string');
}

/**
 * What kind of coverage a FHIR Coverage is, for the eligibility finder (docs/eligibility.md, "Coverage"):
 * - `medicare_advantage`: a Source of Payment Typology type code 11x (Medicare managed care), or a type,
 *   plan class or payor named "Medicare Advantage" or "Part C";
 * - `medicare_part_b`: otherwise, a type, plan class or payor naming "Part B" (CMS's Blue Button sends
 *   Medicare coverage as a `plan` class valued "Part B");
 * - `other`: anything else, Medicare that does not say which part included: Part B must be said.
 */
export function coverageKindOf(coverage: FhirCoverage): CoverageKind {
  const sopt = (coverage.type?.coding ?? []).filter((c) => c.system === SOPT_SYSTEM).map((c) => c.code ?? '');
  const words = wordsOf(coverage);
  if (sopt.some((code) => code.startsWith('11')) || words.some((w) => ADVANTAGE_TEXT.test(w)))
    return 'medicare_advantage';
  if (words.some((w) => PART_B_TEXT.test(w))) return 'medicare_part_b';
  return 'other';
}
