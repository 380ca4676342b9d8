import { decide } from './decide';
import { DR, OTHER_DR, buildFacts, buildPcmFacts, entry, minutesBy, rpmBlock } from './testing/facts-builder';
import { codeMap, reasonKeys } from './testing/decision-helpers';

const billable = minutesBy(25);

describe('eligibility and payer (ELIG, PAY, PRAC)', () => {
  it('ELIG-1: CCM needs two qualifying conditions; the failed eligibility gate stops later checks', () => {
    const d = decide(
      buildFacts({
        patient: {
          qualifyingChronicConditionCount: 1,
          chronicConditions: [{ expectedDuration: '12_months_or_more', significantRisk: true }],
        },
        consent: { status: 'none' },
        timeEntries: billable,
      }),
    );
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toEqual([
      { reason: 'INSUFFICIENT_QUALIFYING_CONDITIONS', ref: '99490', rule: 'ELIG-1' },
    ]);
  });

  it('ELIG-3: a condition expected to resolve within 12 months, or without significant risk, does not count', () => {
    const d = decide(
      buildFacts({
        patient: {
          chronicConditions: [
            { expectedDuration: '12_months_or_more', significantRisk: true },
            { expectedDuration: 'under_12_months', significantRisk: true },
            { expectedDuration: '12_months_or_more', significantRisk: false },
          ],
        },
        timeEntries: billable,
      }),
    );
    expect(reasonKeys(d)).toContain('INSUFFICIENT_QUALIFYING_CONDITIONS:99490');
  });

  it('ELIG-4: a payer other than Medicare Part B gives NOT_MEDICARE_PART_B only', () => {
    const d = decide(buildFacts({ payer: { type: 'medicare_advantage' }, timeEntries: billable }));
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toEqual([{ reason: 'NOT_MEDICARE_PART_B', rule: 'ELIG-4' }]);
    expect(d.countedMinutes.staff).toBe(0);
  });

  it('ELIG-5, ELIG-6: evaluated per month; the lower of attested count and list is used', () => {
    const d = decide(buildFacts({ patient: { qualifyingChronicConditionCount: 3 }, timeEntries: billable }));
    expect(codeMap(d)).toEqual({ '99490': 1 });
    expect(d.trace.some((l) => l.startsWith('ELIG-6:'))).toBe(true);
    const dropped = decide(
      buildFacts({ patient: { qualifyingChronicConditionCount: 1 }, timeEntries: billable }),
    );
    expect(reasonKeys(dropped)).toContain('INSUFFICIENT_QUALIFYING_CONDITIONS:99490');
  });

  it('PAY-4: a QMB patient owes no cost-sharing', () => {
    expect(decide(buildFacts({ timeEntries: billable })).patientCostSharingBillable).toBe(true);
    const qmb = decide(buildFacts({ payer: { qmb: true }, timeEntries: billable }));
    expect(qmb.patientCostSharingBillable).toBe(false);
    expect(codeMap(qmb)).toEqual({ '99490': 1 });
  });

  it('PRAC-1: a billing practitioner who is not a physician/QHP bills nothing', () => {
    const d = decide(
      buildFacts({ billingPractitioner: { role: 'clinical_psychologist' }, timeEntries: billable }),
    );
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toEqual([
      { reason: 'REQUIREMENT_NOT_MET', ref: 'billingPractitioner.role', rule: 'PRAC-1' },
    ]);
  });

  it('PRAC-4: a CCM claim by another practitioner this month blocks ours', () => {
    const d = decide(
      buildFacts({
        otherPractitionerClaimsThisMonth: [
          { practitionerId: OTHER_DR.id, code: '99490', serviceMonth: '2026-03', status: 'paid' },
        ],
        timeEntries: billable,
      }),
    );
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toContainEqual({ reason: 'ANOTHER_PRACTITIONER_BILLED_CCM', rule: 'PRAC-4' });
    expect(reasonKeys(d)).not.toContain('TIME_BELOW_THRESHOLD:99490');
  });

  it('PRAC-4: a claim for another month does not block', () => {
    const d = decide(
      buildFacts({
        otherPractitionerClaimsThisMonth: [
          { practitionerId: OTHER_DR.id, code: '99490', serviceMonth: '2026-02', status: 'paid' },
        ],
        timeEntries: billable,
      }),
    );
    expect(codeMap(d)).toEqual({ '99490': 1 });
  });

  it('EXCL-5, EXCL-9: a known CCM claim for the month (even our own id) is a duplicate: no second claim', () => {
    const d = decide(
      buildFacts({
        otherPractitionerClaimsThisMonth: [{ practitionerId: DR.id, code: '99490' }],
        timeEntries: billable,
      }),
    );
    expect(d.codes).toEqual([]);
    expect(d.trace.some((l) => l.includes('EXCL-9'))).toBe(true);
  });

  it('EXCL-9: a code already in otherServicesThisMonth is never billed a second time', () => {
    const ccm = decide(
      buildFacts({
        otherServicesThisMonth: [{ code: '99490', practitionerId: DR.id }],
        timeEntries: billable,
      }),
    );
    expect(ccm.codes).toEqual([]);
    expect(reasonKeys(ccm)).toContain('ANOTHER_PRACTITIONER_BILLED_CCM');
    const rpm = decide(
      buildFacts({
        rpm: rpmBlock(20),
        otherServicesThisMonth: [{ code: '99454', practitionerId: DR.id }],
        timeEntries: billable,
      }),
    );
    expect(codeMap(rpm)).toEqual({ '99490': 1 });
    expect(rpm.notBillable).toContainEqual({ reason: 'REQUIREMENT_NOT_MET', ref: '99454', rule: 'EXCL-9' });
  });

  it('PRAC-5: PCM staff codes are flagged for supervision review, never blocked', () => {
    const d = decide(buildPcmFacts({ timeEntries: minutesBy(30, { program: 'PCM' }) }));
    expect(codeMap(d)).toEqual({ '99426': 1 });
    expect(d.trace.some((l) => l.startsWith('PRAC-5:'))).toBe(true);
  });
});

