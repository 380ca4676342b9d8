import type { CandidateCondition, CandidateCoverage, CandidateEncounter } from '@ccm/domain';
import { coverageKindOf } from './coverage-kind';
import {
  ICD10_CM_SYSTEM,
  NPI_SYSTEM,
  type FhirCondition,
  type FhirCoverage,
  type FhirEncounter,
  type Identifier,
} from './fhir-resources';
import type { ImportProblem } from './import-problem';

/** One entry of a Bundle, as sent. */
export interface BundleEntry {
  readonly fullUrl?: string;
  readonly resource?: unknown;
}

export const at = (index: number, path = '') => `Bundle.entry[${index}].resource${path ? `.${path}` : ''}`;
export const problem = (
  status: ImportProblem['status'],
  reason: string,
  message: string,
  expression: string,
): ImportProblem => ({ status, reason, message, expression: [expression] });

/** `2026-03-02T10:15:00-05:00` or `2026-03-02`: the date as written; a year or a month alone: none. */
const dateOf = (value: string | undefined): string | undefined =>
  value !== undefined && value.length >= 10 ? value.slice(0, 10) : undefined;

/** Read for the NPI an Encounter's participant reference leads to, never imported. */
export const isPractitioner = (entry: BundleEntry): boolean =>
  (entry.resource as { resourceType?: unknown }).resourceType === 'Practitioner';

/** An inactive fact is none: cancelled or entered in error. */
export const INACTIVE = new Set(['cancelled', 'entered-in-error']);

export function conditionOf(
  resource: FhirCondition,
  index: number,
  problems: ImportProblem[],
): CandidateCondition | undefined {
  const verification = resource.verificationStatus?.coding?.[0]?.code;
  if (verification === 'refuted' || verification === 'entered-in-error') return undefined;
  if (!resource.code) {
    problems.push(
      problem(422, 'CONDITION_WITHOUT_CODE', 'A Condition needs its ICD-10-CM code.', at(index, 'code')),
    );
    return undefined;
  }
  const icd10 = resource.code.coding?.find(
    (coding) => coding.system === ICD10_CM_SYSTEM && coding.code,
  )?.code;
  if (icd10 === undefined) {
    problems.push(
      problem(
        422,
        'CONDITION_NOT_ICD10',
        'A Condition needs a coding in ICD-10-CM.',
        at(index, 'code.coding'),
      ),
    );
    return undefined;
  }
  const onsetDate = dateOf(resource.onsetDateTime);
  const recordedDate = dateOf(resource.recordedDate);
  return { icd10, ...(onsetDate ? { onsetDate } : {}), ...(recordedDate ? { recordedDate } : {}) };
}

export function coverageOf(resource: FhirCoverage): CandidateCoverage {
  const start = dateOf(resource.period?.start);
  const end = dateOf(resource.period?.end);
  return { kind: coverageKindOf(resource), ...(start ? { start } : {}), ...(end ? { end } : {}) };
}

/** The NPIs of the Practitioners a Bundle holds, by `Practitioner/{id}` and by fullUrl. */
export function practitionerNpis(entries: readonly BundleEntry[]): ReadonlyMap<string, string> {
  const npis = new Map<string, string>();
  for (const entry of entries.filter(isPractitioner)) {
    const practitioner = entry.resource as { id?: string; identifier?: readonly Identifier[] };
    const npi = practitioner.identifier?.find((i) => i.system === NPI_SYSTEM && i.value)?.value;
    if (npi === undefined) continue;
    if (entry.fullUrl) npis.set(entry.fullUrl, npi);
    if (practitioner.id) npis.set(`Practitioner/${practitioner.id}`, npi);
  }
  return npis;
}

export function encounterOf(
  resource: FhirEncounter,
  index: number,
  problems: ImportProblem[],
  practitioners: ReadonlyMap<string, string>,
): CandidateEncounter | undefined {
  if (INACTIVE.has(resource.status)) return undefined;
  const date = dateOf(resource.period?.start);
  if (date === undefined) {
    problems.push(
      problem(
        422,
        'ENCOUNTER_WITHOUT_DATE',
        'An Encounter needs the day it began.',
        at(index, 'period.start'),
      ),
    );
    return undefined;
  }
  // The NPI as the reference's identifier, or on the Practitioner it references within the Bundle.
  const npi = (resource.participant ?? [])
    .map(({ individual }) =>
      individual?.identifier?.system === NPI_SYSTEM && individual.identifier.value
        ? individual.identifier.value
        : (practitioners.get(/(Practitioner\/[^/]+)$/.exec(individual?.reference ?? '')?.[1] ?? '') ??
          practitioners.get(individual?.reference ?? '')),
    )
    .find((found) => found !== undefined);
  const kind = resource.class.code;
  return { date, ...(npi ? { practitionerNpi: npi } : {}), ...(kind ? { kind } : {}) };
}
