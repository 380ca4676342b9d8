import { createHash } from 'node:crypto';

/**
 * A FHIR R4 resource as plain JSON. The export builds resources as data and leaves conformance to the
 * validator (../fhir-validation), so the shape here is only what every resource has.
 */
export interface FhirResource {
  readonly resourceType: string;
  readonly id: string;
  readonly [element: string]: unknown;
}

export interface FhirReference {
  readonly reference?: string;
  readonly display?: string;
}

/** Code systems and identifier systems the export writes; docs/fhir.md lists them. */
export const SYSTEMS = {
  mbi: 'http://hl7.org/fhir/sid/us-mbi',
  npi: 'http://hl7.org/fhir/sid/us-npi',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  cpt: 'http://www.ama-assn.org/go/cpt',
  hcpcs: 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  consentCategory: 'http://terminology.hl7.org/CodeSystem/consentcategorycodes',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  participationMode: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationMode',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  claimType: 'http://terminology.hl7.org/CodeSystem/claim-type',
  processPriority: 'http://terminology.hl7.org/CodeSystem/processpriority',
  auditEventType: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
  restfulInteraction: 'http://hl7.org/fhir/restful-interaction',
  purposeOfUse: 'http://terminology.hl7.org/CodeSystem/v3-PurposeOfUse',
  provenanceAgentType: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
  /** This system's own vocabularies (disclosures, care-team roles, RPM measures) and extensions. */
  ccm: 'urn:ccm:fhir',
} as const;

/** The identifier systems of ids this system hands out, one namespace per practice. */
export const ccmPatientIdSystem = (practiceId: string): string => `urn:ccm:practice:${practiceId}:patient`;
export const ccmUserIdSystem = (practiceId: string): string => `urn:ccm:practice:${practiceId}:user`;
export const CCM_PRACTICE_ID_SYSTEM = 'urn:ccm:practice';

/**
 * A resource id that is the same in every export of the same record: a name-based UUID over where the
 * thing was first recorded (stream id and event id) and what it is. UUIDs fit FHIR's id pattern, which
 * the project's own ids (they may hold `_`) do not, and make `urn:uuid:` full URLs.
 */
export function stableResourceId(...parts: readonly string[]): string {
  const hash = createHash('sha1').update(parts.join('|')).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const fullUrlOf = (resource: Pick<FhirResource, 'id'>): string => `urn:uuid:${resource.id}`;

/** References point at the entry's full URL, which is how a reference resolves inside a Bundle. */
export const referenceTo = (resource: Pick<FhirResource, 'id'>): FhirReference => ({
  reference: fullUrlOf(resource),
});

export const codeable = (system: string, code: string, display?: string) => ({
  coding: [{ system, code, ...(display !== undefined ? { display } : {}) }],
});

/** This system's own codes: the property names the record uses, under the project's code system. */
export const ccmCodeable = (vocabulary: string, code: string, text?: string) => ({
  coding: [{ system: `${SYSTEMS.ccm}:${vocabulary}`, code }],
  ...(text !== undefined ? { text } : {}),
});

export const ccmExtensionUrl = (name: string): string => `${SYSTEMS.ccm}:extension:${name}`;