describe('consent (CONS)', () => {
  it('CONS-1: no consent on file blocks the month and its entries are not itemised', () => {
    const d = decide(buildFacts({ consent: { status: 'none', obtainedAt: null }, timeEntries: billable }));
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toEqual([{ reason: 'NO_CONSENT', rule: 'CONS-1' }]);
  });

  it('CONS-1: minutes before the consent timestamp are excluded (by time, not date)', () => {
    const d = decide(
      buildFacts({
        consent: { obtainedAt: '2026-03-15T10:00' },
        timeEntries: [
          entry(20, { id: 'early', date: '2026-03-15', start: '09:30' }),
          entry(22, { id: 'late', date: '2026-03-20' }),
        ],
      }),
    );
    expect(codeMap(d)).toEqual({ '99490': 1 });
    expect(d.notBillable).toContainEqual({
      reason: 'TIME_BEFORE_CONSENT_EXCLUDED',
      ref: 'early',
      rule: 'CONS-1',
    });
  });

  it('CONS-1: consent obtained after the service month blocks it', () => {
    const d = decide(buildFacts({ consent: { obtainedAt: '2026-04-02T09:00' }, timeEntries: billable }));
    expect(d.codes).toEqual([]);
    expect(reasonKeys(d)).toContain('NO_CONSENT');
  });

  it('CONS-2: every required element must be explained and acceptance recorded', () => {
    const missing = decide(
      buildFacts({
        consent: { elementsExplained: ['availability_and_scope', 'cost_sharing'] },
        timeEntries: billable,
      }),
    );
    expect(reasonKeys(missing)).toEqual(['NO_CONSENT']);
    const declined = decide(buildFacts({ consent: { accepted: false }, timeEntries: billable }));
    expect(reasonKeys(declined)).toEqual(['NO_CONSENT']);
  });

  it('CONS-3: verbal consent is fine when documented in the record', () => {
    expect(
      codeMap(decide(buildFacts({ consent: { method: 'verbal_by_phone' }, timeEntries: billable }))),
    ).toEqual({ '99490': 1 });
    const undocumented = decide(
      buildFacts({ consent: { documentedInRecord: false }, timeEntries: billable }),
    );
    expect(undocumented.notBillable).toEqual([{ reason: 'NO_CONSENT', rule: 'CONS-3' }]);
  });

  it('CONS-4: a consent naming another practitioner is not valid for this one', () => {
    const d = decide(buildFacts({ consent: { billingPractitionerId: OTHER_DR.id }, timeEntries: billable }));
    expect(d.notBillable).toEqual([{ reason: 'CONSENT_NOT_VALID_FOR_BILLING_PRACTITIONER', rule: 'CONS-4' }]);
  });

  it('CONS-5: an old consent never blocks; a reminder is traced only when configured', () => {
    const facts = buildFacts({ consent: { obtainedAt: '2023-01-10T09:00' }, timeEntries: billable });
    expect(codeMap(decide(facts))).toEqual({ '99490': 1 });
    expect(decide(facts).trace.some((l) => l.startsWith('CONS-5'))).toBe(false);
    expect(
      decide(facts, { consentAnnualReconfirmationReminder: true }).trace.some((l) => l.startsWith('CONS-5')),
    ).toBe(true);
  });

  it('CONS-6: revocation inside the month keeps the month billable; before the month it blocks', () => {
    const inside = decide(
      buildFacts({ consent: { status: 'revoked', revokedAt: '2026-03-20T12:00' }, timeEntries: billable }),
    );
    expect(codeMap(inside)).toEqual({ '99490': 1 });
    const before = decide(
      buildFacts({ consent: { status: 'revoked', revokedAt: '2026-02-27T12:00' }, timeEntries: billable }),
    );
    expect(before.codes).toEqual([]);
    expect(before.notBillable).toEqual([{ reason: 'NO_CONSENT', rule: 'CONS-6' }]);
  });

  it('CONS-7: minutes after the revocation timestamp in its month are excluded', () => {
    const facts = buildFacts({
      consent: { status: 'revoked', revokedAt: '2026-03-20T12:10' },
      timeEntries: [
        entry(15, { date: '2026-03-19' }),
        entry(20, { id: 'late', date: '2026-03-20', start: '12:00' }),
      ],
    });
    const d = decide(facts);
    expect(d.countedMinutes.staff).toBe(25);
    expect(d.notBillable).toContainEqual({
      reason: 'CONSENT_REVOKED_TIME_AFTER_REVOCATION_EXCLUDED',
      ref: 'late(10 of 20 minutes)',
      rule: 'CONS-7',
    });
    expect(decide(facts, { countMinutesAfterRevocation: true }).countedMinutes.staff).toBe(35);
  });

  it('CONS-10: a CCM consent does not carry over to APCM (configurable)', () => {
    const facts = buildFacts({
      trackPolicy: { preferred: 'apcm' },
      apcm: { practitionerResponsibleForAllPrimaryCare: true, serviceElementsInPlace: true },
    });
    const d = decide(facts);
    expect(d.notBillable).toContainEqual({ reason: 'NO_CONSENT', ref: 'G0557', rule: 'CONS-10' });
    expect(codeMap(decide(facts, { apcmRequiresSeparateConsent: false }))).toEqual({ G0557: 1 });
  });
});

