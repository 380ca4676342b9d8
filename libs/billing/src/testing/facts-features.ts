/** Test support: which parts of the facts format a generated document may contain. */

/** What a generated document may contain, beyond the core every system records. */
export interface FactsFeatures {
  /** PCM tracks, with their PCM consent and condition attestation. */
  readonly pcm: boolean;
  readonly rtm: boolean;
  readonly behavioralHealth: boolean;
  readonly attemptedClaimLines: boolean;
  /** Face-to-face visits with the billing practitioner besides the initiating visit. */
  readonly faceToFaceVisits: boolean;
  /** G0506 billed at an earlier initiation (INIT-6). */
  readonly g0506BilledBefore: boolean;
  /** RPM set-up (99453) billed earlier in the episode (RPM-6). */
  readonly rpmSetupBilledBefore: boolean;
  /** Care plans still in draft (PLAN-5). */
  readonly draftCarePlans: boolean;
  /** Care plans that are not electronic (PLAN-4). */
  readonly carePlanNotElectronic: boolean;
  /** Care plan work recorded as `implemented` or `monitored` (PLAN-1, CODE-4). */
  readonly carePlanReviews: boolean;
  /** Initiating visits by someone other than a practitioner (INIT-4). */
  readonly visitByOthers: boolean;
  /** Accepted consents with a disclosure not explained (CONS-2). */
  readonly consentDisclosureMissing: boolean;
}

export const ALL_FEATURES: FactsFeatures = {
  pcm: true,
  rtm: true,
  behavioralHealth: true,
  attemptedClaimLines: true,
  faceToFaceVisits: true,
  g0506BilledBefore: true,
  rpmSetupBilledBefore: true,
  draftCarePlans: true,
  carePlanNotElectronic: true,
  carePlanReviews: true,
  visitByOthers: true,
  consentDisclosureMissing: true,
};
