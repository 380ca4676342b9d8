import { decide } from './decide';
import { DR, MA, buildFacts, buildPcmFacts, entry, minutesBy } from './testing/facts-builder';
import { codeMap, reasonKeys } from './testing/decision-helpers';

const practitioner = (total: number) => minutesBy(total, { performer: DR });

describe('code catalogue and units (CODE, ccm-rules.md §7.1)', () => {
  it('CODE-1: 99490 at 20 clinical staff minutes', () => {
    expect(codeMap(decide(buildFacts({ timeEntries: minutesBy(20) })))).toEqual({ '99490': 1 });
  });

  it('CODE-2: 99439 per further 20 minutes, at most two units; minutes beyond 60 earn nothing', () => {
    expect(codeMap(decide(buildFacts({ timeEntries: minutesBy(45) })))).toEqual({ '99490': 1, '99439': 1 });
    const d = decide(buildFacts({ timeEntries: minutesBy(95) }));
    expect(codeMap(d)).toEqual({ '99490': 1, '99439': 2 });
    expect(d.notBillable).toContainEqual({ reason: 'ADDON_UNIT_CAP_REACHED', ref: '99439', rule: 'CODE-2' });
  });

  it('CODE-3: 99487 needs 60 staff minutes and moderate/high MDM', () => {
    const complex = (minutes: number, mdm: 'low' | 'moderate' | 'high') =>
      decide(
        buildFacts({
          trackPolicy: { preferred: 'ccm_complex_staff' },
          mdmThisMonth: mdm,
          timeEntries: minutesBy(minutes),
        }),
      );
    expect(codeMap(complex(60, 'high'))).toEqual({ '99487': 1 });
    expect(complex(60, 'low').notBillable).toEqual([
      { reason: 'COMPLEX_MDM_NOT_MET', ref: '99487', rule: 'CODE-3' },
    ]);
    expect(reasonKeys(complex(50, 'low'))).toEqual([
      'COMPLEX_TIME_BELOW_THRESHOLD:99487',
      'COMPLEX_MDM_NOT_MET:99487',
    ]);
  });

  it('CODE-4: complex CCM needs no substantial care-plan revision unless the policy asks; the flag is reported', () => {
    const facts = buildFacts({
      trackPolicy: { preferred: 'ccm_complex_staff' },
      mdmThisMonth: 'moderate',
      carePlan: { activityThisMonth: 'monitored' },
      timeEntries: minutesBy(60),
    });
    expect(codeMap(decide(facts))).toEqual({ '99487': 1 });
    const strict = decide(facts, { complexRequiresSubstantialCarePlanRevision: true });
    expect(strict.notBillable).toContainEqual({
      reason: 'REQUIREMENT_NOT_MET',
      ref: 'carePlan.substantiallyRevisedThisMonth',
      rule: 'CODE-4',
    });
    const revised = decide({
      ...facts,
      carePlan: { ...facts.carePlan, substantiallyRevisedThisMonth: true },
    });
    expect(revised.trace).toContain('CODE-4: care plan substantially revised this month (reported)');
  });

  it('CODE-5: 99489 per further full 30 minutes beyond 60, capped at 10 by default', () => {
    const complex = (minutes: number, policy = {}) =>
      decide(
        buildFacts({
          trackPolicy: { preferred: 'ccm_complex_staff' },
          mdmThisMonth: 'high',
          timeEntries: minutesBy(minutes),
        }),
        policy,
      );
    expect(codeMap(complex(150))).toEqual({ '99487': 1, '99489': 3 });
    expect(codeMap(complex(150, { unitCaps: { '99489': 2 } }))).toEqual({ '99487': 1, '99489': 2 });
  });

  it('CODE-6: 99491 at 30 minutes personally spent by the billing practitioner', () => {
    const d = decide(
      buildFacts({ trackPolicy: { preferred: 'ccm_practitioner' }, timeEntries: practitioner(30) }),
    );
    expect(codeMap(d)).toEqual({ '99491': 1 });
  });

  it('CODE-7, CODE-8: 99437 per further 30 practitioner minutes, capped at 2', () => {
    const d = decide(
      buildFacts({ trackPolicy: { preferred: 'ccm_practitioner' }, timeEntries: practitioner(125) }),
    );
    expect(codeMap(d)).toEqual({ '99491': 1, '99437': 2 });
    expect(d.notBillable).toContainEqual({ reason: 'ADDON_UNIT_CAP_REACHED', ref: '99437', rule: 'CODE-8' });
  });

  it('CODE-9: the non-complex reporting bands', () => {
    const bands: [number, Record<string, number>][] = [
      [19, {}],
      [20, { '99490': 1 }],
      [21, { '99490': 1 }],
      [39, { '99490': 1 }],
      [40, { '99490': 1, '99439': 1 }],
      [59, { '99490': 1, '99439': 1 }],
      [60, { '99490': 1, '99439': 2 }],
      [200, { '99490': 1, '99439': 2 }],
    ];
    for (const [minutes, codes] of bands)
      expect(codeMap(decide(buildFacts({ timeEntries: minutesBy(minutes) })))).toEqual(codes);
  });

  it('TIME-2: a month with nothing logged for the track refuses no code for time (the trace still says why)', () => {
    const d = decide(buildFacts({ trackPolicy: { preferred: 'ccm_complex_staff' }, mdmThisMonth: 'high' }));
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toEqual([]);
    expect(d.trace).toContain('CODE-3: 0 < 60 staff minutes: no 99487');
  });

  it('CODE-10: one claim line per code per month, units summed', () => {
    const d = decide(buildFacts({ timeEntries: minutesBy(60) }));
    expect(d.codes).toEqual([
      { code: '99439', units: 2 },
      { code: '99490', units: 1 },
    ]);
  });
});