describe('initiating visit and G0506 (INIT)', () => {
  const newPatient = { isNewToBillingPractitioner: true, lastFaceToFaceVisitWithBillingPractitioner: null };
  const completedVisit = {
    status: 'completed' as const,
    date: '2026-03-03',
    code: '99214',
    billingPractitionerId: DR.id,
    ccmDiscussedAndDocumented: true,
  };

  it('INIT-1: a new patient needs a completed initiating visit', () => {
    const d = decide(buildFacts({ patient: newPatient, timeEntries: billable }));
    expect(d.notBillable).toEqual([{ reason: 'INITIATING_VISIT_REQUIRED', rule: 'INIT-1' }]);
    const done = decide(
      buildFacts({ patient: newPatient, initiatingVisit: completedVisit, timeEntries: minutesBy(25, {}, 4) }),
    );
    expect(codeMap(done)).toEqual({ '99490': 1 });
  });

  it('INIT-1: the look-back is one year before consent; upstream "required" also suffices', () => {
    const lastSeen = (date: string) =>
      decide(
        buildFacts({
          patient: { lastFaceToFaceVisitWithBillingPractitioner: date },
          consent: { obtainedAt: '2025-11-04T10:20' },
          timeEntries: billable,
        }),
      );
    expect(codeMap(lastSeen('2024-11-04'))).toEqual({ '99490': 1 });
    expect(reasonKeys(lastSeen('2024-11-03'))).toEqual(['INITIATING_VISIT_REQUIRED']);
    const upstream = decide(buildFacts({ initiatingVisit: { required: true }, timeEntries: billable }));
    expect(reasonKeys(upstream)).toEqual(['INITIATING_VISIT_REQUIRED']);
  });

  it('INIT-2: 99211 never qualifies; E/M 2–5, AWV, IPPE do; TCM by policy', () => {
    const withCode = (code: string, policy = {}) =>
      decide(
        buildFacts({
          patient: newPatient,
          initiatingVisit: { ...completedVisit, code },
          timeEntries: minutesBy(25, {}, 4),
        }),
        policy,
      );
    expect(withCode('99211').notBillable).toEqual([
      { reason: 'INITIATING_VISIT_NOT_QUALIFYING', rule: 'INIT-2' },
    ]);
    for (const code of ['99212', '99205', 'G0438', 'G0402', '99496'])
      expect(codeMap(withCode(code))).toEqual({ '99490': 1 });
    expect(reasonKeys(withCode('99495', { tcmQualifiesAsInitiatingVisit: false }))).toEqual([
      'INITIATING_VISIT_NOT_QUALIFYING',
    ]);
  });

  it("INIT-3: CCM must have been discussed and documented at the visit; its face-to-face time is the visit's", () => {
    const d = decide(
      buildFacts({
        patient: newPatient,
        initiatingVisit: { ...completedVisit, ccmDiscussedAndDocumented: false },
        timeEntries: billable,
      }),
    );
    expect(reasonKeys(d)).toEqual(['INITIATING_VISIT_NOT_QUALIFYING']);
    const f2f = decide(
      buildFacts({
        patient: newPatient,
        initiatingVisit: completedVisit,
        timeEntries: [entry(20, { id: 'v', date: '2026-03-03', faceToFace: true })],
      }),
    );
    expect(reasonKeys(f2f)).toContain('FACE_TO_FACE_EM_TIME_EXCLUDED:v');
  });

  it('INIT-4: a visit by someone else does not qualify', () => {
    const d = decide(
      buildFacts({
        patient: newPatient,
        initiatingVisit: { ...completedVisit, billingPractitionerId: null, performedBy: OTHER_DR.id },
        timeEntries: billable,
      }),
    );
    expect(reasonKeys(d)).toEqual(['INITIATING_VISIT_NOT_QUALIFYING']);
  });

  it('INIT-5: G0506 is billed with the qualifying visit of this month when extensive planning was done (minutes not needed)', () => {
    const d = decide(
      buildFacts({
        patient: newPatient,
        initiatingVisit: {
          ...completedVisit,
          extensiveAssessmentAndCarePlanningByPractitioner: true,
          g0506PreviouslyBilled: false,
        },
      }),
    );
    expect(codeMap(d)).toEqual({ G0506: 1 });
    const lastMonth = decide(
      buildFacts({
        initiatingVisit: {
          ...completedVisit,
          date: '2026-02-20',
          extensiveAssessmentAndCarePlanningByPractitioner: true,
        },
      }),
    );
    expect(codeMap(lastMonth)).toEqual({});
  });

  it('INIT-5: G0506 needs the CCM gates to pass', () => {
    const d = decide(
      buildFacts({
        carePlan: { status: 'none' },
        initiatingVisit: { ...completedVisit, extensiveAssessmentAndCarePlanningByPractitioner: true },
      }),
    );
    expect(d.codes).toEqual([]);
  });

  it('INIT-6: G0506 is billed once; a repeat is refused (or allowed per consent episode by policy)', () => {
    const facts = buildFacts({
      consent: { obtainedAt: '2026-03-03T11:00' },
      initiatingVisit: {
        ...completedVisit,
        extensiveAssessmentAndCarePlanningByPractitioner: true,
        g0506PreviouslyBilled: true,
        g0506PreviousDate: '2024-05-01',
      },
    });
    const d = decide(facts);
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toContainEqual({ reason: 'G0506_ALREADY_BILLED', ref: 'G0506', rule: 'INIT-6' });
    expect(codeMap(decide(facts, { g0506Repeat: 'once_per_consent_episode' }))).toEqual({ G0506: 1 });
  });
});

