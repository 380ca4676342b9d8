import { decide } from './decide';
import { codeMap, reasonKeys } from './testing/decision-helpers';
import { carePlanAndExclusions, consent, eligibility, initiatingVisit } from './testing/scenarios';

// The documents are the billing scenario suite's (testing/scenarios), which the api tests also record.

describe('eligibility and payer (ELIG, PAY, PRAC)', () => {
  const facts = eligibility.facts;

  it('ELIG-1: CCM needs two qualifying conditions; the failed eligibility gate stops later checks', () => {
    const d = decide(facts('ELIG-1: one qualifying condition and no consent'));
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toEqual([
      { reason: 'INSUFFICIENT_QUALIFYING_CONDITIONS', ref: '99490', rule: 'ELIG-1' },
    ]);
  });

  it('ELIG-3: a condition expected to resolve within 12 months, or without significant risk, does not count', () => {
    const d = decide(facts('ELIG-3: conditions that resolve within 12 months or carry no significant risk'));
    expect(reasonKeys(d)).toContain('INSUFFICIENT_QUALIFYING_CONDITIONS:99490');
  });

  it('ELIG-4: a payer other than Medicare Part B gives NOT_MEDICARE_PART_B only', () => {
    const d = decide(facts('ELIG-4: a Medicare Advantage payer'));
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toEqual([{ reason: 'NOT_MEDICARE_PART_B', rule: 'ELIG-4' }]);
    expect(d.countedMinutes.staff).toBe(0);
  });

  it('ELIG-5, ELIG-6: evaluated per month; the lower of attested count and list is used', () => {
    const d = decide(facts('ELIG-6: an attested count above the list uses the list'));
    expect(codeMap(d)).toEqual({ '99490': 1 });
    expect(d.trace.some((l) => l.startsWith('ELIG-6:'))).toBe(true);
    const dropped = decide(facts('ELIG-6: an attested count below the list uses the count'));
    expect(reasonKeys(dropped)).toContain('INSUFFICIENT_QUALIFYING_CONDITIONS:99490');
  });

  it('PAY-4: a QMB patient owes no cost-sharing', () => {
    expect(
      decide(facts('PAY-4: a patient who is not QMB owes cost-sharing')).patientCostSharingBillable,
    ).toBe(true);
    const qmb = decide(facts('PAY-4: a QMB patient owes no cost-sharing'));
    expect(qmb.patientCostSharingBillable).toBe(false);
    expect(codeMap(qmb)).toEqual({ '99490': 1 });
  });

  it('PRAC-1: a billing practitioner who is not a physician/QHP bills nothing', () => {
    const d = decide(facts('PRAC-1: a billing practitioner who is not a physician/QHP'));
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toEqual([
      { reason: 'REQUIREMENT_NOT_MET', ref: 'billingPractitioner.role', rule: 'PRAC-1' },
    ]);
  });

  it('PRAC-4: a CCM claim by another practitioner this month blocks ours', () => {
    const d = decide(facts('PRAC-4: another practitioner’s CCM claim for the month'));
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toContainEqual({ reason: 'ANOTHER_PRACTITIONER_BILLED_CCM', rule: 'PRAC-4' });
    expect(reasonKeys(d)).not.toContain('TIME_BELOW_THRESHOLD:99490');
  });

  it('PRAC-4: a claim for another month does not block', () => {
    const d = decide(facts('PRAC-4: another practitioner’s CCM claim for another month'));
    expect(codeMap(d)).toEqual({ '99490': 1 });
  });

  it('EXCL-5, EXCL-9: a known CCM claim for the month (even our own id) is a duplicate: no second claim', () => {
    const d = decide(facts('EXCL-5, EXCL-9: a CCM claim for the month under our own id'));
    expect(d.codes).toEqual([]);
    expect(d.trace.some((l) => l.includes('EXCL-9'))).toBe(true);
  });

  it('EXCL-9: a code already in otherServicesThisMonth is never billed a second time', () => {
    const ccm = decide(facts('EXCL-9: 99490 already among the month’s services'));
    expect(ccm.codes).toEqual([]);
    expect(reasonKeys(ccm)).toContain('ANOTHER_PRACTITIONER_BILLED_CCM');
    const rpm = decide(facts('EXCL-9: 99454 already among the month’s services'));
    expect(codeMap(rpm)).toEqual({ '99490': 1 });
    expect(rpm.notBillable).toContainEqual({ reason: 'REQUIREMENT_NOT_MET', ref: '99454', rule: 'EXCL-9' });
  });

  it('PRAC-5: PCM staff codes are flagged for supervision review, never blocked', () => {
    const d = decide(facts('PRAC-5: PCM staff time is flagged for supervision review'));
    expect(codeMap(d)).toEqual({ '99426': 1 });
    expect(d.trace.some((l) => l.startsWith('PRAC-5:'))).toBe(true);
  });
});

