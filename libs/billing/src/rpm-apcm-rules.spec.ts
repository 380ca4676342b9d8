import { decide } from './decide';
import {
  DR,
  OTHER_DR,
  buildApcmFacts,
  buildFacts,
  entry,
  minutesBy,
  rpmBlock,
} from './testing/facts-builder';
import { codeMap, reasonKeys } from './testing/decision-helpers';

const rpmMinutes = (total: number, interactive = true) =>
  minutesBy(total, { program: 'RPM', interactiveCommunication: interactive }, 10);

describe('remote physiologic monitoring (RPM)', () => {
  it('RPM-1: device periods belong to the month they start in; management minutes to the calendar month', () => {
    const d = decide(
      buildFacts({
        rpm: rpmBlock(0, {
          devicePeriods: [
            { start: '2026-02-14', end: '2026-03-15', daysWithTransmittedData: 20 },
            { start: '2026-03-16', end: '2026-04-14', daysWithTransmittedData: 18 },
          ],
        }),
        timeEntries: [
          entry(25, { id: 'feb', date: '2026-02-27', program: 'RPM', interactiveCommunication: true }),
        ],
      }),
    );
    expect(codeMap(d)).toEqual({ '99454': 1 });
    expect(d.countedMinutes.rpm).toBe(0);
  });

  it('RPM-2: 99454 at 16+ days, 99445 at 2–15 (2026), nothing under 2', () => {
    expect(codeMap(decide(buildFacts({ rpm: rpmBlock(16) })))).toEqual({ '99454': 1 });
    expect(codeMap(decide(buildFacts({ rpm: rpmBlock(15) })))).toEqual({ '99445': 1 });
    const one = decide(buildFacts({ rpm: rpmBlock(1) }));
    expect(one.codes).toEqual([]);
    expect(one.notBillable).toContainEqual({ reason: 'RPM_DEVICE_DAYS_BELOW_MINIMUM', rule: 'RPM-2' });
  });

  it('RPM-2: 99457 at 20 minutes with an interactive call, 99470 at 10–19 (2026), none without interaction', () => {
    expect(
      codeMap(decide(buildFacts({ rpm: rpmBlock(0, { devicePeriods: [] }), timeEntries: rpmMinutes(20) }))),
    ).toEqual({ '99457': 1 });
    const short = decide(
      buildFacts({ rpm: rpmBlock(0, { devicePeriods: [] }), timeEntries: rpmMinutes(12) }),
    );
    expect(codeMap(short)).toEqual({ '99470': 1 });
    expect(reasonKeys(short)).toContain('TIME_BELOW_THRESHOLD:99457');
    const silent = decide(
      buildFacts({ rpm: rpmBlock(0, { devicePeriods: [] }), timeEntries: rpmMinutes(30, false) }),
    );
    expect(silent.codes).toEqual([]);
    expect(silent.notBillable).toContainEqual({ reason: 'RPM_NO_INTERACTIVE_COMMUNICATION', rule: 'RPM-2' });
  });

  it('RPM-3: device and management codes are independent', () => {
    expect(codeMap(decide(buildFacts({ rpm: rpmBlock(1), timeEntries: rpmMinutes(20) })))).toEqual({
      '99457': 1,
    });
    expect(codeMap(decide(buildFacts({ rpm: rpmBlock(20), timeEntries: rpmMinutes(5) })))).toEqual({
      '99454': 1,
    });
  });

  it('RPM-4: one practitioner per period; RPM and RTM not together (RTM dropped)', () => {
    const both = decide(buildFacts({ rpm: rpmBlock(20), rtm: { enrolled: true } }));
    expect(codeMap(both)).toEqual({ '99454': 1 });
    expect(both.notBillable).toContainEqual({ reason: 'RPM_AND_RTM_SAME_PERIOD', rule: 'RPM-4' });
    const other = decide(
      buildFacts({
        rpm: rpmBlock(20),
        otherPractitionerClaimsThisMonth: [{ practitionerId: OTHER_DR.id, code: '99454' }],
      }),
    );
    expect(other.codes).toEqual([]);
    expect(other.notBillable).toContainEqual({
      reason: 'REQUIREMENT_NOT_MET',
      ref: 'otherPractitionerClaimsThisMonth',
      rule: 'RPM-4',
    });
  });

  it('RPM-5: RPM needs an established patient (and a documented RPM consent)', () => {
    const d = decide(
      buildFacts({ rpm: rpmBlock(20, { establishedPatient: false }), timeEntries: rpmMinutes(20) }),
    );
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toContainEqual({ reason: 'RPM_NOT_ESTABLISHED_PATIENT', rule: 'RPM-5' });
    expect(reasonKeys(d).filter((k) => k.includes('99457') || k.includes('99454'))).toEqual([]);
    const noConsent = decide(
      buildFacts({ rpm: rpmBlock(20, { consentDocumented: false }), timeEntries: rpmMinutes(20) }),
    );
    expect(noConsent.codes).toEqual([]);
    expect(reasonKeys(noConsent)).toEqual(expect.arrayContaining(['NO_CONSENT:99454', 'NO_CONSENT:99457']));
  });

  it('RPM-6: 99453 once per episode, only beside a billed device period', () => {
    expect(
      codeMap(decide(buildFacts({ rpm: rpmBlock(3, { setupAndEducationBilledPreviously: false }) }))),
    ).toEqual({ '99445': 1, '99453': 1 });
    expect(
      codeMap(decide(buildFacts({ rpm: rpmBlock(20, { setupAndEducationBilledPreviously: true }) }))),
    ).toEqual({ '99454': 1 });
    expect(
      decide(buildFacts({ rpm: rpmBlock(1, { setupAndEducationBilledPreviously: false }) })).codes,
    ).toEqual([]);
  });

  it('RPM-6: before 2026, the set-up needs the 16-day device period', () => {
    const facts = buildFacts({
      serviceMonth: '2025-03',
      consent: { obtainedAt: '2024-11-04T10:20' },
      patient: { lastFaceToFaceVisitWithBillingPractitioner: '2024-11-04' },
      rpm: rpmBlock(10, {
        setupAndEducationBilledPreviously: false,
        devicePeriods: [{ start: '2025-03-01', end: '2025-03-30', daysWithTransmittedData: 10 }],
      }),
    });
    const d = decide(facts);
    expect(d.codes).toEqual([]);
    expect(reasonKeys(d)).toContain('RPM_DEVICE_DAYS_BELOW_MINIMUM');
  });

  it('RPM-7, EXCL-4: RPM and CCM bill in the same month with separate minutes', () => {
    const d = decide(buildFacts({ rpm: rpmBlock(18), timeEntries: [...minutesBy(20), ...rpmMinutes(20)] }));
    expect(codeMap(d)).toEqual({ '99490': 1, '99454': 1, '99457': 1 });
    expect(d.countedMinutes).toMatchObject({ staff: 20, rpm: 20 });
  });

  it('RPM-8: 99458 per further 20 minutes, capped at 3 by default', () => {
    expect(
      codeMap(decide(buildFacts({ rpm: rpmBlock(0, { devicePeriods: [] }), timeEntries: rpmMinutes(60) }))),
    ).toEqual({ '99457': 1, '99458': 2 });
    const capped = decide(
      buildFacts({ rpm: rpmBlock(0, { devicePeriods: [] }), timeEntries: rpmMinutes(100) }),
    );
    expect(codeMap(capped)).toEqual({ '99457': 1, '99458': 3 });
    expect(capped.notBillable).toContainEqual({
      reason: 'ADDON_UNIT_CAP_REACHED',
      ref: '99458',
      rule: 'RPM-8',
    });
  });
});

