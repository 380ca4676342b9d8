import { decide } from './decide';
import { FEE_SCHEDULE, estimateAllowedAmount, feeFor } from './fees';
import { RULE_SETS } from './rule-sets';
import { yearsAndFees } from './testing/scenarios';

describe('fee table and allowed-amount estimate (ccm-rules.md §18)', () => {
  it("every amount cites its source and exists in that year's rule set", () => {
    for (const fee of FEE_SCHEDULE) {
      expect(fee.sources.length).toBeGreaterThan(0);
      expect(fee.amountCents).toBeGreaterThan(0);
      const set = RULE_SETS.find((s) => s.year === fee.year);
      expect(set?.codes.has(fee.code)).toBe(true);
    }
    const keys = FEE_SCHEDULE.map((f) => `${f.code}/${f.year}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("carries the reference's figures", () => {
    expect(feeFor('99490', 2026)?.amountCents).toBe(6613);
    expect(feeFor('99487', 2026)?.amountCents).toBe(14429);
    expect(feeFor('G0558', 2025)?.amountCents).toBe(10707);
    expect(feeFor('99457', 2026)).toMatchObject({
      amountCents: 5000,
      rangeCents: { low: 5000, high: 5200 },
      approximate: true,
    });
    // Left blank in the reference: never guessed.
    expect(feeFor('99491', 2026)).toBeUndefined();
    expect(feeFor('G0558', 2026)).toBeUndefined();
    expect(feeFor('G0557', 2024)).toBeUndefined();
  });

  it('PAYAMT-1: 2024 rows of uncertain year are marked approximate with the note', () => {
    expect(feeFor('99490', 2024)).toMatchObject({
      approximate: true,
      note: expect.stringContaining('PAYAMT-1'),
    });
    expect(feeFor('99439', 2024)).toMatchObject({ amountCents: 4715, approximate: false });
  });

  it('PAYAMT-2: in 2026 the non-complex 60-minute bundle pays more than 99487', () => {
    const bundle = estimateAllowedAmount({
      serviceMonth: '2026-03',
      codes: [
        { code: '99490', units: 1 },
        { code: '99439', units: 2 },
      ],
      patientCostSharingBillable: true,
    });
    const complex = estimateAllowedAmount({
      serviceMonth: '2026-03',
      codes: [{ code: '99487', units: 1 }],
      patientCostSharingBillable: true,
    });
    expect(bundle.knownTotalCents).toBe(6613 + 2 * 5044);
    expect(bundle.knownTotalCents).toBeGreaterThan(complex.knownTotalCents);
  });

  it("PAYAMT-3, PAY-1: estimates a decision's allowed amount and ~20% coinsurance", () => {
    // The document is the billing scenario suite's (testing/scenarios), which the api tests also record.
    const d = decide(yearsAndFees.facts('PAYAMT-3, PAY-1: CCM beside RPM device and management codes'));
    const estimate = estimateAllowedAmount(d);
    expect(estimate.ruleSet).toBe('medicare-pfs-2026');
    expect(estimate.lines.map((l) => [l.code, l.units, l.amountCents])).toEqual([
      ['99439', 1, 5044],
      ['99454', 1, 4700],
      ['99457', 1, 5000],
      ['99490', 1, 6613],
    ]);
    expect(estimate.knownTotalCents).toBe(5044 + 4700 + 5000 + 6613);
    expect(estimate.complete).toBe(true);
    expect(estimate.estimatedCoinsuranceCents).toBe(Math.round(estimate.knownTotalCents * 0.2));
  });

  it('PAY-4: no coinsurance for a QMB patient; unknown amounts are reported, not guessed', () => {
    const estimate = estimateAllowedAmount({
      serviceMonth: '2026-05',
      codes: [
        { code: '99491', units: 1 },
        { code: '99490', units: 1 },
      ],
      patientCostSharingBillable: false,
    });
    expect(estimate.estimatedCoinsuranceCents).toBe(0);
    expect(estimate.unknownCodes).toEqual(['99491']);
    expect(estimate.complete).toBe(false);
    expect(estimate.knownTotalCents).toBe(6613);
  });
});
