import type { Track } from './facts';
import type { PatientMonthFacts } from './facts';
import { decide } from './decide';
import { DR, buildFacts, buildPcmFacts, minutesBy, rpmBlock } from './testing/facts-builder';
import { codeMap, reasonKeys } from './testing/decision-helpers';

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

describe('TIME-2 thresholds: one minute short is not enough, the threshold itself is', () => {
  it.each<[string, Track, number, Record<string, number>, Record<string, number>]>([
    ['CODE-9 99490 at 19/20', 'ccm_noncomplex_staff', 20, {}, { '99490': 1 }],
    ['CODE-2 99439 at 39/40', 'ccm_noncomplex_staff', 40, { '99490': 1 }, { '99490': 1, '99439': 1 }],
    [
      'CODE-2 99439 x2 at 59/60',
      'ccm_noncomplex_staff',
      60,
      { '99490': 1, '99439': 1 },
      { '99490': 1, '99439': 2 },
    ],
    ['CODE-3 99487 at 59/60', 'ccm_complex_staff', 60, {}, { '99487': 1 }],
    ['CODE-5 99489 at 89/90', 'ccm_complex_staff', 90, { '99487': 1 }, { '99487': 1, '99489': 1 }],
    [
      'CODE-5 99489 x2 at 119/120',
      'ccm_complex_staff',
      120,
      { '99487': 1, '99489': 1 },
      { '99487': 1, '99489': 2 },
    ],
    ['CODE-6 99491 at 29/30', 'ccm_practitioner', 30, {}, { '99491': 1 }],
    ['CODE-7 99437 at 59/60', 'ccm_practitioner', 60, { '99491': 1 }, { '99491': 1, '99437': 1 }],
    [
      'CODE-7 99437 x2 at 89/90',
      'ccm_practitioner',
      90,
      { '99491': 1, '99437': 1 },
      { '99491': 1, '99437': 2 },
    ],
    ['PCM-2 99426 at 29/30', 'pcm_staff', 30, {}, { '99426': 1 }],
    ['PCM-2 99427 at 59/60', 'pcm_staff', 60, { '99426': 1 }, { '99426': 1, '99427': 1 }],
    ['PCM-2 99427 x2 at 89/90', 'pcm_staff', 90, { '99426': 1, '99427': 1 }, { '99426': 1, '99427': 2 }],
    ['PCM-2 99424 at 29/30', 'pcm_practitioner', 30, {}, { '99424': 1 }],
    ['PCM-2 99425 at 59/60', 'pcm_practitioner', 60, { '99424': 1 }, { '99424': 1, '99425': 1 }],
    [
      'PCM-2 99425 x2 at 89/90',
      'pcm_practitioner',
      90,
      { '99424': 1, '99425': 1 },
      { '99424': 1, '99425': 2 },
    ],
  ])('%s', (_name, track, threshold, below, at) => {
    expect(codeMap(decide(timed(track, threshold - 1)))).toEqual(below);
    expect(codeMap(decide(timed(track, threshold)))).toEqual(at);
  });
});

describe('unit caps: the capped unit is reached at the cap; one minute more is reported, never billed', () => {
  it.each<[string, Track, number, string, number, Record<string, number> | undefined]>([
    ['CODE-2 99439 cap 2 at 60/61', 'ccm_noncomplex_staff', 60, '99439', 2, undefined],
    ['CODE-5 99489 cap 10 at 360/361', 'ccm_complex_staff', 360, '99489', 10, undefined],
    ['CODE-8 99437 cap 2 at 90/91', 'ccm_practitioner', 90, '99437', 2, undefined],
    ['PCM-5 99427 cap 2 at 90/91', 'pcm_staff', 90, '99427', 2, undefined],
    ['PCM-5 99425 cap 2 at 90/91', 'pcm_practitioner', 90, '99425', 2, undefined],
    ['CODE-5 99489 cap by policy 3 at 150/151', 'ccm_complex_staff', 150, '99489', 3, { '99489': 3 }],
  ])('%s', (_name, track, atCap, addOn, cap, unitCaps) => {
    const policy = unitCaps ? { unitCaps } : {};
    const at = decide(timed(track, atCap), policy);
    expect(codeMap(at)[addOn]).toBe(cap);
    expect(reasonKeys(at)).not.toContain(`ADDON_UNIT_CAP_REACHED:${addOn}`);
    const over = decide(timed(track, atCap + 1), policy);
    expect(codeMap(over)[addOn]).toBe(cap);
    expect(reasonKeys(over)).toContain(`ADDON_UNIT_CAP_REACHED:${addOn}`);
    const farOver = decide(timed(track, atCap + 200), policy);
    expect(codeMap(farOver)[addOn]).toBe(cap);
  });

  it('RPM-8 99458 cap 3 at 80/81', () => {
    const rpm = (minutes: number) =>
      decide(
        buildFacts({
          rpm: rpmBlock(0, { devicePeriods: [] }),
          timeEntries: minutesBy(minutes, { program: 'RPM', interactiveCommunication: true }),
        }),
      );
    expect(codeMap(rpm(80))).toEqual({ '99457': 1, '99458': 3 });
    expect(reasonKeys(rpm(80))).not.toContain('ADDON_UNIT_CAP_REACHED:99458');
    expect(codeMap(rpm(81))).toEqual({ '99457': 1, '99458': 3 });
    expect(reasonKeys(rpm(81))).toContain('ADDON_UNIT_CAP_REACHED:99458');
  });
});

describe('RPM thresholds (RPM-2)', () => {
  const management = (minutes: number) =>
    codeMap(
      decide(
        buildFacts({
          rpm: rpmBlock(0, { devicePeriods: [] }),
          timeEntries: minutesBy(minutes, { program: 'RPM', interactiveCommunication: true }),
        }),
      ),
    );
  const device = (days: number) => codeMap(decide(buildFacts({ rpm: rpmBlock(days) })));

  it('RPM-2 99470 at 9/10 minutes', () => {
    expect(management(9)).toEqual({});
    expect(management(10)).toEqual({ '99470': 1 });
  });
  it('RPM-2 99457 at 19/20 minutes', () => {
    expect(management(19)).toEqual({ '99470': 1 });
    expect(management(20)).toEqual({ '99457': 1 });
  });
  it('RPM-8 99458 at 39/40 minutes', () => {
    expect(management(39)).toEqual({ '99457': 1 });
    expect(management(40)).toEqual({ '99457': 1, '99458': 1 });
  });
  it('RPM-2 99445 at 1/2 device days, 99454 at 15/16', () => {
    expect(device(1)).toEqual({});
    expect(device(2)).toEqual({ '99445': 1 });
    expect(device(15)).toEqual({ '99445': 1 });
    expect(device(16)).toEqual({ '99454': 1 });
  });
});

describe('boundaries of time windows', () => {
  it('CONS-1: a minute at the consent timestamp counts, the minute before does not', () => {
    const d = decide(buildFacts({ consent: { obtainedAt: '2026-03-02T10:01' }, timeEntries: minutesBy(21) }));
    expect(d.countedMinutes.staff).toBe(20);
    expect(codeMap(d)).toEqual({ '99490': 1 });
  });

  it('TIME-15: 23:59 on the last day is inside the month, 00:00 of the next is not', () => {
    const d = decide(
      buildFacts({ timeEntries: minutesBy(19).concat(minutesBy(2, { date: '2026-03-31', start: '23:59' })) }),
    );
    expect(d.countedMinutes.staff).toBe(20);
  });
});
