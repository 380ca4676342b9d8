import { DR, MA, OTHER_DR, SCHEDULER, buildFacts, entry, minutesBy } from '../facts-builder';
import { scenarioGroup } from './scenario';

/** Whose minutes count, and when (time-rules.spec.ts: TIME-1 to TIME-11, ccm-rules.md §8). */
export const timeCounting = scenarioGroup({
  'TIME-1: minutes of another month': {
    rules: ['TIME-1'],
    facts: buildFacts({
      timeEntries: [entry(15, { id: 'feb', date: '2026-02-27' }), entry(15, { id: 'mar' })],
    }),
    expectedCodes: {},
  },
  'TIME-2: 19 minutes are not 20': {
    rules: ['TIME-2'],
    facts: buildFacts({ timeEntries: minutesBy(19) }),
    expectedCodes: {},
  },
  'TIME-3: non-clinical staff minutes': {
    rules: ['TIME-3'],
    facts: buildFacts({
      timeEntries: [entry(15), entry(10, { id: 'desk', date: '2026-03-11', performer: SCHEDULER })],
    }),
    expectedCodes: {},
  },
  'TIME-3: another practitioner’s minutes': {
    rules: ['TIME-3'],
    facts: buildFacts({
      timeEntries: [entry(15), entry(10, { id: 'dr2', date: '2026-03-11', performer: OTHER_DR })],
    }),
    expectedCodes: {},
  },
  'TIME-4: face-to-face time during a billed E/M visit': {
    rules: ['TIME-4'],
    facts: buildFacts({
      timeEntries: [
        entry(15, { id: 'em', duringBilledEm: '99214' }),
        entry(10, { id: 'f2f', date: '2026-03-12', faceToFace: true }),
        entry(10, { id: 'f2f-no-visit', date: '2026-03-13', faceToFace: true }),
      ],
      otherServicesThisMonth: [{ code: '99213', date: '2026-03-12', practitionerId: DR.id }],
    }),
    expectedCodes: {},
  },
  'TIME-5, TIME-14: any activity text is countable work': {
    rules: ['TIME-5', 'TIME-14'],
    facts: buildFacts({
      timeEntries: [
        entry(10, { activity: 'care_plan_revision' }),
        entry(10, { date: '2026-03-11', activity: 'an unseen label' }),
      ],
    }),
    expectedCodes: { '99490': 1 },
  },
  'TIME-6: the billing practitioner’s minutes on a staff track': {
    rules: ['TIME-6'],
    facts: buildFacts({ timeEntries: [entry(10), entry(10, { date: '2026-03-11', performer: DR })] }),
    expectedCodes: { '99490': 1 },
  },
  'TIME-7: clinical staff minutes toward 99491': {
    rules: ['TIME-7'],
    facts: buildFacts({
      trackPolicy: { preferred: 'ccm_practitioner' },
      timeEntries: [entry(25, { performer: DR }), entry(15, { date: '2026-03-11' })],
    }),
    expectedCodes: {},
  },
  'TIME-8: minutes before the consent minute': {
    rules: ['TIME-8', 'CONS-1'],
    facts: buildFacts({
      consent: { obtainedAt: '2026-03-10T10:05' },
      timeEntries: [entry(30, { id: 'call' })],
    }),
    expectedCodes: { '99490': 1 },
  },
  'TIME-8: minutes under a consent naming another practitioner': {
    rules: ['TIME-8', 'CONS-4'],
    facts: buildFacts({ consent: { billingPractitionerId: OTHER_DR.id }, timeEntries: minutesBy(30) }),
    expectedCodes: {},
  },
  'TIME-9: minutes during an inpatient stay': {
    rules: ['TIME-9'],
    facts: buildFacts({
      patient: {
        inpatientStays: [{ type: 'acute_hospital_inpatient', admit: '2026-03-05', discharge: '2026-03-08' }],
      },
      timeEntries: [
        entry(10, { id: 'admit-day', date: '2026-03-05', start: '23:00' }),
        entry(10, { id: 'discharge-day', date: '2026-03-08', start: '08:00' }),
        entry(10, { id: 'after', date: '2026-03-09', start: '08:00' }),
        entry(20, { id: 'straddle', date: '2026-03-04', start: '23:50' }),
      ],
    }),
    expectedCodes: { '99490': 1 },
  },
  'TIME-9: a stay with no discharge': {
    rules: ['TIME-9'],
    facts: buildFacts({
      patient: { inpatientStays: [{ type: 'snf_inpatient', admit: '2026-03-20', discharge: null }] },
      timeEntries: [entry(20, { date: '2026-03-19' }), entry(20, { id: 'in', date: '2026-03-25' })],
    }),
    expectedCodes: { '99490': 1 },
  },
  'TIME-10: overlapping minutes count once': {
    rules: ['TIME-10'],
    facts: buildFacts({
      timeEntries: [
        entry(15, { id: 'rn', start: '10:00' }),
        entry(15, { id: 'ma', start: '10:05', performer: MA }),
        entry(10, { id: 'same', start: '10:00', performer: MA }),
      ],
    }),
    expectedCodes: { '99490': 1 },
  },
  'TIME-10: overlapping minutes of two people (summed only by policy)': {
    rules: ['TIME-10'],
    facts: buildFacts({
      timeEntries: [entry(15, { start: '10:00' }), entry(15, { start: '10:05', performer: MA })],
    }),
    expectedCodes: { '99490': 1 },
  },
  'TIME-10: CCM and PCM minutes at the same time are separate pools': {
    rules: ['TIME-10'],
    facts: buildFacts({ timeEntries: [entry(20), entry(20, { program: 'PCM' })] }),
    expectedCodes: { '99490': 1 },
  },
  'TIME-11: minutes of several people and days add up': {
    rules: ['TIME-11'],
    facts: buildFacts({
      timeEntries: [
        entry(1, { date: '2026-03-02' }),
        entry(9, { date: '2026-03-03', performer: MA }),
        entry(10, { date: '2026-03-04', performer: DR }),
      ],
    }),
    expectedCodes: { '99490': 1 },
  },
});