describe('consent (CONS)', () => {
  const facts = consent.facts;

  it('CONS-1: no consent on file blocks the month and its entries are not itemised', () => {
    const d = decide(facts('CONS-1: no consent on file'));
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toEqual([{ reason: 'NO_CONSENT', rule: 'CONS-1' }]);
  });

  it('CONS-1: minutes before the consent timestamp are excluded (by time, not date)', () => {
    const d = decide(facts('CONS-1: minutes before the consent timestamp'));
    expect(codeMap(d)).toEqual({ '99490': 1 });
    expect(d.notBillable).toContainEqual({
      reason: 'TIME_BEFORE_CONSENT_EXCLUDED',
      ref: 'early',
      rule: 'CONS-1',
    });
  });

  it('CONS-1: consent obtained after the service month blocks it', () => {
    const d = decide(facts('CONS-1: consent obtained after the service month'));
    expect(d.codes).toEqual([]);
    expect(reasonKeys(d)).toContain('NO_CONSENT');
  });

  it('CONS-2: every required element must be explained and acceptance recorded', () => {
    const missing = decide(facts('CONS-2: a required element not explained'));
    expect(reasonKeys(missing)).toEqual(['NO_CONSENT']);
    const declined = decide(facts('CONS-2: consent declined'));
    expect(reasonKeys(declined)).toEqual(['NO_CONSENT']);
  });

  it('CONS-3: verbal consent is fine when documented in the record', () => {
    expect(codeMap(decide(facts('CONS-3: verbal consent by phone')))).toEqual({ '99490': 1 });
    const undocumented = decide(facts('CONS-3: consent not documented in the record'));
    expect(undocumented.notBillable).toEqual([{ reason: 'NO_CONSENT', rule: 'CONS-3' }]);
  });

  it('CONS-4: a consent naming another practitioner is not valid for this one', () => {
    const d = decide(facts('CONS-4: a consent naming another practitioner'));
    expect(d.notBillable).toEqual([{ reason: 'CONSENT_NOT_VALID_FOR_BILLING_PRACTITIONER', rule: 'CONS-4' }]);
  });

  it('CONS-5: an old consent never blocks; a reminder is traced only when configured', () => {
    const old = facts('CONS-5: a consent obtained three years earlier');
    expect(codeMap(decide(old))).toEqual({ '99490': 1 });
    expect(decide(old).trace.some((l) => l.startsWith('CONS-5'))).toBe(false);
    expect(
      decide(old, { consentAnnualReconfirmationReminder: true }).trace.some((l) => l.startsWith('CONS-5')),
    ).toBe(true);
  });

  it('CONS-6: revocation inside the month keeps the month billable; before the month it blocks', () => {
    const inside = decide(facts('CONS-6: revoked inside the month'));
    expect(codeMap(inside)).toEqual({ '99490': 1 });
    const before = decide(facts('CONS-6: revoked before the month'));
    expect(before.codes).toEqual([]);
    expect(before.notBillable).toEqual([{ reason: 'NO_CONSENT', rule: 'CONS-6' }]);
  });

  it('CONS-7: minutes after the revocation timestamp in its month are excluded', () => {
    const revoked = facts('CONS-7: minutes after the revocation timestamp');
    const d = decide(revoked);
    expect(d.countedMinutes.staff).toBe(25);
    expect(d.notBillable).toContainEqual({
      reason: 'CONSENT_REVOKED_TIME_AFTER_REVOCATION_EXCLUDED',
      ref: 'late(10 of 20 minutes)',
      rule: 'CONS-7',
    });
    expect(decide(revoked, { countMinutesAfterRevocation: true }).countedMinutes.staff).toBe(35);
  });

  it('CONS-10: a CCM consent does not carry over to APCM (configurable)', () => {
    const apcm = facts('CONS-10: a CCM consent on the APCM track');
    const d = decide(apcm);
    expect(d.notBillable).toContainEqual({ reason: 'NO_CONSENT', ref: 'G0557', rule: 'CONS-10' });
    expect(codeMap(decide(apcm, { apcmRequiresSeparateConsent: false }))).toEqual({ G0557: 1 });
  });
});

