import { DR, buildFacts, minutesBy } from '../facts-builder';
import { scenarioGroup } from './scenario';

/** `total` minutes personally spent by the billing practitioner. */
export const practitioner = (total: number) => minutesBy(total, { performer: DR });

/** Complex CCM (staff track, no fallback) with `minutes` of staff time and MDM `mdm`. */
const complex = (minutes: number, mdm: 'low' | 'moderate' | 'high') =>
  buildFacts({
    trackPolicy: { preferred: 'ccm_complex_staff' },
    mdmThisMonth: mdm,
    timeEntries: minutesBy(minutes),
  });

const staff = (minutes: number) => buildFacts({ timeEntries: minutesBy(minutes) });

/** The code catalogue and units (code-rules.spec.ts: CODE, ccm-rules.md §7.1). */
export const codes = scenarioGroup({
  'CODE-1: 20 clinical staff minutes': { rules: ['CODE-1'], facts: staff(20), expectedCodes: { '99490': 1 } },
  'CODE-2: 45 clinical staff minutes': {
    rules: ['CODE-2'],
    facts: staff(45),
    expectedCodes: { '99490': 1, '99439': 1 },
  },
  'CODE-2: 95 clinical staff minutes reach the 99439 cap': {
    rules: ['CODE-2'],
    facts: staff(95),
    expectedCodes: { '99490': 1, '99439': 2 },
  },
  'CODE-3: complex, 60 minutes, high MDM': {
    rules: ['CODE-3'],
    facts: complex(60, 'high'),
    expectedCodes: { '99487': 1 },
  },
  'CODE-3: complex, 60 minutes, low MDM': { rules: ['CODE-3'], facts: complex(60, 'low'), expectedCodes: {} },
  'CODE-3: complex, 50 minutes, low MDM': { rules: ['CODE-3'], facts: complex(50, 'low'), expectedCodes: {} },
  'CODE-4: complex with the care plan monitored': {
    rules: ['CODE-4'],
    facts: buildFacts({
      trackPolicy: { preferred: 'ccm_complex_staff' },
      mdmThisMonth: 'moderate',
      carePlan: { activityThisMonth: 'monitored' },
      timeEntries: minutesBy(60),
    }),
    expectedCodes: { '99487': 1 },
  },
  'CODE-4: complex with the care plan substantially revised': {
    rules: ['CODE-4'],
    facts: buildFacts({
      trackPolicy: { preferred: 'ccm_complex_staff' },
      mdmThisMonth: 'moderate',
      carePlan: { activityThisMonth: 'monitored', substantiallyRevisedThisMonth: true },
      timeEntries: minutesBy(60),
    }),
    expectedCodes: { '99487': 1 },
  },
  'CODE-5: complex, 150 minutes': {
    rules: ['CODE-5'],
    facts: complex(150, 'high'),
    expectedCodes: { '99487': 1, '99489': 3 },
  },
  'CODE-6: 30 practitioner minutes on the practitioner track': {
    rules: ['CODE-6'],
    facts: buildFacts({ trackPolicy: { preferred: 'ccm_practitioner' }, timeEntries: practitioner(30) }),
    expectedCodes: { '99491': 1 },
  },
  'CODE-7, CODE-8: 125 practitioner minutes reach the 99437 cap': {
    rules: ['CODE-7', 'CODE-8'],
    facts: buildFacts({ trackPolicy: { preferred: 'ccm_practitioner' }, timeEntries: practitioner(125) }),
    expectedCodes: { '99491': 1, '99437': 2 },
  },
  'CODE-9: 19 minutes': { rules: ['CODE-9'], facts: staff(19), expectedCodes: {} },
  'CODE-9: 20 minutes': { rules: ['CODE-9'], facts: staff(20), expectedCodes: { '99490': 1 } },
  'CODE-9: 21 minutes': { rules: ['CODE-9'], facts: staff(21), expectedCodes: { '99490': 1 } },
  'CODE-9: 39 minutes': { rules: ['CODE-9'], facts: staff(39), expectedCodes: { '99490': 1 } },
  'CODE-9: 40 minutes': { rules: ['CODE-9'], facts: staff(40), expectedCodes: { '99490': 1, '99439': 1 } },
  'CODE-9: 59 minutes': { rules: ['CODE-9'], facts: staff(59), expectedCodes: { '99490': 1, '99439': 1 } },
  'CODE-9: 60 minutes': { rules: ['CODE-9'], facts: staff(60), expectedCodes: { '99490': 1, '99439': 2 } },
  'CODE-9: 200 minutes': { rules: ['CODE-9'], facts: staff(200), expectedCodes: { '99490': 1, '99439': 2 } },
  'TIME-2: complex with nothing logged': {
    rules: ['TIME-2', 'CODE-3'],
    facts: buildFacts({ trackPolicy: { preferred: 'ccm_complex_staff' }, mdmThisMonth: 'high' }),
    expectedCodes: {},
  },
  'CODE-10: one claim line per code': {
    rules: ['CODE-10'],
    facts: staff(60),
    expectedCodes: { '99490': 1, '99439': 2 },
  },
});
