import { buildFacts, entry } from '../facts-builder';
import { scenarioGroup } from './scenario';

/** What is left out of the count (time-rules.spec.ts: TIME-12 to TIME-18, filter order). */
export const timeFilters = scenarioGroup({
  'TIME-12: unsuccessful outreach, and work without patient contact': {
    rules: ['TIME-12'],
    facts: buildFacts({
      timeEntries: [
        entry(5, { id: 'vm', outcome: 'unsuccessful' }),
        entry(5, { id: 'noanswer', date: '2026-03-11', patientContact: false }),
        entry(20, { id: 'review', date: '2026-03-12', activity: 'record_review' }),
      ],
    }),
    expectedCodes: { '99490': 1 },
  },
  'TIME-12: unsuccessful outreach alone (counted only by policy)': {
    rules: ['TIME-12'],
    facts: buildFacts({ timeEntries: [entry(20, { outcome: 'unsuccessful' })] }),
    expectedCodes: {},
  },
  'TIME-13: prior authorization': {
    rules: ['TIME-13'],
    facts: buildFacts({ timeEntries: [entry(20, { id: 'pa', activity: 'prior_authorization' })] }),
    expectedCodes: {},
  },
  'TIME-15: entries straddling both month ends': {
    rules: ['TIME-15'],
    facts: buildFacts({
      timeEntries: [
        entry(30, { id: 'into', date: '2026-02-28', start: '23:50', endsAt: '2026-03-01T00:20' }),
        entry(30, { id: 'out', date: '2026-03-31', start: '23:50', endsAt: '2026-04-01T00:20' }),
      ],
    }),
    expectedCodes: { '99490': 1 },
  },
  'TIME-15: an entry into the next month (kept whole only by policy)': {
    rules: ['TIME-15'],
    facts: buildFacts({ timeEntries: [entry(30, { date: '2026-03-31', start: '23:50' })] }),
    expectedCodes: {},
  },
  'TIME-16: superseded and voided entries': {
    rules: ['TIME-16'],
    facts: buildFacts({
      timeEntries: [
        entry(30, { id: 'orig', status: 'superseded', supersededBy: 'fix' }),
        entry(20, { id: 'fix', supersedes: 'orig' }),
        entry(30, { id: 'void', date: '2026-03-12', status: 'voided', voidReason: 'wrong patient' }),
        entry(30, { id: 'stale', date: '2026-03-13' }),
        entry(5, { id: 'fix2', date: '2026-03-13', start: '12:00', supersedes: 'stale' }),
      ],
    }),
    expectedCodes: { '99490': 1 },
  },
  'TIME-17: an endsAt that disagrees with the minutes': {
    rules: ['TIME-17'],
    facts: buildFacts({ timeEntries: [entry(20, { id: 'x', endsAt: '2026-03-10T11:00' })] }),
    expectedCodes: { '99490': 1 },
  },
  'TIME-18: entries tagged to several programs, and to another service': {
    rules: ['TIME-18'],
    facts: buildFacts({
      timeEntries: [
        entry(20, { id: 'both', program: ['CCM', 'RPM'] }),
        entry(20, { id: 'tcm', date: '2026-03-11', program: 'TCM' }),
        entry(20, { id: 'one', date: '2026-03-12', program: ['CCM'] }),
      ],
    }),
    expectedCodes: { '99490': 1 },
  },
  'TIME-18: RPM minutes without an RPM enrolment': {
    rules: ['TIME-18'],
    facts: buildFacts({ timeEntries: [entry(20, { id: 'r', program: 'RPM' })] }),
    expectedCodes: {},
  },
  'TIME-1, CONS-1, TIME-12: filters apply in order, first match wins per minute': {
    rules: ['TIME-1', 'TIME-15', 'CONS-1', 'TIME-12'],
    facts: buildFacts({
      consent: { obtainedAt: '2026-03-01T00:10' },
      timeEntries: [entry(30, { id: 'e', date: '2026-02-28', start: '23:50', outcome: 'unsuccessful' })],
    }),
    expectedCodes: {},
  },
});