describe('initiating visit and G0506 (INIT)', () => {
  const facts = initiatingVisit.facts;

  it('INIT-1: a new patient needs a completed initiating visit', () => {
    const d = decide(facts('INIT-1: a new patient without an initiating visit'));
    expect(d.notBillable).toEqual([{ reason: 'INITIATING_VISIT_REQUIRED', rule: 'INIT-1' }]);
    const done = decide(facts('INIT-1: a new patient after a completed initiating visit'));
    expect(codeMap(done)).toEqual({ '99490': 1 });
  });

  it('INIT-1: the look-back is one year before consent; upstream "required" also suffices', () => {
    expect(codeMap(decide(facts('INIT-1: last seen one year before consent')))).toEqual({ '99490': 1 });
    expect(reasonKeys(decide(facts('INIT-1: last seen one year and a day before consent')))).toEqual([
      'INITIATING_VISIT_REQUIRED',
    ]);
    const upstream = decide(facts('INIT-1: an initiating visit required upstream'));
    expect(reasonKeys(upstream)).toEqual(['INITIATING_VISIT_REQUIRED']);
  });

  it('INIT-2: 99211 never qualifies; E/M 2–5, AWV, IPPE do; TCM by policy', () => {
    expect(decide(facts('INIT-2: initiating visit 99211')).notBillable).toEqual([
      { reason: 'INITIATING_VISIT_NOT_QUALIFYING', rule: 'INIT-2' },
    ]);
    for (const name of [
      'INIT-2: initiating visit 99212',
      'INIT-2: initiating visit 99205',
      'INIT-2: initiating visit G0438 (AWV)',
      'INIT-2: initiating visit G0402 (IPPE)',
      'INIT-2: initiating visit 99496 (TCM)',
    ] as const)
      expect(codeMap(decide(facts(name)))).toEqual({ '99490': 1 });
    const tcm = facts('INIT-2: initiating visit 99495 (TCM; refused only by policy)');
    expect(reasonKeys(decide(tcm, { tcmQualifiesAsInitiatingVisit: false }))).toEqual([
      'INITIATING_VISIT_NOT_QUALIFYING',
    ]);
  });

  it("INIT-3: CCM must have been discussed and documented at the visit; its face-to-face time is the visit's", () => {
    const d = decide(facts('INIT-3: CCM not discussed at the initiating visit'));
    expect(reasonKeys(d)).toEqual(['INITIATING_VISIT_NOT_QUALIFYING']);
    const f2f = decide(facts('INIT-3: face-to-face time at the initiating visit is the visit’s'));
    expect(reasonKeys(f2f)).toContain('FACE_TO_FACE_EM_TIME_EXCLUDED:v');
  });

  it('INIT-4: a visit by someone else does not qualify', () => {
    const d = decide(facts('INIT-4: an initiating visit by another practitioner'));
    expect(reasonKeys(d)).toEqual(['INITIATING_VISIT_NOT_QUALIFYING']);
  });

  it('INIT-5: G0506 is billed with the qualifying visit of this month when extensive planning was done (minutes not needed)', () => {
    const d = decide(facts('INIT-5: G0506 with this month’s initiating visit'));
    expect(codeMap(d)).toEqual({ G0506: 1 });
    const lastMonth = decide(facts('INIT-5: no G0506 for last month’s initiating visit'));
    expect(codeMap(lastMonth)).toEqual({});
  });

  it('INIT-5: G0506 needs the CCM gates to pass', () => {
    const d = decide(facts('INIT-5: no G0506 without a care plan'));
    expect(d.codes).toEqual([]);
  });

  it('INIT-6: G0506 is billed once; a repeat is refused (or allowed per consent episode by policy)', () => {
    const again = facts('INIT-6: G0506 billed before');
    const d = decide(again);
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toContainEqual({ reason: 'G0506_ALREADY_BILLED', ref: 'G0506', rule: 'INIT-6' });
    expect(codeMap(decide(again, { g0506Repeat: 'once_per_consent_episode' }))).toEqual({ G0506: 1 });
  });
});

