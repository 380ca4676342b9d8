// What each reason code of the billing engine (libs/billing decision.ts) means, for people who bill.

const PLAIN_WORDS = {
  NOT_MEDICARE_PART_B: 'The patient is not covered by Medicare Part B this month.',
  NO_CONSENT: 'No consent to the program is in force.',
  CONSENT_NOT_VALID_FOR_BILLING_PRACTITIONER: 'The consent was given for another billing practitioner.',
  INITIATING_VISIT_REQUIRED: 'An initiating visit is needed before the program can be billed.',
  INITIATING_VISIT_NOT_QUALIFYING: 'The initiating visit does not qualify.',
  G0506_ALREADY_BILLED: 'The add-on for the initiating visit was already billed.',
  CARE_PLAN_MISSING: 'There is no care plan.',
  CARE_PLAN_NOT_ESTABLISHED_BY_PRACTITIONER: 'The care plan was not established by a practitioner.',
  ANOTHER_PRACTITIONER_BILLED_CCM: 'Another practitioner billed care management this month.',
  APCM_BILLED_SAME_MONTH: 'Advanced primary care management was billed the same month.',
  RPM_DEVICE_DAYS_BELOW_MINIMUM: 'Too few days of device readings for remote monitoring.',
  RPM_NO_INTERACTIVE_COMMUNICATION: 'No interactive communication for remote monitoring.',
  RPM_NOT_ESTABLISHED_PATIENT: 'Remote monitoring needs an established patient.',
  RPM_AND_RTM_SAME_PERIOD: 'Remote physiologic and therapeutic monitoring in the same period.',
  TIME_BELOW_THRESHOLD: 'Not enough minutes logged for this code.',
  ADDON_UNIT_CAP_REACHED: 'The add-on code is already billed as many times as allowed.',
  COMPLEX_TIME_BELOW_THRESHOLD: 'Not enough minutes for complex care management.',
  COMPLEX_MDM_NOT_MET: 'Complex care management needs moderate or high medical decision making.',
  INSUFFICIENT_QUALIFYING_CONDITIONS: 'Fewer qualifying chronic conditions than the code needs.',
  CLINICAL_STAFF_TIME_NOT_COUNTABLE_FOR_PRACTITIONER_CODE:
    'Clinical staff time does not count toward a practitioner code.',
  EXCLUDED_BY_CONCURRENT_SERVICE: 'Another service billed this month excludes this code.',
  PCM_AND_CCM_SAME_PRACTITIONER: 'Principal and chronic care management by the same practitioner.',
  MUTUALLY_EXCLUSIVE_TRACK: 'Another track of care management is billed instead.',
  APCM_ADDON_WITHOUT_SAME_PRACTITIONER_BASE: 'The add-on needs its base code by the same practitioner.',
  SUPERSEDED_OR_VOIDED_ENTRY_EXCLUDED: 'A corrected or voided time entry was left out.',
  UNALLOCATED_MULTI_PROGRAM_TIME_EXCLUDED: 'Time shared between programs was not allocated and was left out.',
  TIME_OUTSIDE_SERVICE_MONTH_EXCLUDED: 'Time outside the service month was left out.',
  TIME_COUNTED_FOR_OTHER_SERVICE_EXCLUDED: 'Time already counted for another service was left out.',
  NON_CLINICAL_STAFF_TIME_EXCLUDED: 'Time by non-clinical staff was left out.',
  TIME_BEFORE_CONSENT_EXCLUDED: 'Time before consent was left out.',
  CONSENT_REVOKED_TIME_AFTER_REVOCATION_EXCLUDED: 'Time after consent was withdrawn was left out.',
  INPATIENT_TIME_EXCLUDED: 'Time during an inpatient stay was left out.',
  FACE_TO_FACE_EM_TIME_EXCLUDED: 'Time of a face-to-face visit was left out.',
  UNSUCCESSFUL_OUTREACH_TIME_EXCLUDED: 'An unsuccessful outreach attempt does not count.',
  OVERLAPPING_TIME_COUNTED_ONCE: 'Overlapping time was counted once.',
  REQUIREMENT_NOT_MET: 'A billing requirement is not met.',
};

/** `REASON` or `REASON:ref`, as the worklist and the export give them, in words with what it is about. */
export function inPlainWords(reasonKey) {
  const at = reasonKey.indexOf(':');
  const reason = at < 0 ? reasonKey : reasonKey.slice(0, at);
  const ref = at < 0 ? '' : reasonKey.slice(at + 1);
  const words = PLAIN_WORDS[reason] ?? reason.toLowerCase().replace(/_/g, ' ');
  return ref ? `${words} (${ref})` : words;
}

/** An engine finding `{ reason, ref, rule }`: the words and the rule id that justifies it. */
export function findingInWords(finding) {
  return {
    words: inPlainWords(finding.ref === undefined ? finding.reason : `${finding.reason}:${finding.ref}`),
    rule: finding.rule,
  };
}
