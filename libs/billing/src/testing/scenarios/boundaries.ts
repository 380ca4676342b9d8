import type { PatientMonthFacts, Track } from '../../facts';
import { DR, buildFacts, buildPcmFacts, minutesBy, rpmBlock } from '../facts-builder';
import { scenarioGroup, type ScenarioDefinition } from './scenario';

/** `minutes` of the time `track` counts, on an otherwise billable month of that track. */
function timed(track: Track, minutes: number): PatientMonthFacts {
  switch (track) {
    case 'ccm_practitioner':
      return buildFacts({
        trackPolicy: { preferred: track },
        timeEntries: minutesBy(minutes, { performer: DR }),
      });
    case 'ccm_complex_staff':
      return buildFacts({
        trackPolicy: { preferred: track },
        mdmThisMonth: 'moderate',
        timeEntries: minutesBy(minutes),
      });
    case 'pcm_staff':
      return buildPcmFacts({ timeEntries: minutesBy(minutes, { program: 'PCM' }) });
    case 'pcm_practitioner':
      return buildPcmFacts({
        trackPolicy: { preferred: track },
        timeEntries: minutesBy(minutes, { program: 'PCM', performer: DR }),
      });
    default:
      return buildFacts({ trackPolicy: { preferred: track }, timeEntries: minutesBy(minutes) });
  }
}

type Codes = Record<string, number>;
const STAFF: Track = 'ccm_noncomplex_staff';
const COMPLEX: Track = 'ccm_complex_staff';
const PRACTITIONER: Track = 'ccm_practitioner';
const PCM_STAFF: Track = 'pcm_staff';
const PCM_PRACTITIONER: Track = 'pcm_practitioner';

/**
 * boundaries.spec.ts, one row a document: `[row of the spec, rules, track, minutes, codes]`, named
 * `<row>: <minutes> minutes`. Thresholds one minute short and at; unit caps at, one over and 200 over.
 */
