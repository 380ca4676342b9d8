import type { LocalDate } from '../shared/local-time';

/** Administrative sex as FHIR's `AdministrativeGender` has it. */
export const ADMINISTRATIVE_SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type AdministrativeSex = (typeof ADMINISTRATIVE_SEXES)[number];

export interface PersonName {
  /** Given names in order (first, then middle names); at least one. */
  readonly given: readonly string[];
  readonly family: string;
}

export interface PostalAddress {
  /** Street lines, in order; one to three. */
  readonly lines: readonly string[];
  readonly city: string;
  /** USPS two-letter code: a state, DC, a territory or a military post (AA, AE, AP). */
  readonly state: string;
  /** ZIP code, digits only: 5, or 9 for ZIP+4. */
  readonly postalCode: string;
}

/**
 * Who the patient is, as the EHR and the payer know them. Stored canonical: MBI upper case without
 * dashes, phone as its 10 digits, ZIP code as digits. The date of birth here supersedes the one on
 * `PatientEnrolled` for every reader (see patient-state `dateOfBirth`).
 */
export interface Demographics {
  readonly name: PersonName;
  readonly dateOfBirth: LocalDate;
  readonly sex: AdministrativeSex;
  /** Medicare Beneficiary Identifier (see mbi.ts). */
  readonly mbi: string;
  readonly address: PostalAddress;
  /** A US (NANP) number: 10 digits. */
  readonly phone: string;
}

export const DEMOGRAPHIC_FIELDS = ['name', 'dateOfBirth', 'sex', 'mbi', 'address', 'phone'] as const;
export type DemographicField = (typeof DEMOGRAPHIC_FIELDS)[number];

export type DemographicsEvent =
  | {
      /** Recorded once per patient; later changes are corrections. */
      readonly type: 'DemographicsRecorded';
      readonly data: Demographics & { readonly recordedBy: string };
    }
  | {
      /** The fields given replace the current ones; the fields absent stay as they were. */
      readonly type: 'DemographicsCorrected';
      readonly data: Partial<Demographics> & {
        readonly correctionId: string;
        readonly reason: string;
        readonly correctedBy: string;
      };
    };

/** The current demographics (corrections applied) and the revision of their last change. */
export interface DemographicsState extends Demographics {
  readonly recordedAtRevision: number;
  readonly atRevision: number;
  readonly corrections: number;
}

/** The fields an event sets, in a stable order: what a timeline or an audit line may name. */
export const fieldsOf = (data: Partial<Demographics>): DemographicField[] =>
  DEMOGRAPHIC_FIELDS.filter((field) => data[field] !== undefined);
