import { DR, OTHER_DR, buildFacts, entry, minutesBy } from '../facts-builder';
import { billable } from './eligibility';
import { scenarioGroup } from './scenario';

const newPatient = { isNewToBillingPractitioner: true, lastFaceToFaceVisitWithBillingPractitioner: null };
const completedVisit = {
  status: 'completed' as const,
  date: '2026-03-03',
  code: '99214',
  billingPractitionerId: DR.id,
  ccmDiscussedAndDocumented: true,
};

/** A new patient whose initiating visit on 3 March had `code`, with 25 minutes from the 4th. */
const visitWithCode = (code: string) =>
  buildFacts({
    patient: newPatient,
    initiatingVisit: { ...completedVisit, code },
    timeEntries: minutesBy(25, {}, 4),
  });

/** A patient last seen face to face on `date`, consented on 4 November 2025. */
const lastSeen = (date: string) =>
  buildFacts({
    patient: { lastFaceToFaceVisitWithBillingPractitioner: date },
    consent: { obtainedAt: '2025-11-04T10:20' },
    timeEntries: billable,
  });

/** Initiating visit and G0506 (gate-rules.spec.ts: INIT). */
export const initiatingVisit = scenarioGroup({
  'INIT-1: a new patient without an initiating visit': {
    rules: ['INIT-1'],
    facts: buildFacts({ patient: newPatient, timeEntries: billable }),
    expectedCodes: {},
  },
  'INIT-1: a new patient after a completed initiating visit': {
    rules: ['INIT-1'],
    facts: buildFacts({
      patient: newPatient,
      initiatingVisit: completedVisit,
      timeEntries: minutesBy(25, {}, 4),
    }),
    expectedCodes: { '99490': 1 },
  },
  'INIT-1: last seen one year before consent': {
    rules: ['INIT-1'],
    facts: lastSeen('2024-11-04'),
    expectedCodes: { '99490': 1 },
  },
  'INIT-1: last seen one year and a day before consent': {
    rules: ['INIT-1'],
    facts: lastSeen('2024-11-03'),
    expectedCodes: {},
  },
  'INIT-1: an initiating visit required upstream': {
    rules: ['INIT-1'],
    facts: buildFacts({ initiatingVisit: { required: true }, timeEntries: billable }),
    expectedCodes: {},
  },
  'INIT-2: initiating visit 99211': { rules: ['INIT-2'], facts: visitWithCode('99211'), expectedCodes: {} },
  'INIT-2: initiating visit 99212': {
    rules: ['INIT-2'],
    facts: visitWithCode('99212'),
    expectedCodes: { '99490': 1 },
  },
  'INIT-2: initiating visit 99205': {
    rules: ['INIT-2'],
    facts: visitWithCode('99205'),
    expectedCodes: { '99490': 1 },
  },
  'INIT-2: initiating visit G0438 (AWV)': {
    rules: ['INIT-2'],
    facts: visitWithCode('G0438'),
    expectedCodes: { '99490': 1 },
  },
  'INIT-2: initiating visit G0402 (IPPE)': {
    rules: ['INIT-2'],
    facts: visitWithCode('G0402'),
    expectedCodes: { '99490': 1 },
  },
  'INIT-2: initiating visit 99496 (TCM)': {
    rules: ['INIT-2'],
    facts: visitWithCode('99496'),
    expectedCodes: { '99490': 1 },
  },
  'INIT-2: initiating visit 99495 (TCM; refused only by policy)': {
    rules: ['INIT-2'],
    facts: visitWithCode('99495'),
    expectedCodes: { '99490': 1 },
  },
  'INIT-3: CCM not discussed at the initiating visit': {
    rules: ['INIT-3'],
    facts: buildFacts({
      patient: newPatient,
      initiatingVisit: { ...completedVisit, ccmDiscussedAndDocumented: false },
      timeEntries: billable,
    }),
    expectedCodes: {},
  },
  'INIT-3: face-to-face time at the initiating visit is the visit’s': {
    rules: ['INIT-3', 'TIME-4'],
    facts: buildFacts({
      patient: newPatient,
      initiatingVisit: completedVisit,
      timeEntries: [entry(20, { id: 'v', date: '2026-03-03', faceToFace: true })],
    }),
    expectedCodes: {},
  },
  'INIT-4: an initiating visit by another practitioner': {
    rules: ['INIT-4'],
    facts: buildFacts({
      patient: newPatient,
      initiatingVisit: { ...completedVisit, billingPractitionerId: null, performedBy: OTHER_DR.id },
      timeEntries: billable,
    }),
    expectedCodes: {},
  },
  'INIT-5: G0506 with this month’s initiating visit': {
    rules: ['INIT-5'],
    facts: buildFacts({
      patient: newPatient,
      initiatingVisit: {
        ...completedVisit,
        extensiveAssessmentAndCarePlanningByPractitioner: true,
        g0506PreviouslyBilled: false,
      },
    }),
    expectedCodes: { G0506: 1 },
  },
  'INIT-5: no G0506 for last month’s initiating visit': {
    rules: ['INIT-5'],
    facts: buildFacts({
      initiatingVisit: {
        ...completedVisit,
        date: '2026-02-20',
        extensiveAssessmentAndCarePlanningByPractitioner: true,
      },
    }),
    expectedCodes: {},
  },
  'INIT-5: no G0506 without a care plan': {
    rules: ['INIT-5', 'PLAN-1'],
    facts: buildFacts({
      carePlan: { status: 'none' },
      initiatingVisit: { ...completedVisit, extensiveAssessmentAndCarePlanningByPractitioner: true },
    }),
    expectedCodes: {},
  },
  'INIT-6: G0506 billed before': {
    rules: ['INIT-6'],
    facts: buildFacts({
      consent: { obtainedAt: '2026-03-03T11:00' },
      initiatingVisit: {
        ...completedVisit,
        extensiveAssessmentAndCarePlanningByPractitioner: true,
        g0506PreviouslyBilled: true,
        g0506PreviousDate: '2024-05-01',
      },
    }),
    expectedCodes: {},
  },
});