describe('care plan (PLAN)', () => {
  const facts = carePlanAndExclusions.facts;

  it('PLAN-1: no plan, or no plan activity this month, blocks', () => {
    expect(decide(facts('PLAN-1: no care plan')).notBillable).toEqual([
      { reason: 'CARE_PLAN_MISSING', rule: 'PLAN-1' },
    ]);
    expect(reasonKeys(decide(facts('PLAN-1: no care-plan activity this month')))).toEqual([
      'CARE_PLAN_MISSING',
    ]);
  });

  it('PLAN-3, PLAN-4: the plan must be electronic and the patient must have a copy', () => {
    const d = decide(facts('PLAN-3, PLAN-4: a paper plan the patient has no copy of'));
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toEqual([
      { reason: 'REQUIREMENT_NOT_MET', ref: 'carePlan.electronic', rule: 'PLAN-4' },
      { reason: 'REQUIREMENT_NOT_MET', ref: 'carePlan.copyGivenToPatient', rule: 'PLAN-3' },
    ]);
  });

  it("PLAN-5: a draft or unsigned plan blocks; another practitioner's signature does not", () => {
    expect(reasonKeys(decide(facts('PLAN-5: a draft care plan')))).toEqual([
      'CARE_PLAN_NOT_ESTABLISHED_BY_PRACTITIONER',
    ]);
    const unsigned = facts('PLAN-5: an unsigned care plan');
    expect(reasonKeys(decide(unsigned))).toEqual(['CARE_PLAN_NOT_ESTABLISHED_BY_PRACTITIONER']);
    expect(codeMap(decide(unsigned, { requirePractitionerCarePlanSignOff: false }))).toEqual({ '99490': 1 });
    const other = decide(facts('PLAN-5: a care plan signed by another practitioner'));
    expect(codeMap(other)).toEqual({ '99490': 1 });
    expect(other.trace.some((l) => l.startsWith('PLAN-5:'))).toBe(true);
  });

  it('gates after a failed eligibility gate report every failure', () => {
    const d = decide(facts('gates: a consent for another practitioner and a draft plan both reported'));
    expect(reasonKeys(d)).toEqual([
      'CONSENT_NOT_VALID_FOR_BILLING_PRACTITIONER',
      'CARE_PLAN_NOT_ESTABLISHED_BY_PRACTITIONER',
    ]);
  });
});

describe('services that exclude or limit CCM (EXCL)', () => {
  const facts = carePlanAndExclusions.facts;

  it('EXCL-1: G0181, G0182, 90951–90970 by the same practitioner block CCM; by another they do not', () => {
    const same = decide(facts('EXCL-1: dialysis 90960 by the same practitioner'));
    expect(same.notBillable).toEqual([
      { reason: 'EXCLUDED_BY_CONCURRENT_SERVICE', ref: '90960', rule: 'EXCL-1' },
    ]);
    const other = decide(facts('EXCL-1: home health G0181 by another practitioner'));
    expect(codeMap(other)).toEqual({ '99490': 1 });
  });

  it('EXCL-2: TCM in the month is allowed; TCM-tagged minutes stay with TCM', () => {
    const d = decide(facts('EXCL-2: TCM in the month, TCM minutes stay with TCM'));
    expect(codeMap(d)).toEqual({ '99490': 1 });
    expect(d.countedMinutes.staff).toBe(25);
    expect(d.trace.some((l) => l.startsWith('EXCL-2:'))).toBe(true);
  });

  it('EXCL-3: APCM billed by the same practitioner blocks CCM', () => {
    const d = decide(facts('EXCL-3: APCM G0557 by the same practitioner'));
    expect(d.notBillable).toEqual([{ reason: 'APCM_BILLED_SAME_MONTH', rule: 'EXCL-3' }]);
  });

  it('APCM-10: an APCM claim by another practitioner blocks CCM (configurable)', () => {
    const other = facts('APCM-10: an APCM claim by another practitioner');
    expect(decide(other).notBillable).toEqual([{ reason: 'APCM_BILLED_SAME_MONTH', rule: 'APCM-10' }]);
    expect(codeMap(decide(other, { otherPractitionerApcmBlocksCcmAndPcm: false }))).toEqual({ '99490': 1 });
  });

  it('EXCL-6: complex CCM with CPT-excluded same-practitioner services is flagged, not blocked', () => {
    const d = decide(facts('EXCL-6: complex CCM beside a same-practitioner 99358'));
    expect(codeMap(d)).toEqual({ '99487': 1 });
    expect(d.trace.some((l) => l.startsWith('EXCL-6: warning'))).toBe(true);
  });

  it("EXCL-7: another practitioner's PCM allows our CCM with a warning (configurable to block)", () => {
    const beside = facts('EXCL-7: our CCM beside another practitioner’s PCM');
    const d = decide(beside);
    expect(codeMap(d)).toEqual({ '99490': 1 });
    expect(d.trace.some((l) => l.startsWith('EXCL-7: warning'))).toBe(true);
    expect(decide(beside, { otherPractitionerPcmBlocksCcm: true }).codes).toEqual([]);
  });

  it("EXCL-7: our PCM beside another practitioner's CCM is allowed with a warning", () => {
    const d = decide(facts('EXCL-7: our PCM beside another practitioner’s CCM'));
    expect(codeMap(d)).toEqual({ '99426': 1 });
    expect(d.trace.some((l) => l.startsWith('EXCL-7: warning'))).toBe(true);
  });

  it('EXCL-8: PCM with same-practitioner BHI or ESRD services is flagged, not blocked', () => {
    const d = decide(facts('EXCL-8: PCM beside a same-practitioner BHI 99484'));
    expect(codeMap(d)).toEqual({ '99426': 1 });
    expect(d.trace.some((l) => l.startsWith('EXCL-8: warning'))).toBe(true);
  });
});