describe('care plan (PLAN)', () => {
  it('PLAN-1: no plan, or no plan activity this month, blocks', () => {
    expect(decide(buildFacts({ carePlan: { status: 'none' }, timeEntries: billable })).notBillable).toEqual([
      { reason: 'CARE_PLAN_MISSING', rule: 'PLAN-1' },
    ]);
    expect(
      reasonKeys(decide(buildFacts({ carePlan: { activityThisMonth: null }, timeEntries: billable }))),
    ).toEqual(['CARE_PLAN_MISSING']);
  });

  it('PLAN-3, PLAN-4: the plan must be electronic and the patient must have a copy', () => {
    const d = decide(
      buildFacts({ carePlan: { electronic: false, copyGivenToPatient: false }, timeEntries: billable }),
    );
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toEqual([
      { reason: 'REQUIREMENT_NOT_MET', ref: 'carePlan.electronic', rule: 'PLAN-4' },
      { reason: 'REQUIREMENT_NOT_MET', ref: 'carePlan.copyGivenToPatient', rule: 'PLAN-3' },
    ]);
  });

  it("PLAN-5: a draft or unsigned plan blocks; another practitioner's signature does not", () => {
    expect(reasonKeys(decide(buildFacts({ carePlan: { status: 'draft' }, timeEntries: billable })))).toEqual([
      'CARE_PLAN_NOT_ESTABLISHED_BY_PRACTITIONER',
    ]);
    const unsigned = buildFacts({ carePlan: { establishedOrSignedBy: null }, timeEntries: billable });
    expect(reasonKeys(decide(unsigned))).toEqual(['CARE_PLAN_NOT_ESTABLISHED_BY_PRACTITIONER']);
    expect(codeMap(decide(unsigned, { requirePractitionerCarePlanSignOff: false }))).toEqual({ '99490': 1 });
    const other = decide(
      buildFacts({ carePlan: { establishedOrSignedBy: OTHER_DR.id }, timeEntries: billable }),
    );
    expect(codeMap(other)).toEqual({ '99490': 1 });
    expect(other.trace.some((l) => l.startsWith('PLAN-5:'))).toBe(true);
  });

  it('gates after a failed eligibility gate report every failure', () => {
    const d = decide(
      buildFacts({
        consent: { billingPractitionerId: OTHER_DR.id },
        carePlan: { status: 'draft' },
        timeEntries: billable,
      }),
    );
    expect(reasonKeys(d)).toEqual([
      'CONSENT_NOT_VALID_FOR_BILLING_PRACTITIONER',
      'CARE_PLAN_NOT_ESTABLISHED_BY_PRACTITIONER',
    ]);
  });
});

