import { DEFAULT_BILLING_POLICY, resolvePolicy } from './policy';

describe('BillingPolicy', () => {
  it("carries the reference's default for every [Uncertain]/[Conflict] rule (ccm-rules.md §19)", () => {
    expect(DEFAULT_BILLING_POLICY).toEqual({
      unitCaps: { '99489': 10, '99437': 2, '99425': 2, '99427': 2, '99458': 3 },
      countPriorAuthorization: false,
      countUnsuccessfulOutreach: false,
      countMinutesAfterRevocation: false,
      concurrentTime: 'union',
      splitEntriesAtMonthBoundary: true,
      tcmQualifiesAsInitiatingVisit: true,
      initiatingVisitLookbackYears: { CCM: 1, PCM: 1, APCM: 3 },
      g0506Repeat: 'never_again',
      complexRequiresSubstantialCarePlanRevision: false,
      requirePractitionerCarePlanSignOff: true,
      pcmMinimumExpectedDurationMonths: 3,
      apcmRequiresSeparateConsent: true,
      otherPractitionerPcmBlocksCcm: false,
      otherPractitionerApcmBlocksCcmAndPcm: true,
      flagPcmStaffSupervisionForReview: true,
      flagComplexCcmSameMonthServices: true,
      flagPcmSameMonthServices: true,
      consentAnnualReconfirmationReminder: false,
      apcmMipsValuePathwayReminder: true,
    });
  });

  it('overrides single settings and single caps without touching the rest', () => {
    const policy = resolvePolicy({
      countPriorAuthorization: true,
      unitCaps: { '99458': 2 },
      initiatingVisitLookbackYears: { APCM: 2 },
    });
    expect(policy.countPriorAuthorization).toBe(true);
    expect(policy.unitCaps).toEqual({ '99489': 10, '99437': 2, '99425': 2, '99427': 2, '99458': 2 });
    expect(policy.initiatingVisitLookbackYears).toEqual({ CCM: 1, PCM: 1, APCM: 2 });
    expect(DEFAULT_BILLING_POLICY.unitCaps['99458']).toBe(3);
  });
});