const TIMED: [string, string[], Track, number, Codes][] = [
  ['CODE-9 99490 at 19/20', ['TIME-2', 'CODE-9'], STAFF, 19, {}],
  ['CODE-9 99490 at 19/20', ['TIME-2', 'CODE-9'], STAFF, 20, { '99490': 1 }],
  ['CODE-2 99439 at 39/40', ['TIME-2', 'CODE-2'], STAFF, 39, { '99490': 1 }],
  ['CODE-2 99439 at 39/40', ['TIME-2', 'CODE-2'], STAFF, 40, { '99490': 1, '99439': 1 }],
  ['CODE-2 99439 x2 at 59/60', ['TIME-2', 'CODE-2'], STAFF, 59, { '99490': 1, '99439': 1 }],
  ['CODE-2 99439 x2 at 59/60', ['TIME-2', 'CODE-2'], STAFF, 60, { '99490': 1, '99439': 2 }],
  ['CODE-3 99487 at 59/60', ['TIME-2', 'CODE-3'], COMPLEX, 59, {}],
  ['CODE-3 99487 at 59/60', ['TIME-2', 'CODE-3'], COMPLEX, 60, { '99487': 1 }],
  ['CODE-5 99489 at 89/90', ['TIME-2', 'CODE-5'], COMPLEX, 89, { '99487': 1 }],
  ['CODE-5 99489 at 89/90', ['TIME-2', 'CODE-5'], COMPLEX, 90, { '99487': 1, '99489': 1 }],
  ['CODE-5 99489 x2 at 119/120', ['TIME-2', 'CODE-5'], COMPLEX, 119, { '99487': 1, '99489': 1 }],
  ['CODE-5 99489 x2 at 119/120', ['TIME-2', 'CODE-5'], COMPLEX, 120, { '99487': 1, '99489': 2 }],
  ['CODE-6 99491 at 29/30', ['TIME-2', 'CODE-6'], PRACTITIONER, 29, {}],
  ['CODE-6 99491 at 29/30', ['TIME-2', 'CODE-6'], PRACTITIONER, 30, { '99491': 1 }],
  ['CODE-7 99437 at 59/60', ['TIME-2', 'CODE-7'], PRACTITIONER, 59, { '99491': 1 }],
  ['CODE-7 99437 at 59/60', ['TIME-2', 'CODE-7'], PRACTITIONER, 60, { '99491': 1, '99437': 1 }],
  ['CODE-7 99437 x2 at 89/90', ['TIME-2', 'CODE-7'], PRACTITIONER, 89, { '99491': 1, '99437': 1 }],
  ['CODE-7 99437 x2 at 89/90', ['TIME-2', 'CODE-7'], PRACTITIONER, 90, { '99491': 1, '99437': 2 }],
  ['PCM-2 99426 at 29/30', ['TIME-2', 'PCM-2'], PCM_STAFF, 29, {}],
  ['PCM-2 99426 at 29/30', ['TIME-2', 'PCM-2'], PCM_STAFF, 30, { '99426': 1 }],
  ['PCM-2 99427 at 59/60', ['TIME-2', 'PCM-2'], PCM_STAFF, 59, { '99426': 1 }],
  ['PCM-2 99427 at 59/60', ['TIME-2', 'PCM-2'], PCM_STAFF, 60, { '99426': 1, '99427': 1 }],
  ['PCM-2 99427 x2 at 89/90', ['TIME-2', 'PCM-2'], PCM_STAFF, 89, { '99426': 1, '99427': 1 }],
  ['PCM-2 99427 x2 at 89/90', ['TIME-2', 'PCM-2'], PCM_STAFF, 90, { '99426': 1, '99427': 2 }],
  ['PCM-2 99424 at 29/30', ['TIME-2', 'PCM-2'], PCM_PRACTITIONER, 29, {}],
  ['PCM-2 99424 at 29/30', ['TIME-2', 'PCM-2'], PCM_PRACTITIONER, 30, { '99424': 1 }],
  ['PCM-2 99425 at 59/60', ['TIME-2', 'PCM-2'], PCM_PRACTITIONER, 59, { '99424': 1 }],
  ['PCM-2 99425 at 59/60', ['TIME-2', 'PCM-2'], PCM_PRACTITIONER, 60, { '99424': 1, '99425': 1 }],
  ['PCM-2 99425 x2 at 89/90', ['TIME-2', 'PCM-2'], PCM_PRACTITIONER, 89, { '99424': 1, '99425': 1 }],
  ['PCM-2 99425 x2 at 89/90', ['TIME-2', 'PCM-2'], PCM_PRACTITIONER, 90, { '99424': 1, '99425': 2 }],
  ['CODE-2 99439 cap 2 at 60/61', ['CODE-2'], STAFF, 60, { '99490': 1, '99439': 2 }],
  ['CODE-2 99439 cap 2 at 60/61', ['CODE-2'], STAFF, 61, { '99490': 1, '99439': 2 }],
  ['CODE-2 99439 cap 2 at 60/61', ['CODE-2'], STAFF, 260, { '99490': 1, '99439': 2 }],
  ['CODE-5 99489 cap 10 at 360/361', ['CODE-5'], COMPLEX, 360, { '99487': 1, '99489': 10 }],
  ['CODE-5 99489 cap 10 at 360/361', ['CODE-5'], COMPLEX, 361, { '99487': 1, '99489': 10 }],
  ['CODE-5 99489 cap 10 at 360/361', ['CODE-5'], COMPLEX, 560, { '99487': 1, '99489': 10 }],
  ['CODE-8 99437 cap 2 at 90/91', ['CODE-8'], PRACTITIONER, 90, { '99491': 1, '99437': 2 }],
  ['CODE-8 99437 cap 2 at 90/91', ['CODE-8'], PRACTITIONER, 91, { '99491': 1, '99437': 2 }],
  ['CODE-8 99437 cap 2 at 90/91', ['CODE-8'], PRACTITIONER, 290, { '99491': 1, '99437': 2 }],
  ['PCM-5 99427 cap 2 at 90/91', ['PCM-5'], PCM_STAFF, 90, { '99426': 1, '99427': 2 }],
  ['PCM-5 99427 cap 2 at 90/91', ['PCM-5'], PCM_STAFF, 91, { '99426': 1, '99427': 2 }],
  ['PCM-5 99427 cap 2 at 90/91', ['PCM-5'], PCM_STAFF, 290, { '99426': 1, '99427': 2 }],
  ['PCM-5 99425 cap 2 at 90/91', ['PCM-5'], PCM_PRACTITIONER, 90, { '99424': 1, '99425': 2 }],
  ['PCM-5 99425 cap 2 at 90/91', ['PCM-5'], PCM_PRACTITIONER, 91, { '99424': 1, '99425': 2 }],
  ['PCM-5 99425 cap 2 at 90/91', ['PCM-5'], PCM_PRACTITIONER, 290, { '99424': 1, '99425': 2 }],
  // The spec decides these with unitCaps { 99489: 3 }; under the default cap of 10 they bill more.
  ['CODE-5 99489 cap by policy 3 at 150/151', ['CODE-5'], COMPLEX, 150, { '99487': 1, '99489': 3 }],
  ['CODE-5 99489 cap by policy 3 at 150/151', ['CODE-5'], COMPLEX, 151, { '99487': 1, '99489': 3 }],
  ['CODE-5 99489 cap by policy 3 at 150/151', ['CODE-5'], COMPLEX, 350, { '99487': 1, '99489': 9 }],
];

