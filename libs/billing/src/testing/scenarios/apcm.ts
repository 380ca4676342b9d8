import { DR, OTHER_DR, buildApcmFacts, buildFacts, minutesBy, rpmBlock } from '../facts-builder';
import { scenarioGroup } from './scenario';

/** A general BHI add-on furnished under the billing practitioner. */
export const behavioralHealth = {
  service: 'general_BHI',
  furnishedUnderPractitioner: DR.id,
  activitiesDocumented: ['care_plan_bh_goals'],
};

/** The BH add-on track without an APCM base of our own. */
const addonOnly = () => buildFacts({ trackPolicy: { preferred: 'apcm_bh_addon' }, behavioralHealth });

const lastSeen = (date: string) =>
  buildApcmFacts({ patient: { lastFaceToFaceVisitWithBillingPractitioner: date } });

/** Advanced primary care management (rpm-apcm-rules.spec.ts: APCM). */
export const apcm = scenarioGroup({
  'APCM-1: two conditions bill G0557': {
    rules: ['APCM-1', 'APCM-9'],
    facts: buildApcmFacts(),
    expectedCodes: { G0557: 1 },
  },
  'APCM-1: two conditions and QMB bill G0558': {
    rules: ['APCM-1', 'APCM-7'],
    facts: buildApcmFacts({ payer: { qmb: true } }),
    expectedCodes: { G0558: 1 },
  },
  'APCM-1: one condition bills G0556': {
    rules: ['APCM-1'],
    facts: buildApcmFacts({ patient: { qualifyingChronicConditionCount: 1 } }),
    expectedCodes: { G0556: 1 },
  },
  'APCM-1: no APCM before 2025': {
    rules: ['APCM-1'],
    facts: buildApcmFacts({
      serviceMonth: '2024-06',
      consent: { obtainedAt: '2024-01-04T10:00' },
      patient: { lastFaceToFaceVisitWithBillingPractitioner: '2024-01-04' },
    }),
    expectedCodes: {},
  },
  'APCM-2: a practitioner not responsible for all primary care': {
    rules: ['APCM-2'],
    facts: buildApcmFacts({
      apcm: { practitionerResponsibleForAllPrimaryCare: false, serviceElementsInPlace: true },
    }),
    expectedCodes: {},
  },
  'APCM-2: another practitioner’s APCM this month': {
    rules: ['APCM-2'],
    facts: buildApcmFacts({
      otherPractitionerClaimsThisMonth: [{ practitionerId: OTHER_DR.id, code: 'G0557' }],
    }),
    expectedCodes: {},
  },
  'APCM-3: APCM without consent': {
    rules: ['APCM-3'],
    facts: buildApcmFacts({ consent: { status: 'none' } }),
    expectedCodes: {},
  },
  'APCM-4: last seen inside the three-year look-back': {
    rules: ['APCM-4'],
    facts: lastSeen('2023-06-01'),
    expectedCodes: { G0557: 1 },
  },
  'APCM-4: last seen before the three-year look-back': {
    rules: ['APCM-4'],
    facts: lastSeen('2022-11-03'),
    expectedCodes: {},
  },
  'APCM-5, EXCL-3: CCM time and an attempted CCM line beside APCM': {
    rules: ['APCM-5', 'EXCL-3'],
    facts: buildApcmFacts({ timeEntries: minutesBy(40), attemptedClaimLines: ['99490'] }),
    expectedCodes: { G0557: 1 },
  },
  'APCM-6: RPM beside APCM': {
    rules: ['APCM-6'],
    facts: buildApcmFacts({ rpm: rpmBlock(20) }),
    expectedCodes: { G0557: 1, '99454': 1 },
  },
  'APCM-8: the BH add-on with our APCM base': {
    rules: ['APCM-8'],
    facts: buildApcmFacts({ behavioralHealth }),
    expectedCodes: { G0557: 1, G0570: 1 },
  },
  'APCM-8: the BH add-on alone': {
    rules: ['APCM-8'],
    facts: addonOnly(),
    expectedCodes: {},
  },
  'APCM-8: the BH add-on with our APCM base billed elsewhere this month': {
    rules: ['APCM-8'],
    facts: { ...addonOnly(), otherServicesThisMonth: [{ code: 'G0557', practitionerId: DR.id }] },
    expectedCodes: { G0570: 1 },
  },
  'APCM-8: the BH add-on with another practitioner’s APCM base': {
    rules: ['APCM-8'],
    facts: { ...addonOnly(), otherServicesThisMonth: [{ code: 'G0557', practitionerId: OTHER_DR.id }] },
    expectedCodes: {},
  },
  'APCM-8: the BH add-on beside standalone BHI 99484': {
    rules: ['APCM-8'],
    facts: buildApcmFacts({
      behavioralHealth,
      otherServicesThisMonth: [{ code: '99484', practitionerId: OTHER_DR.id }],
    }),
    expectedCodes: { G0557: 1 },
  },
  'APCM-8: the BH add-on furnished under another practitioner': {
    rules: ['APCM-8'],
    facts: buildApcmFacts({
      behavioralHealth: { ...behavioralHealth, furnishedUnderPractitioner: OTHER_DR.id },
    }),
    expectedCodes: { G0557: 1 },
  },
});
