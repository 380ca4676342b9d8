import { OTHER_DR, buildFacts, entry } from '../facts-builder';
import { billable } from './eligibility';
import { scenarioGroup } from './scenario';

/** Consent (gate-rules.spec.ts: CONS). */
export const consent = scenarioGroup({
  'CONS-1: no consent on file': {
    rules: ['CONS-1'],
    facts: buildFacts({ consent: { status: 'none', obtainedAt: null }, timeEntries: billable }),
    expectedCodes: {},
  },
  'CONS-1: minutes before the consent timestamp': {
    rules: ['CONS-1'],
    facts: buildFacts({
      consent: { obtainedAt: '2026-03-15T10:00' },
      timeEntries: [
        entry(20, { id: 'early', date: '2026-03-15', start: '09:30' }),
        entry(22, { id: 'late', date: '2026-03-20' }),
      ],
    }),
    expectedCodes: { '99490': 1 },
  },
  'CONS-1: consent obtained after the service month': {
    rules: ['CONS-1'],
    facts: buildFacts({ consent: { obtainedAt: '2026-04-02T09:00' }, timeEntries: billable }),
    expectedCodes: {},
  },
  'CONS-2: a required element not explained': {
    rules: ['CONS-2'],
    facts: buildFacts({
      consent: { elementsExplained: ['availability_and_scope', 'cost_sharing'] },
      timeEntries: billable,
    }),
    expectedCodes: {},
  },
  'CONS-2: consent declined': {
    rules: ['CONS-2'],
    facts: buildFacts({ consent: { accepted: false }, timeEntries: billable }),
    expectedCodes: {},
  },
  'CONS-3: verbal consent by phone': {
    rules: ['CONS-3'],
    facts: buildFacts({ consent: { method: 'verbal_by_phone' }, timeEntries: billable }),
    expectedCodes: { '99490': 1 },
  },
  'CONS-3: consent not documented in the record': {
    rules: ['CONS-3'],
    facts: buildFacts({ consent: { documentedInRecord: false }, timeEntries: billable }),
    expectedCodes: {},
  },
  'CONS-4: a consent naming another practitioner': {
    rules: ['CONS-4'],
    facts: buildFacts({ consent: { billingPractitionerId: OTHER_DR.id }, timeEntries: billable }),
    expectedCodes: {},
  },
  'CONS-5: a consent obtained three years earlier': {
    rules: ['CONS-5'],
    facts: buildFacts({ consent: { obtainedAt: '2023-01-10T09:00' }, timeEntries: billable }),
    expectedCodes: { '99490': 1 },
  },
  'CONS-6: revoked inside the month': {
    rules: ['CONS-6'],
    facts: buildFacts({
      consent: { status: 'revoked', revokedAt: '2026-03-20T12:00' },
      timeEntries: billable,
    }),
    expectedCodes: { '99490': 1 },
  },
  'CONS-6: revoked before the month': {
    rules: ['CONS-6'],
    facts: buildFacts({
      consent: { status: 'revoked', revokedAt: '2026-02-27T12:00' },
      timeEntries: billable,
    }),
    expectedCodes: {},
  },
  'CONS-7: minutes after the revocation timestamp': {
    rules: ['CONS-7'],
    facts: buildFacts({
      consent: { status: 'revoked', revokedAt: '2026-03-20T12:10' },
      timeEntries: [
        entry(15, { date: '2026-03-19' }),
        entry(20, { id: 'late', date: '2026-03-20', start: '12:00' }),
      ],
    }),
    expectedCodes: { '99490': 1 },
  },
  'CONS-10: a CCM consent on the APCM track': {
    rules: ['CONS-10'],
    facts: buildFacts({
      trackPolicy: { preferred: 'apcm' },
      apcm: { practitionerResponsibleForAllPrimaryCare: true, serviceElementsInPlace: true },
    }),
    expectedCodes: {},
  },
});