/** RPM management minutes from the 2nd, with an interactive call: `[minutes, codes]`. */
const RPM_MANAGEMENT: [number, string[], Codes][] = [
  [9, ['RPM-2'], {}],
  [10, ['RPM-2'], { '99470': 1 }],
  [19, ['RPM-2'], { '99470': 1 }],
  [20, ['RPM-2'], { '99457': 1 }],
  [39, ['RPM-8'], { '99457': 1 }],
  [40, ['RPM-8'], { '99457': 1, '99458': 1 }],
  [80, ['RPM-8'], { '99457': 1, '99458': 3 }],
  [81, ['RPM-8'], { '99457': 1, '99458': 3 }],
];

/** Days with transmitted data in a 30-day device period from the 1st: `[days, codes]`. */
const RPM_DEVICE: [number, Codes][] = [
  [1, {}],
  [2, { '99445': 1 }],
  [15, { '99445': 1 }],
  [16, { '99454': 1 }],
];

const definitions: Record<string, ScenarioDefinition> = {
  ...Object.fromEntries(
    TIMED.map(([row, rules, track, minutes, expectedCodes]) => [
      `${row}: ${minutes} minutes`,
      { rules, facts: timed(track, minutes), expectedCodes },
    ]),
  ),
  ...Object.fromEntries(
    RPM_MANAGEMENT.map(([minutes, rules, expectedCodes]) => [
      `RPM management: ${minutes} minutes`,
      {
        rules,
        facts: buildFacts({
          rpm: rpmBlock(0, { devicePeriods: [] }),
          timeEntries: minutesBy(minutes, { program: 'RPM', interactiveCommunication: true }),
        }),
        expectedCodes,
      },
    ]),
  ),
  ...Object.fromEntries(
    RPM_DEVICE.map(([days, expectedCodes]) => [
      `RPM device: ${days} days`,
      { rules: ['RPM-2'], facts: buildFacts({ rpm: rpmBlock(days) }), expectedCodes },
    ]),
  ),
  'CONS-1: a minute at the consent timestamp counts, the minute before does not': {
    rules: ['CONS-1'],
    facts: buildFacts({ consent: { obtainedAt: '2026-03-02T10:01' }, timeEntries: minutesBy(21) }),
    expectedCodes: { '99490': 1 },
  },
  'TIME-15: 23:59 on the last day is inside the month, 00:00 of the next is not': {
    rules: ['TIME-15'],
    facts: buildFacts({
      timeEntries: minutesBy(19).concat(minutesBy(2, { date: '2026-03-31', start: '23:59' })),
    }),
    expectedCodes: { '99490': 1 },
  },
};

/**
 * Boundaries of thresholds, unit caps and time windows (boundaries.spec.ts). Names are built from the
 * spec's rows, so a name the spec asks for and the suite lacks throws.
 */
export const boundaries = scenarioGroup(definitions);
