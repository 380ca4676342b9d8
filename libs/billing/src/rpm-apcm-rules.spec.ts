import { decide } from './decide';
import { codeMap, reasonKeys } from './testing/decision-helpers';
import { apcm, rpm, yearsAndFees } from './testing/scenarios';

// The documents are the billing scenario suite's (testing/scenarios), which the api tests also record.

describe('remote physiologic monitoring (RPM)', () => {
  const facts = rpm.facts;

  it('RPM-1: device periods belong to the month they start in; management minutes to the calendar month', () => {
    const d = decide(facts('RPM-1: device periods by start month, management minutes by calendar month'));
    expect(codeMap(d)).toEqual({ '99454': 1 });
    expect(d.countedMinutes.rpm).toBe(0);
  });

  it('RPM-2: 99454 at 16+ days, 99445 at 2–15 (2026), nothing under 2', () => {
    expect(codeMap(decide(facts('RPM-2: 16 device days')))).toEqual({ '99454': 1 });
    expect(codeMap(decide(facts('RPM-2: 15 device days')))).toEqual({ '99445': 1 });
    const one = decide(facts('RPM-2: 1 device day'));
    expect(one.codes).toEqual([]);
    expect(one.notBillable).toContainEqual({ reason: 'RPM_DEVICE_DAYS_BELOW_MINIMUM', rule: 'RPM-2' });
  });

  it('RPM-2: 99457 at 20 minutes with an interactive call, 99470 at 10–19 (2026), none without interaction', () => {
    expect(codeMap(decide(facts('RPM-2: 20 management minutes with an interactive call')))).toEqual({
      '99457': 1,
    });
    const short = decide(facts('RPM-2: 12 management minutes with an interactive call'));
    expect(codeMap(short)).toEqual({ '99470': 1 });
    expect(reasonKeys(short)).toContain('TIME_BELOW_THRESHOLD:99457');
    const silent = decide(facts('RPM-2: 30 management minutes without an interactive call'));
    expect(silent.codes).toEqual([]);
    expect(silent.notBillable).toContainEqual({ reason: 'RPM_NO_INTERACTIVE_COMMUNICATION', rule: 'RPM-2' });
  });

  it('RPM-3: device and management codes are independent', () => {
    expect(codeMap(decide(facts('RPM-3: management billed without device days')))).toEqual({ '99457': 1 });
    expect(codeMap(decide(facts('RPM-3: device days billed without management time')))).toEqual({
      '99454': 1,
    });
  });

  it('RPM-4: one practitioner per period; RPM and RTM not together (RTM dropped)', () => {
    const both = decide(facts('RPM-4: RPM and RTM in the same period'));
    expect(codeMap(both)).toEqual({ '99454': 1 });
    expect(both.notBillable).toContainEqual({ reason: 'RPM_AND_RTM_SAME_PERIOD', rule: 'RPM-4' });
    const other = decide(facts('RPM-4: another practitioner billed the device period'));
    expect(other.codes).toEqual([]);
    expect(other.notBillable).toContainEqual({
      reason: 'REQUIREMENT_NOT_MET',
      ref: 'otherPractitionerClaimsThisMonth',
      rule: 'RPM-4',
    });
  });

  it('RPM-5: RPM needs an established patient (and a documented RPM consent)', () => {
    const d = decide(facts('RPM-5: RPM for a patient who is not established'));
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toContainEqual({ reason: 'RPM_NOT_ESTABLISHED_PATIENT', rule: 'RPM-5' });
    expect(reasonKeys(d).filter((k) => k.includes('99457') || k.includes('99454'))).toEqual([]);
    const noConsent = decide(facts('RPM-5: RPM without a documented RPM consent'));
    expect(noConsent.codes).toEqual([]);
    expect(reasonKeys(noConsent)).toEqual(expect.arrayContaining(['NO_CONSENT:99454', 'NO_CONSENT:99457']));
  });

  it('RPM-6: 99453 once per episode, only beside a billed device period', () => {
    expect(codeMap(decide(facts('RPM-6: set-up billed beside a billed device period')))).toEqual({
      '99445': 1,
      '99453': 1,
    });
    expect(codeMap(decide(facts('RPM-6: set-up billed before')))).toEqual({ '99454': 1 });
    expect(decide(facts('RPM-6: no set-up without a billed device period')).codes).toEqual([]);
  });

  it('RPM-6: before 2026, the set-up needs the 16-day device period', () => {
    const d = decide(facts('RPM-6: before 2026 the set-up needs the 16-day period'));
    expect(d.codes).toEqual([]);
    expect(reasonKeys(d)).toContain('RPM_DEVICE_DAYS_BELOW_MINIMUM');
  });

  it('RPM-7, EXCL-4: RPM and CCM bill in the same month with separate minutes', () => {
    const d = decide(facts('RPM-7, EXCL-4: RPM and CCM in the same month'));
    expect(codeMap(d)).toEqual({ '99490': 1, '99454': 1, '99457': 1 });
    expect(d.countedMinutes).toMatchObject({ staff: 20, rpm: 20 });
  });

  it('RPM-8: 99458 per further 20 minutes, capped at 3 by default', () => {
    expect(codeMap(decide(facts('RPM-8: 60 management minutes')))).toEqual({ '99457': 1, '99458': 2 });
    const capped = decide(facts('RPM-8: 100 management minutes reach the 99458 cap'));
    expect(codeMap(capped)).toEqual({ '99457': 1, '99458': 3 });
    expect(capped.notBillable).toContainEqual({
      reason: 'ADDON_UNIT_CAP_REACHED',
      ref: '99458',
      rule: 'RPM-8',
    });
  });
});

