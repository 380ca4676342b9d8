import type { AdministrativeSex, PersonName } from '../demographics/demographics.events';
import type { LocalDate, LocalDateTime } from '../shared/local-time';

/**
 * A candidate is someone on the practice's EHR panel who may be eligible for CCM but is not a patient
 * yet: a patient stream starts with PatientEnrolled, which needs a billing practitioner, a care team and
 * attested conditions, none of which a panel import can know. Candidates therefore live on streams of
 * their own, `ccm.candidate.{practiceId}.{candidateId}` (shared/ids.ts).
 */
export const CANDIDATE_SOURCES = ['fhir', 'csv'] as const;
export type CandidateSource = (typeof CANDIDATE_SOURCES)[number];

export const COVERAGE_KINDS = ['medicare_part_b', 'medicare_advantage', 'other'] as const;
export type CoverageKind = (typeof COVERAGE_KINDS)[number];

export interface CandidateCondition {
  /** ICD-10-CM code with its dot, upper case (`E11.9`). */
  readonly icd10: string;
  readonly onsetDate?: LocalDate;
  readonly recordedDate?: LocalDate;
}

export interface CandidateCoverage {
  readonly kind: CoverageKind;
  readonly start?: LocalDate;
  readonly end?: LocalDate;
}

export interface CandidateEncounter {
  readonly date: LocalDate;
  /** The practitioner seen, by NPI; absent when the EHR did not say. */
  readonly practitionerNpi?: string;
  /** The EHR's own word for the visit (`AMB`, `office visit`), kept as given. */
  readonly kind?: string;
}

/** What an import knows of a candidate: the content compared when the same candidate comes again. */
export interface CandidateProfile {
  readonly source: CandidateSource;
  /** The EHR's Patient id. */
  readonly sourceId?: string;
  readonly name: PersonName;
  readonly dateOfBirth: LocalDate;
  readonly sex: AdministrativeSex;
  /** Medicare Beneficiary Identifier, stored canonical (demographics/mbi.ts). */
  readonly mbi?: string;
  readonly conditions: readonly CandidateCondition[];
  readonly coverages: readonly CandidateCoverage[];
  readonly encounters: readonly CandidateEncounter[];
}

export const OUTREACH_CHANNELS = ['phone', 'mail', 'portal', 'in_person'] as const;
export type OutreachChannel = (typeof OUTREACH_CHANNELS)[number];
export const OUTREACH_PURPOSES = ['enrolment', 'follow_up'] as const;
export type OutreachPurpose = (typeof OUTREACH_PURPOSES)[number];
export const OUTREACH_OUTCOMES = [
  'reached',
  'no_answer',
  'left_message',
  'wrong_number',
  'declined',
] as const;
export type OutreachOutcome = (typeof OUTREACH_OUTCOMES)[number];

export interface OutreachAttempt {
  readonly attemptId: string;
  /** Practice-local business time; may be in the past. */
  readonly attemptedAt: LocalDateTime;
  readonly channel: OutreachChannel;
  readonly purpose: OutreachPurpose;
  readonly outcome: OutreachOutcome;
}

export type CandidateEvent =
  | {
      readonly type: 'CandidateIdentified';
      readonly data: CandidateProfile & {
        readonly candidateId: string;
        readonly practiceId: string;
        readonly identifiedOn: LocalDate;
        readonly identifiedBy: string;
      };
    }
  | {
      /** A later import with other content: the whole profile as now known replaces the previous one. */
      readonly type: 'CandidateUpdated';
      readonly data: CandidateProfile & { readonly updatedOn: LocalDate; readonly updatedBy: string };
    }
  | { readonly type: 'OutreachAttempted'; readonly data: OutreachAttempt & { readonly recordedBy: string } }
  | {
      /** Links the candidate to the patient stream `ccm.patient.{practiceId}.{patientId}`. */
      readonly type: 'CandidateEnrolled';
      readonly data: {
        readonly patientId: string;
        readonly enrolledOn: LocalDate;
        readonly recordedBy: string;
      };
    };

export const CANDIDATE_EVENT_TYPES = [
  'CandidateIdentified',
  'CandidateUpdated',
  'OutreachAttempted',
  'CandidateEnrolled',
] as const satisfies readonly CandidateEvent['type'][];

export type IdentifiedCandidate = CandidateProfile & {
  readonly status: 'identified';
  /** Revision of the last event folded (-1 before any). */
  readonly version: number;
  readonly candidateId: string;
  readonly practiceId: string;
  readonly identifiedOn: LocalDate;
  /** When the profile last changed (the identification or the latest update). */
  readonly profileOn: LocalDate;
  readonly updates: number;
  readonly outreach: readonly OutreachAttempt[];
  readonly enrolment?: { readonly patientId: string; readonly enrolledOn: LocalDate };
};

export type CandidateState = { readonly status: 'unknown'; readonly version: number } | IdentifiedCandidate;

export const initialCandidateState: CandidateState = { status: 'unknown', version: -1 };
