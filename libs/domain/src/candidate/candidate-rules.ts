import { isAdministrativeSex, isPlausibleDateOfBirth, nameOf } from '../demographics/demographics-rules';
import { canonicalMbi } from '../demographics/mbi';
import { isId, isValidNpi } from '../shared/ids';
import { isLocalDate, type LocalDate } from '../shared/local-time';
import {
  CANDIDATE_SOURCES,
  COVERAGE_KINDS,
  type CandidateCondition,
  type CandidateCoverage,
  type CandidateEncounter,
  type CandidateProfile,
} from './candidate.events';

/** ICD-10-CM: a letter, two characters, then up to four after the dot (`E11`, `E11.9`, `I50.810`). */
const ICD10_CM = /^([A-Z][0-9][0-9A-Z])\.?([0-9A-Z]{1,4})?$/;

/** The stored form of an ICD-10-CM code as typed (`e119`, `E11.9`): upper case with its dot. */
export function canonicalIcd10(typed: string): string | undefined {
  const match = ICD10_CM.exec(typed.trim().toUpperCase());
  if (!match) return undefined;
  return match[2] ? `${match[1]}.${match[2]}` : match[1];
}

const optionalDate = (value: string | undefined): boolean => value === undefined || isLocalDate(value);

const byText =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    key(a).localeCompare(key(b));

/**
 * The profile in its stored form, or the names of the fields the rules refuse (never their values).
 * Lists are sorted, so the same panel exported in another order is the same content and a re-import of
 * it records nothing.
 */
export function canonicalProfile(
  input: CandidateProfile,
  today: LocalDate,
): { readonly value: CandidateProfile } | { readonly invalid: string[] } {
  const invalid: string[] = [];
  const name = input.name ? nameOf(input.name) : undefined;
  if (!name) invalid.push('name');
  if (!(CANDIDATE_SOURCES as readonly string[]).includes(input.source)) invalid.push('source');
  if (input.sourceId !== undefined && !/^[A-Za-z0-9\-.]{1,64}$/.test(input.sourceId))
    invalid.push('sourceId');
  if (typeof input.dateOfBirth !== 'string' || !isPlausibleDateOfBirth(input.dateOfBirth, today))
    invalid.push('dateOfBirth');
  if (!isAdministrativeSex(input.sex)) invalid.push('sex');
  const mbi = input.mbi === undefined ? undefined : canonicalMbi(input.mbi);
  if (input.mbi !== undefined && mbi === undefined) invalid.push('mbi');
  const conditions: CandidateCondition[] = [];
  input.conditions.forEach((condition, index) => {
    const icd10 = typeof condition.icd10 === 'string' ? canonicalIcd10(condition.icd10) : undefined;
    if (!icd10) invalid.push(`conditions[${index}].icd10`);
    if (!optionalDate(condition.onsetDate)) invalid.push(`conditions[${index}].onsetDate`);
    if (!optionalDate(condition.recordedDate)) invalid.push(`conditions[${index}].recordedDate`);
    if (icd10) conditions.push({ ...condition, icd10 });
  });
  input.coverages.forEach((coverage: CandidateCoverage, index) => {
    if (!(COVERAGE_KINDS as readonly string[]).includes(coverage.kind))
      invalid.push(`coverages[${index}].kind`);
    if (!optionalDate(coverage.start)) invalid.push(`coverages[${index}].start`);
    if (!optionalDate(coverage.end)) invalid.push(`coverages[${index}].end`);
    else if (coverage.start && coverage.end && coverage.end < coverage.start)
      invalid.push(`coverages[${index}].end`);
  });
  input.encounters.forEach((encounter: CandidateEncounter, index) => {
    if (!isLocalDate(encounter.date) || encounter.date > today) invalid.push(`encounters[${index}].date`);
    if (encounter.practitionerNpi !== undefined && !isValidNpi(encounter.practitionerNpi))
      invalid.push(`encounters[${index}].practitionerNpi`);
  });
  if (invalid.length > 0 || !name) return { invalid };
  const value: CandidateProfile = {
    source: input.source,
    ...(input.sourceId !== undefined ? { sourceId: input.sourceId } : {}),
    name,
    dateOfBirth: input.dateOfBirth,
    sex: input.sex,
    ...(mbi !== undefined ? { mbi } : {}),
    conditions: conditions.sort(byText((c) => `${c.icd10}|${c.onsetDate ?? ''}|${c.recordedDate ?? ''}`)),
    coverages: [...input.coverages].sort(byText((c) => `${c.kind}|${c.start ?? ''}|${c.end ?? ''}`)),
    encounters: [...input.encounters].sort(
      byText((e) => `${e.date}|${e.practitionerNpi ?? ''}|${e.kind ?? ''}`),
    ),
  };
  return { value };
}

export const isCandidateId = isId;
