/**
 * The parts of the FHIR R4 resources a panel import reads. Only what is read is typed: the resources
 * are checked against the full R4 definitions (fhir-validation) before any of this is looked at.
 */
export interface Coding {
  readonly system?: string;
  readonly code?: string;
  readonly display?: string;
}
export interface CodeableConcept {
  readonly coding?: readonly Coding[];
  readonly text?: string;
}
export interface Identifier {
  readonly system?: string;
  readonly value?: string;
}
export interface Reference {
  readonly reference?: string;
  readonly identifier?: Identifier;
  readonly display?: string;
}
export interface Period {
  readonly start?: string;
  readonly end?: string;
}

export interface FhirPatient {
  readonly resourceType: 'Patient';
  readonly id?: string;
  readonly identifier?: readonly Identifier[];
  readonly name?: readonly {
    readonly use?: string;
    readonly family?: string;
    readonly given?: readonly string[];
  }[];
  readonly gender?: string;
  readonly birthDate?: string;
}
export interface FhirCondition {
  readonly resourceType: 'Condition';
  readonly subject: Reference;
  readonly code?: CodeableConcept;
  readonly onsetDateTime?: string;
  readonly recordedDate?: string;
  readonly verificationStatus?: CodeableConcept;
}
export interface FhirCoverage {
  readonly resourceType: 'Coverage';
  readonly status: string;
  readonly beneficiary: Reference;
  readonly type?: CodeableConcept;
  readonly payor: readonly Reference[];
  readonly period?: Period;
  readonly class?: readonly {
    readonly type: CodeableConcept;
    readonly value: string;
    readonly name?: string;
  }[];
}
export interface FhirEncounter {
  readonly resourceType: 'Encounter';
  readonly status: string;
  readonly subject?: Reference;
  readonly class: Coding;
  readonly period?: Period;
  readonly participant?: readonly { readonly individual?: Reference }[];
}

export type PanelResource = FhirPatient | FhirCondition | FhirCoverage | FhirEncounter;

export const PANEL_RESOURCE_TYPES = ['Patient', 'Condition', 'Coverage', 'Encounter'] as const;

export const MBI_SYSTEM = 'http://hl7.org/fhir/sid/us-mbi';
export const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';
export const ICD10_CM_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';
/** Source of Payment Typology (PHDSC), the payer type code set US Core's Coverage profile binds. */
export const SOPT_SYSTEM = 'https://nahdo.org/sopt';
