/**
 * Facts billing-facts.md requires that the events may not record for a given month. Each month document
 * lists the paths it filled this way (`billing.assumed`), so a reviewer sees which parts of a decision
 * rest on a default rather than on a recorded event.
 */
export const FACT_DEFAULTS = {
  payer: {
    value: { type: 'medicare_part_b', qmb: false },
    why: 'No PayerCoverageRecorded in force for the month: Original Medicare Part B without QMB status.',
  },
  'patient.inpatientStays': {
    value: [],
    why: 'No InpatientStayRecorded overlaps the month: no stay is assumed (TIME-9 excludes nothing).',
  },
  'carePlan.activityThisMonth': {
    value: 'monitored',
    why: 'No CarePlanReviewed in the month: monitored when the plan was in force and CCM or PCM time was logged in it; established, revised and reviews come from events.',
  },
  trackPolicy: {
    value: { preferred: 'ccm_noncomplex_staff', fallback: null },
    why: 'No TrackPolicySet in force for the month (SEL-5): non-complex staff CCM, no fallback.',
  },
  mdmThisMonth: {
    value: 'low',
    why: 'No MedicalDecisionMakingRecorded for the month; low never qualifies complex CCM (CODE-3).',
  },
  otherServicesThisMonth: {
    value: [],
    why: 'No OtherServiceRecorded in the month: only initiating visits of the month are listed.',
  },
  otherPractitionerClaimsThisMonth: {
    value: [],
    why: 'No OtherPractitionerClaimRecorded for the month (PRAC-4).',
  },
  'initiatingVisit.g0506PreviouslyBilled': {
    value: false,
    why: 'No earlier ClaimSubmitted includes G0506 and no OtherServiceRecorded with G0506 is dated before the month.',
  },
  'rpm.setupAndEducationBilledPreviously': {
    value: false,
    why: 'No ClaimSubmitted for an earlier month of this RPM episode includes 99453 and no OtherServiceRecorded with 99453 is dated in the episode before the month (RPM-6).',
  },
} as const;

export type DefaultedFact = keyof typeof FACT_DEFAULTS;
