import { DR, OTHER_DR, buildFacts, buildPcmFacts, minutesBy, rpmBlock } from '../facts-builder';
import { scenarioGroup } from './scenario';

/** 25 clinical staff minutes: enough for 99490 when every gate passes. */
export const billable = minutesBy(25);

/** Eligibility, payer and billing practitioner (gate-rules.spec.ts: ELIG, PAY, PRAC, EXCL-5, EXCL-9). */
export const eligibility = scenarioGroup({
  'ELIG-1: one qualifying condition and no consent': {
    rules: ['ELIG-1'],
    facts: buildFacts({
      patient: {
        qualifyingChronicConditionCount: 1,
        chronicConditions: [{ expectedDuration: '12_months_or_more', significantRisk: true }],
      },
      consent: { status: 'none' },
      timeEntries: billable,
    }),
    expectedCodes: {},
  },
  'ELIG-3: conditions that resolve within 12 months or carry no significant risk': {
    rules: ['ELIG-3'],
    facts: buildFacts({
      patient: {
        chronicConditions: [
          { expectedDuration: '12_months_or_more', significantRisk: true },
          { expectedDuration: 'under_12_months', significantRisk: true },
          { expectedDuration: '12_months_or_more', significantRisk: false },
        ],
      },
      timeEntries: billable,
    }),
    expectedCodes: {},
  },
  'ELIG-4: a Medicare Advantage payer': {
    rules: ['ELIG-4'],
    facts: buildFacts({ payer: { type: 'medicare_advantage' }, timeEntries: billable }),
    expectedCodes: {},
  },
  'ELIG-6: an attested count above the list uses the list': {
    rules: ['ELIG-5', 'ELIG-6'],
    facts: buildFacts({ patient: { qualifyingChronicConditionCount: 3 }, timeEntries: billable }),
    expectedCodes: { '99490': 1 },
  },
  'ELIG-6: an attested count below the list uses the count': {
    rules: ['ELIG-5', 'ELIG-6'],
    facts: buildFacts({ patient: { qualifyingChronicConditionCount: 1 }, timeEntries: billable }),
    expectedCodes: {},
  },
  'PAY-4: a patient who is not QMB owes cost-sharing': {
    rules: ['PAY-4', 'CODE-1'],
    facts: buildFacts({ timeEntries: billable }),
    expectedCodes: { '99490': 1 },
  },
  'PAY-4: a QMB patient owes no cost-sharing': {
    rules: ['PAY-4'],
    facts: buildFacts({ payer: { qmb: true }, timeEntries: billable }),
    expectedCodes: { '99490': 1 },
  },
  'PRAC-1: a billing practitioner who is not a physician/QHP': {
    rules: ['PRAC-1'],
    facts: buildFacts({ billingPractitioner: { role: 'clinical_psychologist' }, timeEntries: billable }),
    expectedCodes: {},
  },
  'PRAC-4: another practitioner’s CCM claim for the month': {
    rules: ['PRAC-4'],
    facts: buildFacts({
      otherPractitionerClaimsThisMonth: [
        { practitionerId: OTHER_DR.id, code: '99490', serviceMonth: '2026-03', status: 'paid' },
      ],
      timeEntries: billable,
    }),
    expectedCodes: {},
  },
  'PRAC-4: another practitioner’s CCM claim for another month': {
    rules: ['PRAC-4'],
    facts: buildFacts({
      otherPractitionerClaimsThisMonth: [
        { practitionerId: OTHER_DR.id, code: '99490', serviceMonth: '2026-02', status: 'paid' },
      ],
      timeEntries: billable,
    }),
    expectedCodes: { '99490': 1 },
  },
  'EXCL-5, EXCL-9: a CCM claim for the month under our own id': {
    rules: ['EXCL-5', 'EXCL-9'],
    facts: buildFacts({
      otherPractitionerClaimsThisMonth: [{ practitionerId: DR.id, code: '99490' }],
      timeEntries: billable,
    }),
    expectedCodes: {},
  },
  'EXCL-9: 99490 already among the month’s services': {
    rules: ['EXCL-9'],
    facts: buildFacts({
      otherServicesThisMonth: [{ code: '99490', practitionerId: DR.id }],
      timeEntries: billable,
    }),
    expectedCodes: {},
  },
  'EXCL-9: 99454 already among the month’s services': {
    rules: ['EXCL-9'],
    facts: buildFacts({
      rpm: rpmBlock(20),
      otherServicesThisMonth: [{ code: '99454', practitionerId: DR.id }],
      timeEntries: billable,
    }),
    expectedCodes: { '99490': 1 },
  },
  'PRAC-5: PCM staff time is flagged for supervision review': {
    rules: ['PRAC-5'],
    facts: buildPcmFacts({ timeEntries: minutesBy(30, { program: 'PCM' }) }),
    expectedCodes: { '99426': 1 },
  },
});
