import { DR, buildFacts, buildPcmFacts, entry, minutesBy } from '../facts-builder';
import { scenarioGroup } from './scenario';

const pcmTime = (minutes: number) => minutesBy(minutes, { program: 'PCM' });

/** Principal care management and claim timing (code-rules.spec.ts: PCM, CLAIM). */
export const pcmAndClaims = scenarioGroup({
  'PCM-1: a condition expected to last two months': {
    rules: ['PCM-1'],
    facts: buildPcmFacts({
      pcmConditionAttestation: {
        expectedDurationMonthsAtLeast: 2,
        riskOfHospitalizationOrDecline: true,
        frequentMedicationAdjustment: true,
        ongoingCoordinationNeeded: true,
      },
      timeEntries: pcmTime(30),
    }),
    expectedCodes: {},
  },
  'PCM-1: no PCM condition attestation': {
    rules: ['PCM-1'],
    facts: { ...buildPcmFacts({ timeEntries: pcmTime(30) }), pcmConditionAttestation: null },
    expectedCodes: {},
  },
  'PCM-2: 65 PCM staff minutes': {
    rules: ['PCM-2'],
    facts: buildPcmFacts({ timeEntries: pcmTime(65) }),
    expectedCodes: { '99426': 1, '99427': 1 },
  },
  'PCM-2: 60 PCM practitioner minutes': {
    rules: ['PCM-2'],
    facts: buildPcmFacts({
      trackPolicy: { preferred: 'pcm_practitioner' },
      timeEntries: minutesBy(60, { program: 'PCM', performer: DR }),
    }),
    expectedCodes: { '99424': 1, '99425': 1 },
  },
  'PCM-2: 29 PCM staff minutes': {
    rules: ['PCM-2'],
    facts: buildPcmFacts({ timeEntries: pcmTime(29) }),
    expectedCodes: {},
  },
  'PCM-3: PCM on a CCM consent': {
    rules: ['PCM-3'],
    facts: buildPcmFacts({ consent: { program: 'CCM' }, timeEntries: pcmTime(30) }),
    expectedCodes: {},
  },
  'PCM-3: PCM on a comprehensive care plan': {
    rules: ['PCM-3'],
    facts: buildPcmFacts({ carePlan: { type: 'comprehensive' }, timeEntries: pcmTime(30) }),
    expectedCodes: {},
  },
  'PCM-4: PCM for a patient with two conditions': {
    rules: ['PCM-4'],
    facts: buildPcmFacts({ timeEntries: pcmTime(30) }),
    expectedCodes: { '99426': 1 },
  },
  'PCM-5: 125 PCM staff minutes reach the 99427 cap': {
    rules: ['PCM-5'],
    facts: buildPcmFacts({ timeEntries: pcmTime(125) }),
    expectedCodes: { '99426': 1, '99427': 2 },
  },
  'CLAIM-1: the threshold is reached on the day of the entry that reaches it': {
    rules: ['CLAIM-1'],
    facts: buildFacts({
      timeEntries: [
        entry(12, { date: '2026-03-03' }),
        entry(7, { date: '2026-03-05' }),
        entry(30, { date: '2026-03-09' }),
      ],
    }),
    expectedCodes: { '99490': 1, '99439': 1 },
  },
  'CLAIM-1: a threshold crossed after midnight inside an entry': {
    rules: ['CLAIM-1'],
    facts: buildFacts({
      timeEntries: [entry(10, { date: '2026-03-03' }), entry(30, { date: '2026-03-04', start: '23:55' })],
    }),
    expectedCodes: { '99490': 1, '99439': 1 },
  },
  'CLAIM-3: nothing billed at 10 minutes': {
    rules: ['CLAIM-3'],
    facts: buildFacts({ timeEntries: minutesBy(10) }),
    expectedCodes: {},
  },
  'CLAIM-3: complex CCM reached on the 4th': {
    rules: ['CLAIM-3'],
    facts: buildFacts({
      trackPolicy: { preferred: 'ccm_complex_staff' },
      mdmThisMonth: 'high',
      timeEntries: minutesBy(75),
    }),
    expectedCodes: { '99487': 1 },
  },
  'CLAIM-4: one service month per decision': {
    rules: ['CLAIM-4'],
    facts: buildFacts({ timeEntries: minutesBy(20) }),
    expectedCodes: { '99490': 1 },
  },
});
