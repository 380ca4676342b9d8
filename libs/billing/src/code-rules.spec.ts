import { decide } from './decide';
import { codeMap, reasonKeys } from './testing/decision-helpers';
import { codes, pcmAndClaims, selection } from './testing/scenarios';

// The documents are the billing scenario suite's (testing/scenarios), which the api tests also record.

describe('code catalogue and units (CODE, ccm-rules.md §7.1)', () => {
  const facts = codes.facts;

  it('CODE-1: 99490 at 20 clinical staff minutes', () => {
    expect(codeMap(decide(facts('CODE-1: 20 clinical staff minutes')))).toEqual({ '99490': 1 });
  });

  it('CODE-2: 99439 per further 20 minutes, at most two units; minutes beyond 60 earn nothing', () => {
    expect(codeMap(decide(facts('CODE-2: 45 clinical staff minutes')))).toEqual({ '99490': 1, '99439': 1 });
    const d = decide(facts('CODE-2: 95 clinical staff minutes reach the 99439 cap'));
    expect(codeMap(d)).toEqual({ '99490': 1, '99439': 2 });
    expect(d.notBillable).toContainEqual({ reason: 'ADDON_UNIT_CAP_REACHED', ref: '99439', rule: 'CODE-2' });
  });

  it('CODE-3: 99487 needs 60 staff minutes and moderate/high MDM', () => {
    expect(codeMap(decide(facts('CODE-3: complex, 60 minutes, high MDM')))).toEqual({ '99487': 1 });
    expect(decide(facts('CODE-3: complex, 60 minutes, low MDM')).notBillable).toEqual([
      { reason: 'COMPLEX_MDM_NOT_MET', ref: '99487', rule: 'CODE-3' },
    ]);
    expect(reasonKeys(decide(facts('CODE-3: complex, 50 minutes, low MDM')))).toEqual([
      'COMPLEX_TIME_BELOW_THRESHOLD:99487',
      'COMPLEX_MDM_NOT_MET:99487',
    ]);
  });

  it('CODE-4: complex CCM needs no substantial care-plan revision unless the policy asks; the flag is reported', () => {
    const monitored = facts('CODE-4: complex with the care plan monitored');
    expect(codeMap(decide(monitored))).toEqual({ '99487': 1 });
    const strict = decide(monitored, { complexRequiresSubstantialCarePlanRevision: true });
    expect(strict.notBillable).toContainEqual({
      reason: 'REQUIREMENT_NOT_MET',
      ref: 'carePlan.substantiallyRevisedThisMonth',
      rule: 'CODE-4',
    });
    const revised = decide(facts('CODE-4: complex with the care plan substantially revised'));
    expect(revised.trace).toContain('CODE-4: care plan substantially revised this month (reported)');
  });

  it('CODE-5: 99489 per further full 30 minutes beyond 60, capped at 10 by default', () => {
    const complex = facts('CODE-5: complex, 150 minutes');
    expect(codeMap(decide(complex))).toEqual({ '99487': 1, '99489': 3 });
    expect(codeMap(decide(complex, { unitCaps: { '99489': 2 } }))).toEqual({ '99487': 1, '99489': 2 });
  });

  it('CODE-6: 99491 at 30 minutes personally spent by the billing practitioner', () => {
    const d = decide(facts('CODE-6: 30 practitioner minutes on the practitioner track'));
    expect(codeMap(d)).toEqual({ '99491': 1 });
  });

  it('CODE-7, CODE-8: 99437 per further 30 practitioner minutes, capped at 2', () => {
    const d = decide(facts('CODE-7, CODE-8: 125 practitioner minutes reach the 99437 cap'));
    expect(codeMap(d)).toEqual({ '99491': 1, '99437': 2 });
    expect(d.notBillable).toContainEqual({ reason: 'ADDON_UNIT_CAP_REACHED', ref: '99437', rule: 'CODE-8' });
  });

  it('CODE-9: the non-complex reporting bands', () => {
    const bands: [19 | 20 | 21 | 39 | 40 | 59 | 60 | 200, Record<string, number>][] = [
      [19, {}],
      [20, { '99490': 1 }],
      [21, { '99490': 1 }],
      [39, { '99490': 1 }],
      [40, { '99490': 1, '99439': 1 }],
      [59, { '99490': 1, '99439': 1 }],
      [60, { '99490': 1, '99439': 2 }],
      [200, { '99490': 1, '99439': 2 }],
    ];
    for (const [minutes, expected] of bands)
      expect(codeMap(decide(facts(`CODE-9: ${minutes} minutes`)))).toEqual(expected);
  });

  it('TIME-2: a month with nothing logged for the track refuses no code for time (the trace still says why)', () => {
    const d = decide(facts('TIME-2: complex with nothing logged'));
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toEqual([]);
    expect(d.trace).toContain('CODE-3: 0 < 60 staff minutes: no 99487');
  });

  it('CODE-10: one claim line per code per month, units summed', () => {
    const d = decide(facts('CODE-10: one claim line per code'));
    expect(d.codes).toEqual([
      { code: '99439', units: 2 },
      { code: '99490', units: 1 },
    ]);
  });
});

