import type { FactsFeatures } from '@ccm/billing/testing/facts-documents';

/**
 * Which parts of a facts document the api can record today (issue 14, contract items 1-12). The
 * translator writes every part whatever these say; the property test generates only what is on, so it
 * passes on the routes that exist. Turn a flag on when its slice lands.
 */
export const RECORDABLE: FactsFeatures = {
  /** Items 2 and 3: `POST /patients/{id}/pcm-attestations`, PCM consent read for pcm_* tracks. */
  pcm: true,
  /** Item 10: `POST /patients/{id}/rtm/enrolment`, `/rtm/device-periods`. */
  rtm: true,
  /** Item 11: `POST /patients/{id}/behavioral-health`. */
  behavioralHealth: true,
  /** Item 12: `POST /patients/{id}/months/{m}/attempted-claim-lines`. */
  attemptedClaimLines: true,
  /** Item 6: face-to-face other services feed the last visit and the new-patient look-back. */
  faceToFaceVisits: true,
  /** Item 7: an other-service G0506 before the month. */
  g0506BilledBefore: true,
  /** Item 7: an other-service 99453 in the RPM episode before the month. */
  rpmSetupBilledBefore: true,
  /** Item 5: unsigned drafts (`draft: true`). */
  draftCarePlans: true,
  /** Item 5: `electronic: false`. */
  carePlanNotElectronic: true,
  /** Item 4: `POST /patients/{id}/care-plan/reviews`. */
  carePlanReviews: true,
  /** Item 8: an initiating visit performed by clinical staff. */
  visitByOthers: true,
  /** Item 9: an accepted consent with a disclosure false is recorded. */
  consentDisclosureMissing: true,
};
