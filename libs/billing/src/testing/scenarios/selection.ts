import { MA, buildFacts, buildPcmFacts, minutesBy } from '../facts-builder';
import { practitioner } from './codes';
import { scenarioGroup } from './scenario';

/** 25 CCM staff minutes from the 2nd and 30 PCM staff minutes from the 10th. */
const ccmAndPcmTime = () => [...minutesBy(25), ...minutesBy(30, { program: 'PCM' }, 10)];

/** Track selection (code-rules.spec.ts: SEL). */
export const selection = scenarioGroup({
  'SEL-1: complex preferred over an attempted non-complex line': {
    rules: ['SEL-1'],
    facts: buildFacts({
      trackPolicy: { preferred: 'ccm_complex_staff', fallback: 'ccm_noncomplex_staff' },
      mdmThisMonth: 'high',
      attemptedClaimLines: ['99490'],
      timeEntries: minutesBy(70),
    }),
    expectedCodes: { '99487': 1 },
  },
  'SEL-2: 30 practitioner minutes on the staff track': {
    rules: ['SEL-2'],
    facts: buildFacts({ timeEntries: practitioner(30) }),
    expectedCodes: { '99490': 1 },
  },
  'SEL-2: 20 staff minutes on the practitioner track': {
    rules: ['SEL-2', 'TIME-7'],
    facts: buildFacts({
      trackPolicy: { preferred: 'ccm_practitioner' },
      timeEntries: [...practitioner(35), ...minutesBy(20, { performer: MA }, 10)],
    }),
    expectedCodes: { '99491': 1 },
  },
  'SEL-3: an attempted add-on below its threshold': {
    rules: ['SEL-3', 'CODE-2'],
    facts: buildFacts({ attemptedClaimLines: ['99490', '99439'], timeEntries: minutesBy(30) }),
    expectedCodes: { '99490': 1 },
  },
  'SEL-3: an attempted add-on without its base': {
    rules: ['SEL-3'],
    facts: buildFacts({ attemptedClaimLines: [{ code: '99439', units: 1 }], timeEntries: minutesBy(15) }),
    expectedCodes: {},
  },
  'SEL-4: complex falls back to non-complex': {
    rules: ['SEL-4'],
    facts: buildFacts({
      trackPolicy: { preferred: 'ccm_complex_staff', fallback: 'ccm_noncomplex_staff' },
      mdmThisMonth: 'low',
      timeEntries: minutesBy(65),
    }),
    expectedCodes: { '99490': 1, '99439': 2 },
  },
  'SEL-5: the documented complex track without a fallback': {
    rules: ['SEL-5'],
    facts: buildFacts({
      trackPolicy: { preferred: 'ccm_complex_staff' },
      mdmThisMonth: 'moderate',
      timeEntries: minutesBy(60),
    }),
    expectedCodes: { '99487': 1 },
  },
  'SEL-5: the documented complex track with a fallback': {
    rules: ['SEL-5'],
    facts: buildFacts({
      trackPolicy: { preferred: 'ccm_complex_staff', fallback: 'ccm_noncomplex_staff' },
      mdmThisMonth: 'high',
      timeEntries: minutesBy(60),
    }),
    expectedCodes: { '99487': 1 },
  },
  'SEL-6: CCM chosen, PCM time and an attempted PCM line refused': {
    rules: ['SEL-6'],
    facts: buildFacts({ timeEntries: ccmAndPcmTime(), attemptedClaimLines: ['99424'] }),
    expectedCodes: { '99490': 1 },
  },
  'SEL-6: PCM chosen, CCM time refused': {
    rules: ['SEL-6'],
    facts: buildPcmFacts({ timeEntries: ccmAndPcmTime() }),
    expectedCodes: { '99426': 1 },
  },
});