describe('track selection (SEL)', () => {
  it('SEL-1: complex and non-complex are never billed together', () => {
    const d = decide(
      buildFacts({
        trackPolicy: { preferred: 'ccm_complex_staff', fallback: 'ccm_noncomplex_staff' },
        mdmThisMonth: 'high',
        attemptedClaimLines: ['99490'],
        timeEntries: minutesBy(70),
      }),
    );
    expect(codeMap(d)).toEqual({ '99487': 1 });
    expect(d.notBillable).toContainEqual({ reason: 'MUTUALLY_EXCLUSIVE_TRACK', ref: '99490', rule: 'SEL-1' });
  });

  it('SEL-2: a staff track refuses 99491 when the practitioner alone reached 30', () => {
    const d = decide(buildFacts({ timeEntries: practitioner(30) }));
    expect(codeMap(d)).toEqual({ '99490': 1 });
    expect(d.notBillable).toContainEqual({ reason: 'MUTUALLY_EXCLUSIVE_TRACK', ref: '99491', rule: 'SEL-2' });
  });

  it('SEL-2: the practitioner track refuses 99490 when staff alone reached 20, and names the staff time (TIME-7)', () => {
    const d = decide(
      buildFacts({
        trackPolicy: { preferred: 'ccm_practitioner' },
        timeEntries: [...practitioner(35), ...minutesBy(20, { performer: MA }, 10)],
      }),
    );
    expect(codeMap(d)).toEqual({ '99491': 1 });
    expect(d.notBillable).toEqual(
      expect.arrayContaining([
        { reason: 'CLINICAL_STAFF_TIME_NOT_COUNTABLE_FOR_PRACTITIONER_CODE', ref: '99437', rule: 'TIME-7' },
        { reason: 'MUTUALLY_EXCLUSIVE_TRACK', ref: '99490', rule: 'SEL-2' },
      ]),
    );
  });

  it('SEL-3: add-ons come only with their base; an attempted add-on without it is refused', () => {
    const d = decide(buildFacts({ attemptedClaimLines: ['99490', '99439'], timeEntries: minutesBy(30) }));
    expect(codeMap(d)).toEqual({ '99490': 1 });
    expect(d.notBillable).toContainEqual({ reason: 'TIME_BELOW_THRESHOLD', ref: '99439', rule: 'CODE-2' });
    const none = decide(
      buildFacts({ attemptedClaimLines: [{ code: '99439', units: 1 }], timeEntries: minutesBy(15) }),
    );
    expect(none.codes).toEqual([]);
  });

  it('SEL-4: complex falls back to non-complex when complex requirements are not met', () => {
    const d = decide(
      buildFacts({
        trackPolicy: { preferred: 'ccm_complex_staff', fallback: 'ccm_noncomplex_staff' },
        mdmThisMonth: 'low',
        timeEntries: minutesBy(65),
      }),
    );
    expect(codeMap(d)).toEqual({ '99490': 1, '99439': 2 });
    expect(reasonKeys(d)).toEqual(
      expect.arrayContaining(['COMPLEX_MDM_NOT_MET:99487', 'ADDON_UNIT_CAP_REACHED:99439']),
    );
  });

  it('SEL-5: the track is the documented choice, never the better-paying one', () => {
    const d = decide(
      buildFacts({
        trackPolicy: { preferred: 'ccm_complex_staff' },
        mdmThisMonth: 'moderate',
        timeEntries: minutesBy(60),
      }),
    );
    expect(codeMap(d)).toEqual({ '99487': 1 });
    const preferred = decide(
      buildFacts({
        trackPolicy: { preferred: 'ccm_complex_staff', fallback: 'ccm_noncomplex_staff' },
        mdmThisMonth: 'high',
        timeEntries: minutesBy(60),
      }),
    );
    expect(codeMap(preferred)).toEqual({ '99487': 1 });
  });

  it('SEL-6: CCM and PCM by the same practitioner never both; the non-chosen one is refused', () => {
    const ccm = decide(
      buildFacts({
        timeEntries: [...minutesBy(25), ...minutesBy(30, { program: 'PCM' }, 10)],
        attemptedClaimLines: ['99424'],
      }),
    );
    expect(codeMap(ccm)).toEqual({ '99490': 1 });
    expect(ccm.notBillable).toEqual(
      expect.arrayContaining([
        { reason: 'PCM_AND_CCM_SAME_PRACTITIONER', ref: '99426', rule: 'SEL-6' },
        { reason: 'PCM_AND_CCM_SAME_PRACTITIONER', ref: '99424', rule: 'SEL-6' },
      ]),
    );
    const pcm = decide(
      buildPcmFacts({ timeEntries: [...minutesBy(25), ...minutesBy(30, { program: 'PCM' }, 10)] }),
    );
    expect(codeMap(pcm)).toEqual({ '99426': 1 });
    expect(pcm.notBillable).toContainEqual({
      reason: 'PCM_AND_CCM_SAME_PRACTITIONER',
      ref: '99490',
      rule: 'SEL-6',
    });
  });
});

