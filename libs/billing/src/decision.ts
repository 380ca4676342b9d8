/** The engine's output, keys in the order of billing-facts.md §4. */

export const REASON_CODES = [
  // whole month (no ref)
  'NOT_MEDICARE_PART_B',
  'NO_CONSENT',
  'CONSENT_NOT_VALID_FOR_BILLING_PRACTITIONER',
  'INITIATING_VISIT_REQUIRED',
  'INITIATING_VISIT_NOT_QUALIFYING',
  'G0506_ALREADY_BILLED',
  'CARE_PLAN_MISSING',
  'CARE_PLAN_NOT_ESTABLISHED_BY_PRACTITIONER',
  'ANOTHER_PRACTITIONER_BILLED_CCM',
  'APCM_BILLED_SAME_MONTH',
  'RPM_DEVICE_DAYS_BELOW_MINIMUM',
  'RPM_NO_INTERACTIVE_COMMUNICATION',
  'RPM_NOT_ESTABLISHED_PATIENT',
  'RPM_AND_RTM_SAME_PERIOD',
  // ref = code
  'TIME_BELOW_THRESHOLD',
  'ADDON_UNIT_CAP_REACHED',
  'COMPLEX_TIME_BELOW_THRESHOLD',
  'COMPLEX_MDM_NOT_MET',
  'INSUFFICIENT_QUALIFYING_CONDITIONS',
  'CLINICAL_STAFF_TIME_NOT_COUNTABLE_FOR_PRACTITIONER_CODE',
  'EXCLUDED_BY_CONCURRENT_SERVICE',
  'PCM_AND_CCM_SAME_PRACTITIONER',
  'MUTUALLY_EXCLUSIVE_TRACK',
  'APCM_ADDON_WITHOUT_SAME_PRACTITIONER_BASE',
  // ref = entry
  'SUPERSEDED_OR_VOIDED_ENTRY_EXCLUDED',
  'UNALLOCATED_MULTI_PROGRAM_TIME_EXCLUDED',
  'TIME_OUTSIDE_SERVICE_MONTH_EXCLUDED',
  'TIME_COUNTED_FOR_OTHER_SERVICE_EXCLUDED',
  'NON_CLINICAL_STAFF_TIME_EXCLUDED',
  'TIME_BEFORE_CONSENT_EXCLUDED',
  'CONSENT_REVOKED_TIME_AFTER_REVOCATION_EXCLUDED',
  'INPATIENT_TIME_EXCLUDED',
  'FACE_TO_FACE_EM_TIME_EXCLUDED',
  'UNSUCCESSFUL_OUTREACH_TIME_EXCLUDED',
  'OVERLAPPING_TIME_COUNTED_ONCE',
  // engine extension: a requirement without a code of its own (ref = fact path, entry id or code)
  'REQUIREMENT_NOT_MET',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface NotBillable {
  reason: ReasonCode;
  /** Blocked code, excluded entry id (`e1` or `e1(5 of 30 minutes)`), or fact path; absent for whole-month reasons. */
  ref?: string;
  /** The ccm-rules.md rule id that justifies it. */
  rule: string;
}

export interface BilledCode {
  code: string;
  units: number;
}

export interface CountedMinutes {
  staff: number;
  practitioner: number;
  pcmStaff: number;
  pcmPractitioner: number;
  rpm: number;
}

export type PoolName = keyof CountedMinutes;
export const POOL_NAMES: readonly PoolName[] = [
  'staff',
  'practitioner',
  'pcmStaff',
  'pcmPractitioner',
  'rpm',
];

export interface BillingDecision {
  serviceMonth: string;
  ruleSet: string;
  codes: BilledCode[];
  notBillable: NotBillable[];
  countedMinutes: CountedMinutes;
  patientCostSharingBillable: boolean;
  /** Date the billed base code's threshold was met (CLAIM-1); null = month-end release (CLAIM-3). */
  thresholdReachedOn: string | null;
  /** Readable steps, each starting with its rule id. */
  trace: string[];
}

/** `REASON` or `REASON:ref`, the form the worked examples use. */
export function reasonKey(item: NotBillable): string {
  return item.ref === undefined ? item.reason : `${item.reason}:${item.ref}`;
}