describe('services that exclude or limit CCM (EXCL)', () => {
  it('EXCL-1: G0181, G0182, 90951–90970 by the same practitioner block CCM; by another they do not', () => {
    const same = decide(
      buildFacts({
        otherServicesThisMonth: [{ code: '90960', practitionerId: DR.id }],
        timeEntries: billable,
      }),
    );
    expect(same.notBillable).toEqual([
      { reason: 'EXCLUDED_BY_CONCURRENT_SERVICE', ref: '90960', rule: 'EXCL-1' },
    ]);
    const other = decide(
      buildFacts({
        otherServicesThisMonth: [{ code: 'G0181', practitionerId: OTHER_DR.id }],
        timeEntries: billable,
      }),
    );
    expect(codeMap(other)).toEqual({ '99490': 1 });
  });

  it('EXCL-2: TCM in the month is allowed; TCM-tagged minutes stay with TCM', () => {
    const d = decide(
      buildFacts({
        otherServicesThisMonth: [{ code: '99496', practitionerId: DR.id, date: '2026-03-02' }],
        timeEntries: [...billable, entry(30, { id: 'tcm', date: '2026-03-20', program: 'TCM' })],
      }),
    );
    expect(codeMap(d)).toEqual({ '99490': 1 });
    expect(d.countedMinutes.staff).toBe(25);
    expect(d.trace.some((l) => l.startsWith('EXCL-2:'))).toBe(true);
  });

  it('EXCL-3: APCM billed by the same practitioner blocks CCM', () => {
    const d = decide(
      buildFacts({
        otherServicesThisMonth: [{ code: 'G0557', practitionerId: DR.id }],
        timeEntries: billable,
      }),
    );
    expect(d.notBillable).toEqual([{ reason: 'APCM_BILLED_SAME_MONTH', rule: 'EXCL-3' }]);
  });

  it('APCM-10: an APCM claim by another practitioner blocks CCM (configurable)', () => {
    const facts = buildFacts({
      otherPractitionerClaimsThisMonth: [{ practitionerId: OTHER_DR.id, code: 'G0556' }],
      timeEntries: billable,
    });
    expect(decide(facts).notBillable).toEqual([{ reason: 'APCM_BILLED_SAME_MONTH', rule: 'APCM-10' }]);
    expect(codeMap(decide(facts, { otherPractitionerApcmBlocksCcmAndPcm: false }))).toEqual({ '99490': 1 });
  });

  it('EXCL-6: complex CCM with CPT-excluded same-practitioner services is flagged, not blocked', () => {
    const d = decide(
      buildFacts({
        trackPolicy: { preferred: 'ccm_complex_staff' },
        mdmThisMonth: 'moderate',
        otherServicesThisMonth: [{ code: '99358', practitionerId: DR.id }],
        timeEntries: minutesBy(60),
      }),
    );
    expect(codeMap(d)).toEqual({ '99487': 1 });
    expect(d.trace.some((l) => l.startsWith('EXCL-6: warning'))).toBe(true);
  });

  it("EXCL-7: another practitioner's PCM allows our CCM with a warning (configurable to block)", () => {
    const facts = buildFacts({
      otherPractitionerClaimsThisMonth: [{ practitionerId: OTHER_DR.id, code: '99424' }],
      timeEntries: billable,
    });
    const d = decide(facts);
    expect(codeMap(d)).toEqual({ '99490': 1 });
    expect(d.trace.some((l) => l.startsWith('EXCL-7: warning'))).toBe(true);
    expect(decide(facts, { otherPractitionerPcmBlocksCcm: true }).codes).toEqual([]);
  });

  it("EXCL-7: our PCM beside another practitioner's CCM is allowed with a warning", () => {
    const d = decide(
      buildPcmFacts({
        otherPractitionerClaimsThisMonth: [{ practitionerId: OTHER_DR.id, code: '99490' }],
        timeEntries: minutesBy(30, { program: 'PCM' }),
      }),
    );
    expect(codeMap(d)).toEqual({ '99426': 1 });
    expect(d.trace.some((l) => l.startsWith('EXCL-7: warning'))).toBe(true);
  });

  it('EXCL-8: PCM with same-practitioner BHI or ESRD services is flagged, not blocked', () => {
    const d = decide(
      buildPcmFacts({
        otherServicesThisMonth: [{ code: '99484', practitionerId: DR.id }],
        timeEntries: minutesBy(30, { program: 'PCM' }),
      }),
    );
    expect(codeMap(d)).toEqual({ '99426': 1 });
    expect(d.trace.some((l) => l.startsWith('EXCL-8: warning'))).toBe(true);
  });
});