describe('principal care management (PCM)', () => {
  it('PCM-1: the attested condition must last at least 3 months (configurable) with every attestation', () => {
    const short = buildPcmFacts({
      pcmConditionAttestation: {
        expectedDurationMonthsAtLeast: 2,
        riskOfHospitalizationOrDecline: true,
        frequentMedicationAdjustment: true,
        ongoingCoordinationNeeded: true,
      },
      timeEntries: minutesBy(30, { program: 'PCM' }),
    });
    expect(decide(short).notBillable).toEqual([
      { reason: 'INSUFFICIENT_QUALIFYING_CONDITIONS', ref: '99426', rule: 'PCM-1' },
    ]);
    expect(codeMap(decide(short, { pcmMinimumExpectedDurationMonths: 2 }))).toEqual({ '99426': 1 });
    const none = buildPcmFacts({ timeEntries: minutesBy(30, { program: 'PCM' }) });
    expect(reasonKeys(decide({ ...none, pcmConditionAttestation: null }))).toEqual([
      'INSUFFICIENT_QUALIFYING_CONDITIONS:99426',
    ]);
  });

  it('PCM-2: 99424/99426 at 30 minutes, 99425/99427 per further 30', () => {
    expect(codeMap(decide(buildPcmFacts({ timeEntries: minutesBy(65, { program: 'PCM' }) })))).toEqual({
      '99426': 1,
      '99427': 1,
    });
    const pract = decide(
      buildPcmFacts({
        trackPolicy: { preferred: 'pcm_practitioner' },
        timeEntries: minutesBy(60, { program: 'PCM', performer: DR }),
      }),
    );
    expect(codeMap(pract)).toEqual({ '99424': 1, '99425': 1 });
    expect(reasonKeys(decide(buildPcmFacts({ timeEntries: minutesBy(29, { program: 'PCM' }) })))).toEqual([
      'TIME_BELOW_THRESHOLD:99426',
    ]);
  });

  it('PCM-3: PCM needs a PCM consent and a disease-specific care plan', () => {
    const ccmConsent = decide(
      buildPcmFacts({ consent: { program: 'CCM' }, timeEntries: minutesBy(30, { program: 'PCM' }) }),
    );
    expect(ccmConsent.notBillable).toEqual([{ reason: 'NO_CONSENT', ref: '99426', rule: 'PCM-3' }]);
    const plan = decide(
      buildPcmFacts({ carePlan: { type: 'comprehensive' }, timeEntries: minutesBy(30, { program: 'PCM' }) }),
    );
    expect(plan.notBillable).toEqual([{ reason: 'CARE_PLAN_MISSING', rule: 'PCM-3' }]);
  });

  it('PCM-4: a patient with two or more conditions may still get PCM', () => {
    expect(codeMap(decide(buildPcmFacts({ timeEntries: minutesBy(30, { program: 'PCM' }) })))).toEqual({
      '99426': 1,
    });
  });

  it('PCM-5: 99425 and 99427 are capped at 2 units by default', () => {
    const d = decide(buildPcmFacts({ timeEntries: minutesBy(125, { program: 'PCM' }) }));
    expect(codeMap(d)).toEqual({ '99426': 1, '99427': 2 });
    expect(d.notBillable).toContainEqual({ reason: 'ADDON_UNIT_CAP_REACHED', ref: '99427', rule: 'PCM-5' });
  });
});

