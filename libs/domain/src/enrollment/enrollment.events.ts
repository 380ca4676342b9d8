import type { LocalDate } from '../shared/local-time';

/** Clinician's attestation of a chronic condition (ELIG-1..3: expected duration and significant risk). */
export interface ChronicCondition {
  readonly icd10: string;
  readonly description: string;
  readonly expectedDuration: '12_months_or_more' | 'under_12_months';
  readonly significantRisk: boolean;
  readonly attestedBy: string;
  readonly attestedOn: LocalDate;
}

/** PCM-1: the practitioner's attestation that one condition warrants principal care management. */
export interface PcmConditionAttestation {
  readonly icd10: string;
  readonly attestedOn: LocalDate;
  readonly attestedBy: string;
  readonly expectedDurationMonthsAtLeast: number;
  readonly riskOfHospitalizationOrDecline: boolean;
  readonly frequentMedicationAdjustment: boolean;
  readonly ongoingCoordinationNeeded: boolean;
}

export type EnrollmentEvent =
  | {
      readonly type: 'PatientEnrolled';
      readonly data: {
        readonly patientId: string;
        readonly practiceId: string;
        readonly dateOfBirth: LocalDate;
        readonly billingPractitionerId: string;
        readonly conditions: readonly ChronicCondition[];
        readonly careTeam: readonly string[];
        readonly enrolledOn: LocalDate;
      };
    }
  | { readonly type: 'ConditionAdded'; readonly data: { readonly condition: ChronicCondition } }
  | {
      readonly type: 'ConditionResolved';
      readonly data: {
        readonly icd10: string;
        readonly resolvedOn: LocalDate;
        readonly reason: string;
        readonly resolvedBy: string;
      };
    }
  | {
      readonly type: 'BillingPractitionerChanged';
      readonly data: {
        readonly from: string;
        readonly to: string;
        readonly effectiveOn: LocalDate;
        readonly reason: string;
      };
    }
  | { readonly type: 'PcmConditionAttested'; readonly data: PcmConditionAttestation };