describe('track selection (SEL)', () => {
  const facts = selection.facts;

  it('SEL-1: complex and non-complex are never billed together', () => {
    const d = decide(facts('SEL-1: complex preferred over an attempted non-complex line'));
    expect(codeMap(d)).toEqual({ '99487': 1 });
    expect(d.notBillable).toContainEqual({ reason: 'MUTUALLY_EXCLUSIVE_TRACK', ref: '99490', rule: 'SEL-1' });
  });

  it('SEL-2: a staff track refuses 99491 when the practitioner alone reached 30', () => {
    const d = decide(facts('SEL-2: 30 practitioner minutes on the staff track'));
    expect(codeMap(d)).toEqual({ '99490': 1 });
    expect(d.notBillable).toContainEqual({ reason: 'MUTUALLY_EXCLUSIVE_TRACK', ref: '99491', rule: 'SEL-2' });
  });

  it('SEL-2: the practitioner track refuses 99490 when staff alone reached 20, and names the staff time (TIME-7)', () => {
    const d = decide(facts('SEL-2: 20 staff minutes on the practitioner track'));
    expect(codeMap(d)).toEqual({ '99491': 1 });
    expect(d.notBillable).toEqual(
      expect.arrayContaining([
        { reason: 'CLINICAL_STAFF_TIME_NOT_COUNTABLE_FOR_PRACTITIONER_CODE', ref: '99437', rule: 'TIME-7' },
        { reason: 'MUTUALLY_EXCLUSIVE_TRACK', ref: '99490', rule: 'SEL-2' },
      ]),
    );
  });

  it('SEL-3: add-ons come only with their base; an attempted add-on without it is refused', () => {
    const d = decide(facts('SEL-3: an attempted add-on below its threshold'));
    expect(codeMap(d)).toEqual({ '99490': 1 });
    expect(d.notBillable).toContainEqual({ reason: 'TIME_BELOW_THRESHOLD', ref: '99439', rule: 'CODE-2' });
    const none = decide(facts('SEL-3: an attempted add-on without its base'));
    expect(none.codes).toEqual([]);
  });

  it('SEL-4: complex falls back to non-complex when complex requirements are not met', () => {
    const d = decide(facts('SEL-4: complex falls back to non-complex'));
    expect(codeMap(d)).toEqual({ '99490': 1, '99439': 2 });
    expect(reasonKeys(d)).toEqual(
      expect.arrayContaining(['COMPLEX_MDM_NOT_MET:99487', 'ADDON_UNIT_CAP_REACHED:99439']),
    );
  });

  it('SEL-5: the track is the documented choice, never the better-paying one', () => {
    const d = decide(facts('SEL-5: the documented complex track without a fallback'));
    expect(codeMap(d)).toEqual({ '99487': 1 });
    const preferred = decide(facts('SEL-5: the documented complex track with a fallback'));
    expect(codeMap(preferred)).toEqual({ '99487': 1 });
  });

  it('SEL-6: CCM and PCM by the same practitioner never both; the non-chosen one is refused', () => {
    const ccm = decide(facts('SEL-6: CCM chosen, PCM time and an attempted PCM line refused'));
    expect(codeMap(ccm)).toEqual({ '99490': 1 });
    expect(ccm.notBillable).toEqual(
      expect.arrayContaining([
        { reason: 'PCM_AND_CCM_SAME_PRACTITIONER', ref: '99426', rule: 'SEL-6' },
        { reason: 'PCM_AND_CCM_SAME_PRACTITIONER', ref: '99424', rule: 'SEL-6' },
      ]),
    );
    const pcm = decide(facts('SEL-6: PCM chosen, CCM time refused'));
    expect(codeMap(pcm)).toEqual({ '99426': 1 });
    expect(pcm.notBillable).toContainEqual({
      reason: 'PCM_AND_CCM_SAME_PRACTITIONER',
      ref: '99490',
      rule: 'SEL-6',
    });
  });
});

