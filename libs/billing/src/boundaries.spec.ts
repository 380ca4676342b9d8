import { decide } from './decide';
import { codeMap, reasonKeys } from './testing/decision-helpers';
import { boundaries } from './testing/scenarios';

// The documents are the billing scenario suite's (testing/scenarios/boundaries.ts, one per row and minute
// count below), which the api tests also record.
const timed = (row: string, minutes: number) => boundaries.facts(`${row}: ${minutes} minutes`);

describe('TIME-2 thresholds: one minute short is not enough, the threshold itself is', () => {
  it.each<[string, number, Record<string, number>, Record<string, number>]>([
    ['CODE-9 99490 at 19/20', 20, {}, { '99490': 1 }],
    ['CODE-2 99439 at 39/40', 40, { '99490': 1 }, { '99490': 1, '99439': 1 }],
    ['CODE-2 99439 x2 at 59/60', 60, { '99490': 1, '99439': 1 }, { '99490': 1, '99439': 2 }],
    ['CODE-3 99487 at 59/60', 60, {}, { '99487': 1 }],
    ['CODE-5 99489 at 89/90', 90, { '99487': 1 }, { '99487': 1, '99489': 1 }],
    ['CODE-5 99489 x2 at 119/120', 120, { '99487': 1, '99489': 1 }, { '99487': 1, '99489': 2 }],
    ['CODE-6 99491 at 29/30', 30, {}, { '99491': 1 }],
    ['CODE-7 99437 at 59/60', 60, { '99491': 1 }, { '99491': 1, '99437': 1 }],
    ['CODE-7 99437 x2 at 89/90', 90, { '99491': 1, '99437': 1 }, { '99491': 1, '99437': 2 }],
    ['PCM-2 99426 at 29/30', 30, {}, { '99426': 1 }],
    ['PCM-2 99427 at 59/60', 60, { '99426': 1 }, { '99426': 1, '99427': 1 }],
    ['PCM-2 99427 x2 at 89/90', 90, { '99426': 1, '99427': 1 }, { '99426': 1, '99427': 2 }],
    ['PCM-2 99424 at 29/30', 30, {}, { '99424': 1 }],
    ['PCM-2 99425 at 59/60', 60, { '99424': 1 }, { '99424': 1, '99425': 1 }],
    ['PCM-2 99425 x2 at 89/90', 90, { '99424': 1, '99425': 1 }, { '99424': 1, '99425': 2 }],
  ])('%s', (name, threshold, below, at) => {
    expect(codeMap(decide(timed(name, threshold - 1)))).toEqual(below);
    expect(codeMap(decide(timed(name, threshold)))).toEqual(at);
  });
});

describe('unit caps: the capped unit is reached at the cap; one minute more is reported, never billed', () => {
  it.each<[string, number, string, number, Record<string, number> | undefined]>([
    ['CODE-2 99439 cap 2 at 60/61', 60, '99439', 2, undefined],
    ['CODE-5 99489 cap 10 at 360/361', 360, '99489', 10, undefined],
    ['CODE-8 99437 cap 2 at 90/91', 90, '99437', 2, undefined],
    ['PCM-5 99427 cap 2 at 90/91', 90, '99427', 2, undefined],
    ['PCM-5 99425 cap 2 at 90/91', 90, '99425', 2, undefined],
    ['CODE-5 99489 cap by policy 3 at 150/151', 150, '99489', 3, { '99489': 3 }],
  ])('%s', (name, atCap, addOn, cap, unitCaps) => {
    const policy = unitCaps ? { unitCaps } : {};
    const at = decide(timed(name, atCap), policy);
    expect(codeMap(at)[addOn]).toBe(cap);
    expect(reasonKeys(at)).not.toContain(`ADDON_UNIT_CAP_REACHED:${addOn}`);
    const over = decide(timed(name, atCap + 1), policy);
    expect(codeMap(over)[addOn]).toBe(cap);
    expect(reasonKeys(over)).toContain(`ADDON_UNIT_CAP_REACHED:${addOn}`);
    const farOver = decide(timed(name, atCap + 200), policy);
    expect(codeMap(farOver)[addOn]).toBe(cap);
  });

  it('RPM-8 99458 cap 3 at 80/81', () => {
    const rpm = (minutes: number) => decide(boundaries.facts(`RPM management: ${minutes} minutes`));
    expect(codeMap(rpm(80))).toEqual({ '99457': 1, '99458': 3 });
    expect(reasonKeys(rpm(80))).not.toContain('ADDON_UNIT_CAP_REACHED:99458');
    expect(codeMap(rpm(81))).toEqual({ '99457': 1, '99458': 3 });
    expect(reasonKeys(rpm(81))).toContain('ADDON_UNIT_CAP_REACHED:99458');
  });
});

describe('RPM thresholds (RPM-2)', () => {
  const management = (minutes: number) =>
    codeMap(decide(boundaries.facts(`RPM management: ${minutes} minutes`)));
  const device = (days: number) => codeMap(decide(boundaries.facts(`RPM device: ${days} days`)));

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
    const d = decide(
      boundaries.facts('CONS-1: a minute at the consent timestamp counts, the minute before does not'),
    );
    expect(d.countedMinutes.staff).toBe(20);
    expect(codeMap(d)).toEqual({ '99490': 1 });
  });

  it('TIME-15: 23:59 on the last day is inside the month, 00:00 of the next is not', () => {
    const d = decide(
      boundaries.facts('TIME-15: 23:59 on the last day is inside the month, 00:00 of the next is not'),
    );
    expect(d.countedMinutes.staff).toBe(20);
  });
});