describe('advanced primary care management (APCM) and year changes', () => {
  it('APCM-1: G0556 for one or no condition, G0557 for two or more, G0558 for two or more and QMB; no minutes needed', () => {
    expect(codeMap(decide(buildApcmFacts()))).toEqual({ G0557: 1 });
    expect(codeMap(decide(buildApcmFacts({ payer: { qmb: true } })))).toEqual({ G0558: 1 });
    expect(codeMap(decide(buildApcmFacts({ patient: { qualifyingChronicConditionCount: 1 } })))).toEqual({
      G0556: 1,
    });
  });

  it('APCM-1: APCM does not exist before 2025', () => {
    const d = decide(
      buildApcmFacts({
        serviceMonth: '2024-06',
        consent: { obtainedAt: '2024-01-04T10:00' },
        patient: { lastFaceToFaceVisitWithBillingPractitioner: '2024-01-04' },
      }),
    );
    expect(d.ruleSet).toBe('medicare-pfs-2024');
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toEqual([{ reason: 'REQUIREMENT_NOT_MET', ref: 'G0557', rule: 'APCM-1' }]);
  });

  it('APCM-2: the practitioner must be responsible for all primary care with the service elements in place; one APCM per month', () => {
    const d = decide(
      buildApcmFacts({
        apcm: { practitionerResponsibleForAllPrimaryCare: false, serviceElementsInPlace: true },
      }),
    );
    expect(d.notBillable).toEqual([
      { reason: 'REQUIREMENT_NOT_MET', ref: 'apcm.practitionerResponsibleForAllPrimaryCare', rule: 'APCM-2' },
    ]);
    const twice = decide(
      buildApcmFacts({ otherPractitionerClaimsThisMonth: [{ practitionerId: OTHER_DR.id, code: 'G0557' }] }),
    );
    expect(twice.notBillable).toEqual([{ reason: 'APCM_BILLED_SAME_MONTH', rule: 'APCM-2' }]);
  });

  it('APCM-3: APCM needs a usable consent', () => {
    expect(reasonKeys(decide(buildApcmFacts({ consent: { status: 'none' } })))).toEqual(['NO_CONSENT']);
  });

  it('APCM-4: the initiating-visit look-back is three years', () => {
    const lastSeen = (date: string) =>
      decide(buildApcmFacts({ patient: { lastFaceToFaceVisitWithBillingPractitioner: date } }));
    expect(codeMap(lastSeen('2023-06-01'))).toEqual({ G0557: 1 });
    expect(lastSeen('2022-11-03').notBillable).toEqual([
      { reason: 'INITIATING_VISIT_REQUIRED', rule: 'APCM-4' },
    ]);
  });

  it('APCM-5, EXCL-3: the APCM practitioner does not bill CCM/PCM codes for the month', () => {
    const d = decide(buildApcmFacts({ timeEntries: minutesBy(40), attemptedClaimLines: ['99490'] }));
    expect(codeMap(d)).toEqual({ G0557: 1 });
    expect(d.notBillable).toContainEqual({
      reason: 'MUTUALLY_EXCLUSIVE_TRACK',
      ref: '99490',
      rule: 'EXCL-3',
    });
  });

  it('APCM-6: RPM may be billed alongside APCM', () => {
    expect(codeMap(decide(buildApcmFacts({ rpm: rpmBlock(20) })))).toEqual({ G0557: 1, '99454': 1 });
  });

  it('APCM-7: QMB patients owe nothing for G0558', () => {
    expect(decide(buildApcmFacts({ payer: { qmb: true } })).patientCostSharingBillable).toBe(false);
  });

  it("APCM-8: the BH add-on G0570 needs the same practitioner's APCM base, now or billed elsewhere this month", () => {
    const bh = {
      service: 'general_BHI',
      furnishedUnderPractitioner: DR.id,
      activitiesDocumented: ['care_plan_bh_goals'],
    };
    expect(codeMap(decide(buildApcmFacts({ behavioralHealth: bh })))).toEqual({ G0557: 1, G0570: 1 });
    const addonOnly = buildFacts({ trackPolicy: { preferred: 'apcm_bh_addon' }, behavioralHealth: bh });
    expect(decide(addonOnly).notBillable).toEqual([
      { reason: 'APCM_ADDON_WITHOUT_SAME_PRACTITIONER_BASE', ref: 'G0570', rule: 'APCM-8' },
    ]);
    const withBase = decide({
      ...addonOnly,
      otherServicesThisMonth: [{ code: 'G0557', practitionerId: DR.id }],
    });
    expect(codeMap(withBase)).toEqual({ G0570: 1 });
    const otherBase = decide({
      ...addonOnly,
      otherServicesThisMonth: [{ code: 'G0557', practitionerId: OTHER_DR.id }],
    });
    expect(reasonKeys(otherBase)).toContain('APCM_ADDON_WITHOUT_SAME_PRACTITIONER_BASE:G0570');
    const standalone = decide(
      buildApcmFacts({
        behavioralHealth: bh,
        otherServicesThisMonth: [{ code: '99484', practitionerId: OTHER_DR.id }],
      }),
    );
    expect(codeMap(standalone)).toEqual({ G0557: 1 });
    expect(standalone.notBillable).toContainEqual({
      reason: 'EXCLUDED_BY_CONCURRENT_SERVICE',
      ref: '99484',
      rule: 'APCM-8',
    });
    const elsewhere = decide(
      buildApcmFacts({ behavioralHealth: { ...bh, furnishedUnderPractitioner: OTHER_DR.id } }),
    );
    expect(elsewhere.notBillable).toContainEqual({
      reason: 'REQUIREMENT_NOT_MET',
      ref: 'behavioralHealth.furnishedUnderPractitioner',
      rule: 'APCM-8',
    });
  });

  it('APCM-9: billing APCM traces the MVP reminder', () => {
    expect(decide(buildApcmFacts()).trace).toContain(
      'APCM-9: reminder: report the Value in Primary Care MVP',
    );
  });

  it('CHG-2026-3: 99445, 99470 and G0570 are not billed before 2026', () => {
    const base = {
      serviceMonth: '2025-03',
      consent: { obtainedAt: '2024-11-04T10:20' },
      patient: { lastFaceToFaceVisitWithBillingPractitioner: '2024-11-04' },
    };
    const rpm = decide(
      buildFacts({
        ...base,
        rpm: rpmBlock(10, {
          devicePeriods: [{ start: '2025-03-01', end: '2025-03-30', daysWithTransmittedData: 10 }],
        }),
        timeEntries: [entry(15, { date: '2025-03-10', program: 'RPM', interactiveCommunication: true })],
      }),
    );
    expect(rpm.ruleSet).toBe('medicare-pfs-2025');
    expect(rpm.codes).toEqual([]);
    expect(reasonKeys(rpm)).toEqual(
      expect.arrayContaining(['RPM_DEVICE_DAYS_BELOW_MINIMUM', 'TIME_BELOW_THRESHOLD:99457']),
    );
    const bh = decide(
      buildApcmFacts({
        ...base,
        behavioralHealth: {
          service: 'general_BHI',
          furnishedUnderPractitioner: DR.id,
          activitiesDocumented: ['x'],
        },
      }),
    );
    expect(codeMap(bh)).toEqual({ G0557: 1 });
    expect(bh.notBillable).toContainEqual({
      reason: 'REQUIREMENT_NOT_MET',
      ref: 'G0570',
      rule: 'CHG-2026-3',
    });
  });
});
