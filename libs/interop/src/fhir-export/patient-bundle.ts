import { ExportContext, type PatientRecordExport } from './export-context';
import { fullUrlOf, type FhirResource } from './fhir-resource';
import { auditEventResources, provenanceResources } from './map-audit';
import { careTeamResource, carePlanResources } from './map-care-plans';
import { claimResources } from './map-claims';
import { conditionResources } from './map-conditions';
import { consentResources } from './map-consent';
import { communicationResources, encounterResources } from './map-encounters';
import { observationResources } from './map-observations';
import { medicareCoverage, patientResource } from './map-patient';

/** The resource types a client may search by `patient` (GET /fhir/{Type}?patient=): the patient's compartment. */
export const SEARCHABLE_TYPES = [
  'Patient',
  'Condition',
  'Consent',
  'CarePlan',
  'CareTeam',
  'Communication',
  'Encounter',
  'Observation',
  'Claim',
  'AuditEvent',
  'Provenance',
] as const;
export type SearchableType = (typeof SEARCHABLE_TYPES)[number];

export const isSearchableType = (type: string): type is SearchableType =>
  (SEARCHABLE_TYPES as readonly string[]).includes(type);

/**
 * Every resource the patient's record yields, in a stable order: the patient's own resources first, then
 * the people, organisations and coverage they reference, then the provenance of each. Pure: the same
 * events give the same resources, ids included.
 */
export function patientResources(record: PatientRecordExport): FhirResource[] {
  const context = new ExportContext(record);
  const patient = patientResource(context);
  const [medicare, coverage] = medicareCoverage(context, patient);
  const conditions = conditionResources(context);
  const careTeam = careTeamResource(context);
  const claims = claimResources(context, coverage);
  const clinical = [
    patient,
    ...conditions,
    ...consentResources(context),
    ...carePlanResources(context, careTeam, conditions),
    ...(careTeam ? [careTeam] : []),
    ...communicationResources(context),
    ...encounterResources(context),
    ...observationResources(context),
    ...claims,
    ...auditEventResources(context),
  ];
  // Provenance names people too: the Practitioners are collected only once it is built.
  const provenance = provenanceResources(context);
  const supporting = [
    context.practiceOrganization(),
    ...context.practitioners(),
    ...(claims.length > 0 ? [medicare, coverage] : []),
  ];
  return [...clinical, ...provenance, ...supporting];
}

export interface SearchsetBundle extends FhirResource {
  readonly resourceType: 'Bundle';
  readonly type: 'searchset';
  readonly total: number;
  readonly entry: readonly {
    fullUrl: string;
    resource: FhirResource;
    search: { mode: 'match' | 'include' };
  }[];
}

/**
 * A searchset Bundle. `total` counts the matches; the resources they reference are `include` entries, so
 * every reference resolves inside the Bundle.
 */
export function searchsetBundle(
  matches: readonly FhirResource[],
  includes: readonly FhirResource[],
  generatedAt: Date,
  bundleId: string,
): SearchsetBundle {
  return {
    resourceType: 'Bundle',
    id: bundleId,
    meta: { lastUpdated: generatedAt.toISOString() },
    type: 'searchset',
    timestamp: generatedAt.toISOString(),
    total: matches.length,
    entry: [
      ...matches.map((resource) => ({
        fullUrl: fullUrlOf(resource),
        resource,
        search: { mode: 'match' as const },
      })),
      ...includes.map((resource) => ({
        fullUrl: fullUrlOf(resource),
        resource,
        search: { mode: 'include' as const },
      })),
    ],
  };
}

const COMPARTMENT: ReadonlySet<string> = new Set(SEARCHABLE_TYPES);

/** Patient/$everything: everything in the record, the supporting resources included. */
export function everythingBundle(
  record: PatientRecordExport,
  generatedAt: Date,
  bundleId: string,
): SearchsetBundle {
  const resources = patientResources(record);
  return searchsetBundle(
    resources.filter((r) => COMPARTMENT.has(r.resourceType)),
    resources.filter((r) => !COMPARTMENT.has(r.resourceType)),
    generatedAt,
    bundleId,
  );
}

/** GET /fhir/{Type}?patient=: the record's resources of that type only, nothing included. */
export function searchBundle(
  record: PatientRecordExport,
  type: SearchableType,
  generatedAt: Date,
  bundleId: string,
): SearchsetBundle {
  return searchsetBundle(
    patientResources(record).filter((r) => r.resourceType === type),
    [],
    generatedAt,
    bundleId,
  );
}