describe('advanced primary care management (APCM) and year changes', () => {
  const facts = apcm.facts;

  it('APCM-1: G0556 for one or no condition, G0557 for two or more, G0558 for two or more and QMB; no minutes needed', () => {
    expect(codeMap(decide(facts('APCM-1: two conditions bill G0557')))).toEqual({ G0557: 1 });
    expect(codeMap(decide(facts('APCM-1: two conditions and QMB bill G0558')))).toEqual({ G0558: 1 });
    expect(codeMap(decide(facts('APCM-1: one condition bills G0556')))).toEqual({ G0556: 1 });
  });

  it('APCM-1: APCM does not exist before 2025', () => {
    const d = decide(facts('APCM-1: no APCM before 2025'));
    expect(d.ruleSet).toBe('medicare-pfs-2024');
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toEqual([{ reason: 'REQUIREMENT_NOT_MET', ref: 'G0557', rule: 'APCM-1' }]);
  });

  it('APCM-2: the practitioner must be responsible for all primary care with the service elements in place; one APCM per month', () => {
    const d = decide(facts('APCM-2: a practitioner not responsible for all primary care'));
    expect(d.notBillable).toEqual([
      { reason: 'REQUIREMENT_NOT_MET', ref: 'apcm.practitionerResponsibleForAllPrimaryCare', rule: 'APCM-2' },
    ]);
    const twice = decide(facts('APCM-2: another practitioner’s APCM this month'));
    expect(twice.notBillable).toEqual([{ reason: 'APCM_BILLED_SAME_MONTH', rule: 'APCM-2' }]);
  });

  it('APCM-3: APCM needs a usable consent', () => {
    expect(reasonKeys(decide(facts('APCM-3: APCM without consent')))).toEqual(['NO_CONSENT']);
  });

  it('APCM-4: the initiating-visit look-back is three years', () => {
    expect(codeMap(decide(facts('APCM-4: last seen inside the three-year look-back')))).toEqual({ G0557: 1 });
    expect(decide(facts('APCM-4: last seen before the three-year look-back')).notBillable).toEqual([
      { reason: 'INITIATING_VISIT_REQUIRED', rule: 'APCM-4' },
    ]);
  });

  it('APCM-5, EXCL-3: the APCM practitioner does not bill CCM/PCM codes for the month', () => {
    const d = decide(facts('APCM-5, EXCL-3: CCM time and an attempted CCM line beside APCM'));
    expect(codeMap(d)).toEqual({ G0557: 1 });
    expect(d.notBillable).toContainEqual({
      reason: 'MUTUALLY_EXCLUSIVE_TRACK',
      ref: '99490',
      rule: 'EXCL-3',
    });
  });

  it('APCM-6: RPM may be billed alongside APCM', () => {
    expect(codeMap(decide(facts('APCM-6: RPM beside APCM')))).toEqual({ G0557: 1, '99454': 1 });
  });

  it('APCM-7: QMB patients owe nothing for G0558', () => {
    expect(decide(facts('APCM-1: two conditions and QMB bill G0558')).patientCostSharingBillable).toBe(false);
  });

  it("APCM-8: the BH add-on G0570 needs the same practitioner's APCM base, now or billed elsewhere this month", () => {
    expect(codeMap(decide(facts('APCM-8: the BH add-on with our APCM base')))).toEqual({
      G0557: 1,
      G0570: 1,
    });
    expect(decide(facts('APCM-8: the BH add-on alone')).notBillable).toEqual([
      { reason: 'APCM_ADDON_WITHOUT_SAME_PRACTITIONER_BASE', ref: 'G0570', rule: 'APCM-8' },
    ]);
    const withBase = decide(facts('APCM-8: the BH add-on with our APCM base billed elsewhere this month'));
    expect(codeMap(withBase)).toEqual({ G0570: 1 });
    const otherBase = decide(facts('APCM-8: the BH add-on with another practitioner’s APCM base'));
    expect(reasonKeys(otherBase)).toContain('APCM_ADDON_WITHOUT_SAME_PRACTITIONER_BASE:G0570');
    const standalone = decide(facts('APCM-8: the BH add-on beside standalone BHI 99484'));
    expect(codeMap(standalone)).toEqual({ G0557: 1 });
    expect(standalone.notBillable).toContainEqual({
      reason: 'EXCLUDED_BY_CONCURRENT_SERVICE',
      ref: '99484',
      rule: 'APCM-8',
    });
    const elsewhere = decide(facts('APCM-8: the BH add-on furnished under another practitioner'));
    expect(elsewhere.notBillable).toContainEqual({
      reason: 'REQUIREMENT_NOT_MET',
      ref: 'behavioralHealth.furnishedUnderPractitioner',
      rule: 'APCM-8',
    });
  });

  it('APCM-9: billing APCM traces the MVP reminder', () => {
    expect(decide(facts('APCM-1: two conditions bill G0557')).trace).toContain(
      'APCM-9: reminder: report the Value in Primary Care MVP',
    );
  });

  it('CHG-2026-3: 99445, 99470 and G0570 are not billed before 2026', () => {
    const rpm2025 = decide(yearsAndFees.facts('CHG-2026-3: no 99445 or 99470 in 2025'));
    expect(rpm2025.ruleSet).toBe('medicare-pfs-2025');
    expect(rpm2025.codes).toEqual([]);
    expect(reasonKeys(rpm2025)).toEqual(
      expect.arrayContaining(['RPM_DEVICE_DAYS_BELOW_MINIMUM', 'TIME_BELOW_THRESHOLD:99457']),
    );
    const bh = decide(yearsAndFees.facts('CHG-2026-3: no G0570 in 2025'));
    expect(codeMap(bh)).toEqual({ G0557: 1 });
    expect(bh.notBillable).toContainEqual({
      reason: 'REQUIREMENT_NOT_MET',
      ref: 'G0570',
      rule: 'CHG-2026-3',
    });
  });
});