describe('principal care management (PCM)', () => {
  const facts = pcmAndClaims.facts;

  it('PCM-1: the attested condition must last at least 3 months (configurable) with every attestation', () => {
    const short = facts('PCM-1: a condition expected to last two months');
    expect(decide(short).notBillable).toEqual([
      { reason: 'INSUFFICIENT_QUALIFYING_CONDITIONS', ref: '99426', rule: 'PCM-1' },
    ]);
    expect(codeMap(decide(short, { pcmMinimumExpectedDurationMonths: 2 }))).toEqual({ '99426': 1 });
    expect(reasonKeys(decide(facts('PCM-1: no PCM condition attestation')))).toEqual([
      'INSUFFICIENT_QUALIFYING_CONDITIONS:99426',
    ]);
  });

  it('PCM-2: 99424/99426 at 30 minutes, 99425/99427 per further 30', () => {
    expect(codeMap(decide(facts('PCM-2: 65 PCM staff minutes')))).toEqual({ '99426': 1, '99427': 1 });
    const pract = decide(facts('PCM-2: 60 PCM practitioner minutes'));
    expect(codeMap(pract)).toEqual({ '99424': 1, '99425': 1 });
    expect(reasonKeys(decide(facts('PCM-2: 29 PCM staff minutes')))).toEqual(['TIME_BELOW_THRESHOLD:99426']);
  });

  it('PCM-3: PCM needs a PCM consent and a disease-specific care plan', () => {
    const ccmConsent = decide(facts('PCM-3: PCM on a CCM consent'));
    expect(ccmConsent.notBillable).toEqual([{ reason: 'NO_CONSENT', ref: '99426', rule: 'PCM-3' }]);
    const plan = decide(facts('PCM-3: PCM on a comprehensive care plan'));
    expect(plan.notBillable).toEqual([{ reason: 'CARE_PLAN_MISSING', rule: 'PCM-3' }]);
  });

  it('PCM-4: a patient with two or more conditions may still get PCM', () => {
    expect(codeMap(decide(facts('PCM-4: PCM for a patient with two conditions')))).toEqual({ '99426': 1 });
  });

  it('PCM-5: 99425 and 99427 are capped at 2 units by default', () => {
    const d = decide(facts('PCM-5: 125 PCM staff minutes reach the 99427 cap'));
    expect(codeMap(d)).toEqual({ '99426': 1, '99427': 2 });
    expect(d.notBillable).toContainEqual({ reason: 'ADDON_UNIT_CAP_REACHED', ref: '99427', rule: 'PCM-5' });
  });
});

describe('claim timing (CLAIM)', () => {
  const facts = pcmAndClaims.facts;

  it('CLAIM-1: thresholdReachedOn is the date the billed base threshold was met', () => {
    const d = decide(facts('CLAIM-1: the threshold is reached on the day of the entry that reaches it'));
    expect(d.thresholdReachedOn).toBe('2026-03-09');
  });

  it('CLAIM-1: a threshold crossed inside an entry that passes midnight takes the date of that minute', () => {
    const d = decide(facts('CLAIM-1: a threshold crossed after midnight inside an entry'));
    expect(d.thresholdReachedOn).toBe('2026-03-05');
  });

  it('CLAIM-3: nothing billed means month-end release: thresholdReachedOn is null', () => {
    expect(decide(facts('CLAIM-3: nothing billed at 10 minutes')).thresholdReachedOn).toBeNull();
    const complex = decide(facts('CLAIM-3: complex CCM reached on the 4th'));
    expect(complex.thresholdReachedOn).toBe('2026-03-04');
  });

  it('CLAIM-4: each decision is one service month', () => {
    expect(decide(facts('CLAIM-4: one service month per decision')).serviceMonth).toBe('2026-03');
  });
});
