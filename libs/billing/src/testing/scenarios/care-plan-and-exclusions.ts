import { DR, OTHER_DR, buildFacts, buildPcmFacts, entry, minutesBy } from '../facts-builder';
import { billable } from './eligibility';
import { scenarioGroup } from './scenario';

/** Care plan, and services that exclude or limit CCM (gate-rules.spec.ts: PLAN, EXCL, APCM-10). */
export const carePlanAndExclusions = scenarioGroup({
  'PLAN-1: no care plan': {
    rules: ['PLAN-1'],
    facts: buildFacts({ carePlan: { status: 'none' }, timeEntries: billable }),
    expectedCodes: {},
  },
  'PLAN-1: no care-plan activity this month': {
    rules: ['PLAN-1'],
    facts: buildFacts({ carePlan: { activityThisMonth: null }, timeEntries: billable }),
    expectedCodes: {},
  },
  'PLAN-3, PLAN-4: a paper plan the patient has no copy of': {
    rules: ['PLAN-3', 'PLAN-4'],
    facts: buildFacts({ carePlan: { electronic: false, copyGivenToPatient: false }, timeEntries: billable }),
    expectedCodes: {},
  },
  'PLAN-5: a draft care plan': {
    rules: ['PLAN-5'],
    facts: buildFacts({ carePlan: { status: 'draft' }, timeEntries: billable }),
    expectedCodes: {},
  },
  'PLAN-5: an unsigned care plan': {
    rules: ['PLAN-5'],
    facts: buildFacts({ carePlan: { establishedOrSignedBy: null }, timeEntries: billable }),
    expectedCodes: {},
  },
  'PLAN-5: a care plan signed by another practitioner': {
    rules: ['PLAN-5'],
    facts: buildFacts({ carePlan: { establishedOrSignedBy: OTHER_DR.id }, timeEntries: billable }),
    expectedCodes: { '99490': 1 },
  },
  'gates: a consent for another practitioner and a draft plan both reported': {
    rules: ['CONS-4', 'PLAN-5'],
    facts: buildFacts({
      consent: { billingPractitionerId: OTHER_DR.id },
      carePlan: { status: 'draft' },
      timeEntries: billable,
    }),
    expectedCodes: {},
  },
  'EXCL-1: dialysis 90960 by the same practitioner': {
    rules: ['EXCL-1'],
    facts: buildFacts({
      otherServicesThisMonth: [{ code: '90960', practitionerId: DR.id }],
      timeEntries: billable,
    }),
    expectedCodes: {},
  },
  'EXCL-1: home health G0181 by another practitioner': {
    rules: ['EXCL-1'],
    facts: buildFacts({
      otherServicesThisMonth: [{ code: 'G0181', practitionerId: OTHER_DR.id }],
      timeEntries: billable,
    }),
    expectedCodes: { '99490': 1 },
  },
  'EXCL-2: TCM in the month, TCM minutes stay with TCM': {
    rules: ['EXCL-2'],
    facts: buildFacts({
      otherServicesThisMonth: [{ code: '99496', practitionerId: DR.id, date: '2026-03-02' }],
      timeEntries: [...billable, entry(30, { id: 'tcm', date: '2026-03-20', program: 'TCM' })],
    }),
    expectedCodes: { '99490': 1 },
  },
  'EXCL-3: APCM G0557 by the same practitioner': {
    rules: ['EXCL-3'],
    facts: buildFacts({
      otherServicesThisMonth: [{ code: 'G0557', practitionerId: DR.id }],
      timeEntries: billable,
    }),
    expectedCodes: {},
  },
  'APCM-10: an APCM claim by another practitioner': {
    rules: ['APCM-10'],
    facts: buildFacts({
      otherPractitionerClaimsThisMonth: [{ practitionerId: OTHER_DR.id, code: 'G0556' }],
      timeEntries: billable,
    }),
    expectedCodes: {},
  },
  'EXCL-6: complex CCM beside a same-practitioner 99358': {
    rules: ['EXCL-6'],
    facts: buildFacts({
      trackPolicy: { preferred: 'ccm_complex_staff' },
      mdmThisMonth: 'moderate',
      otherServicesThisMonth: [{ code: '99358', practitionerId: DR.id }],
      timeEntries: minutesBy(60),
    }),
    expectedCodes: { '99487': 1 },
  },
  'EXCL-7: our CCM beside another practitioner’s PCM': {
    rules: ['EXCL-7'],
    facts: buildFacts({
      otherPractitionerClaimsThisMonth: [{ practitionerId: OTHER_DR.id, code: '99424' }],
      timeEntries: billable,
    }),
    expectedCodes: { '99490': 1 },
  },
  'EXCL-7: our PCM beside another practitioner’s CCM': {
    rules: ['EXCL-7'],
    facts: buildPcmFacts({
      otherPractitionerClaimsThisMonth: [{ practitionerId: OTHER_DR.id, code: '99490' }],
      timeEntries: minutesBy(30, { program: 'PCM' }),
    }),
    expectedCodes: { '99426': 1 },
  },
  'EXCL-8: PCM beside a same-practitioner BHI 99484': {
    rules: ['EXCL-8'],
    facts: buildPcmFacts({
      otherServicesThisMonth: [{ code: '99484', practitionerId: DR.id }],
      timeEntries: minutesBy(30, { program: 'PCM' }),
    }),
    expectedCodes: { '99426': 1 },
  },
});
