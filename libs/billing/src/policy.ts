/**
 * Every [Uncertain] or [Conflict] choice of ccm-rules.md as a named setting. The defaults are the
 * reference's conservative defaults (its section 19 register); a compliance officer may change them, and the
 * trace shows the rule id whenever one of them decides something.
 */

/** Add-on caps a payer edit imposes rather than the code definition (99439's CMS cap is in the rule set). */
export interface UnitCaps {
  /** CODE-5: MUE 10. */
  '99489': number;
  /** CODE-8: MUE 2. */
  '99437': number;
  /** PCM-5: MUE 2. */
  '99425': number;
  /** PCM-5: no MUE found, one vendor says 2. */
  '99427': number;
  /** RPM-8: MUE 3 since July 2023. */
  '99458': number;
}

export type InitiatingVisitLookbackYears = Readonly<Record<'CCM' | 'PCM' | 'APCM', number>>;

export interface BillingPolicy {
  unitCaps: Readonly<UnitCaps>;
  /** TIME-13: prior-authorization work does not count unless a compliance policy opts in. */
  countPriorAuthorization: boolean;
  /** TIME-12: pure attempt time (no patient/caregiver reached) is excluded. */
  countUnsuccessfulOutreach: boolean;
  /** CONS-7: minutes after the revocation timestamp in the revocation month are excluded. */
  countMinutesAfterRevocation: boolean;
  /** TIME-10: concurrent minutes of several people on one patient count once ('union') or per person ('sum'). */
  concurrentTime: 'union' | 'sum';
  /** TIME-15: split an entry at month end by the date of each minute; false = whole entry in its start month. */
  splitEntriesAtMonthBoundary: boolean;
  /** INIT-2: TCM 99495/99496 accepted as a qualifying initiating visit. */
  tcmQualifiesAsInitiatingVisit: boolean;
  /** INIT-1 (1 year) and APCM-4 (3 years): look-back for "not seen recently" per program. */
  initiatingVisitLookbackYears: InitiatingVisitLookbackYears;
  /**
   * INIT-6: 'never_again' = a G0506 already billed for this patient by this practitioner blocks another;
   * 'once_per_consent_episode' = allowed again when the earlier one predates the current consent.
   */
  g0506Repeat: 'never_again' | 'once_per_consent_episode';
  /** CODE-4: complex CCM needs only a care plan in force, not a substantial revision. */
  complexRequiresSubstantialCarePlanRevision: boolean;
  /** PLAN-5: the billing practitioner (or another practitioner) must have signed/established the plan. */
  requirePractitionerCarePlanSignOff: boolean;
  /** PCM-1: CPT's 3-month minimum expected duration (NGS says 6–12 months). */
  pcmMinimumExpectedDurationMonths: number;
  /** CONS-10: APCM needs its own consent; a CCM/PCM consent does not carry over. */
  apcmRequiresSeparateConsent: boolean;
  /** EXCL-7: another practitioner's PCM does not block our CCM (a warning is traced). */
  otherPractitionerPcmBlocksCcm: boolean;
  /** APCM-10: any APCM claim for the patient-month blocks CCM/PCM, whoever billed it. */
  otherPractitionerApcmBlocksCcmAndPcm: boolean;
  /** PRAC-5: flag PCM staff codes for supervision review (never blocks). */
  flagPcmStaffSupervisionForReview: boolean;
  /** EXCL-6: flag CPT same-month exclusions with complex CCM for review (never blocks). */
  flagComplexCcmSameMonthServices: boolean;
  /** EXCL-8: flag PCM with BHI, ESRD monthly services for review (never blocks). */
  flagPcmSameMonthServices: boolean;
  /** CONS-5: optional annual re-confirmation reminder; its absence never blocks billing. */
  consentAnnualReconfirmationReminder: boolean;
  /** APCM-9: remind that APCM billers report the Value in Primary Care MVP (never blocks). */
  apcmMipsValuePathwayReminder: boolean;
}

export const DEFAULT_BILLING_POLICY: Readonly<BillingPolicy> = Object.freeze({
  unitCaps: Object.freeze({ '99489': 10, '99437': 2, '99425': 2, '99427': 2, '99458': 3 }),
  countPriorAuthorization: false,
  countUnsuccessfulOutreach: false,
  countMinutesAfterRevocation: false,
  concurrentTime: 'union',
  splitEntriesAtMonthBoundary: true,
  tcmQualifiesAsInitiatingVisit: true,
  initiatingVisitLookbackYears: Object.freeze({ CCM: 1, PCM: 1, APCM: 3 }),
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
} satisfies BillingPolicy);

/** What a caller may override: any setting, and single unit caps or look-backs without restating the rest. */
export type BillingPolicyOverrides = Partial<
  Omit<BillingPolicy, 'unitCaps' | 'initiatingVisitLookbackYears'>
> & {
  unitCaps?: Partial<UnitCaps>;
  initiatingVisitLookbackYears?: Partial<InitiatingVisitLookbackYears>;
};

export function resolvePolicy(overrides: BillingPolicyOverrides = {}): BillingPolicy {
  // Every month the read models derive is decided with the defaults, which are frozen: no copy of them.
  if (Object.keys(overrides).length === 0) return DEFAULT_BILLING_POLICY;
  return {
    ...DEFAULT_BILLING_POLICY,
    ...overrides,
    unitCaps: { ...DEFAULT_BILLING_POLICY.unitCaps, ...overrides.unitCaps },
    initiatingVisitLookbackYears: {
      ...DEFAULT_BILLING_POLICY.initiatingVisitLookbackYears,
      ...overrides.initiatingVisitLookbackYears,
    },
  };
}
