import { decide } from './decide';
import { RULE_SETS, ruleSetForMonth } from './rule-sets';
import { buildFacts } from './testing/facts-builder';
import { yearsAndFees } from './testing/scenarios';

describe('rule sets by PFS year', () => {
  it("the service month's year picks the rule set; unknown years have none", () => {
    expect(ruleSetForMonth('2025-12')?.id).toBe('medicare-pfs-2025');
    expect(ruleSetForMonth('2026-01')?.id).toBe('medicare-pfs-2026');
    expect(ruleSetForMonth('2023-06')).toBeUndefined();
    expect(RULE_SETS.map((s) => s.id)).toEqual(
      expect.arrayContaining(['medicare-pfs-2025', 'medicare-pfs-2026']),
    );
  });

  it('CHG-2026-3, APCM-1: code existence differs by year', () => {
    const has = (year: number, code: string) => RULE_SETS.find((s) => s.year === year)?.codes.has(code);
    expect([has(2024, 'G0557'), has(2025, 'G0557'), has(2026, 'G0557')]).toEqual([false, true, true]);
    expect([has(2025, '99445'), has(2026, '99445'), has(2025, '99470'), has(2026, '99470')]).toEqual([
      false,
      true,
      false,
      true,
    ]);
    expect([has(2025, 'G0570'), has(2026, 'G0570')]).toEqual([false, true]);
  });

  it('CODE-2: 99439 keeps its CMS cap of 2 in every year', () => {
    for (const set of RULE_SETS) expect(set.cap99439).toBe(2);
  });

  it('CHG-2026-1: conversion factors of 2025 and 2026 (two in 2026)', () => {
    expect(ruleSetForMonth('2025-01')?.conversionFactor.nonQualifyingApm).toBe(32.3465);
    expect(ruleSetForMonth('2026-01')?.conversionFactor).toMatchObject({
      nonQualifyingApm: 33.4009,
      qualifyingApm: 33.5675,
    });
  });

  it('CHG-2026-3: the CCM code set itself did not change between 2024 and 2026', () => {
    // The documents are the billing scenario suite's (testing/scenarios), which the api tests also record.
    for (const year of ['2024', '2025', '2026'] as const) {
      const d = decide(yearsAndFees.facts(`CHG-2026-3: the CCM code set in ${year}`));
      expect(d.serviceMonth).toBe(`${year}-03`);
      expect(d.ruleSet).toBe(`medicare-pfs-${year}`);
      expect(d.codes).toEqual([
        { code: '99439', units: 1 },
        { code: '99490', units: 1 },
      ]);
    }
  });

  it('decide refuses a year with no rule set instead of guessing', () => {
    expect(() => decide(buildFacts({ serviceMonth: '2019-03' }))).toThrow(/no billing rule set/);
  });
});