describe('claim timing (CLAIM)', () => {
  it('CLAIM-1: thresholdReachedOn is the date the billed base threshold was met', () => {
    const d = decide(
      buildFacts({
        timeEntries: [
          entry(12, { date: '2026-03-03' }),
          entry(7, { date: '2026-03-05' }),
          entry(30, { date: '2026-03-09' }),
        ],
      }),
    );
    expect(d.thresholdReachedOn).toBe('2026-03-09');
  });

  it('CLAIM-1: a threshold crossed inside an entry that passes midnight takes the date of that minute', () => {
    const d = decide(
      buildFacts({
        timeEntries: [entry(10, { date: '2026-03-03' }), entry(30, { date: '2026-03-04', start: '23:55' })],
      }),
    );
    expect(d.thresholdReachedOn).toBe('2026-03-05');
  });

  it('CLAIM-3: nothing billed means month-end release: thresholdReachedOn is null', () => {
    expect(decide(buildFacts({ timeEntries: minutesBy(10) })).thresholdReachedOn).toBeNull();
    const complex = decide(
      buildFacts({
        trackPolicy: { preferred: 'ccm_complex_staff' },
        mdmThisMonth: 'high',
        timeEntries: minutesBy(75),
      }),
    );
    expect(complex.thresholdReachedOn).toBe('2026-03-04');
  });

  it('CLAIM-4: each decision is one service month', () => {
    expect(decide(buildFacts({ timeEntries: minutesBy(20) })).serviceMonth).toBe('2026-03');
  });
});
