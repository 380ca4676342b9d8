import type { MdmLevel, Track } from '@ccm/billing';
import type { LocalDate } from '../shared/local-time';

/** The billing facts format's own vocabulary (billing-facts.md §2), recorded as it is. */
export { MDM_LEVELS, TRACKS, type MdmLevel, type Track } from '@ccm/billing';

/** Facts the billing rules read that are neither consent, care plan nor time (billing-facts.md §2). */

export const PAYER_TYPES = [
  'medicare_part_b',
  'medicare_advantage',
  'medicaid',
  'commercial',
  'self_pay',
] as const;
export type PayerType = (typeof PAYER_TYPES)[number];

export const INPATIENT_STAY_TYPES = ['acute_hospital_inpatient', 'skilled_nursing_facility'] as const;

export interface InpatientStay {
  readonly stayId: string;
  readonly stayType: (typeof INPATIENT_STAY_TYPES)[number];
  readonly admit: LocalDate;
  /** Null while the patient is still in. */
  readonly discharge: LocalDate | null;
}

export type BillingFactsEvent =
  | {
      /** CODE-3: complex CCM needs moderate or high MDM by the billing practitioner in the month. */
      readonly type: 'MedicalDecisionMakingRecorded';
      readonly data: {
        readonly serviceMonth: string;
        readonly level: MdmLevel;
        readonly practitionerId: string;
      };
    }
  | {
      /** ELIG-4, PAY-4: coverage from a month on, until the next record. */
      readonly type: 'PayerCoverageRecorded';
      readonly data: {
        readonly fromMonth: string;
        readonly payerType: PayerType;
        readonly qmb: boolean;
        readonly medicaid?: string;
      };
    }
  | {
      /** SEL-4, SEL-5: the documented, attributable choice of track, from a month on. */
      readonly type: 'TrackPolicySet';
      readonly data: {
        readonly fromMonth: string;
        readonly preferred: Track;
        readonly fallback: Track | null;
        readonly reason: string;
      };
    }
  | {
      /** TIME-9: minutes on these dates do not count. */
      readonly type: 'InpatientStayRecorded';
      readonly data: InpatientStay;
    }
  | {
      /** EXCL-1..3: a service billed in the month that may exclude or limit CCM. */
      readonly type: 'OtherServiceRecorded';
      readonly data: {
        readonly serviceId: string;
        readonly code: string;
        readonly date: LocalDate;
        readonly practitionerId: string;
        readonly servicePeriod?: string;
      };
    }
  | {
      /** PRAC-4, EXCL-5: another practitioner's claim learnt from remittance or eligibility data. */
      readonly type: 'OtherPractitionerClaimRecorded';
      readonly data: {
        readonly claimId: string;
        readonly practitionerId: string;
        readonly code: string;
        readonly serviceMonth: string;
        readonly status: string;
      };
    };
