import { carePlanNote } from './care-plan';
import { CCM_CODES, COMPLEX_CCM_REVIEW_CODES, PCM_CODES, PCM_REVIEW_CODES, TCM_CODES } from './codes';
import { consentReminder } from './consent';
import type { PatientMonthFacts } from './facts';
import type { Findings } from './findings';
import { claimsThisMonth, qualifyingConditionCount } from './gates';
import type { BillingPolicy } from './policy';
import type { TrackOutcome } from './track-evaluation';

/** Compliance flags the reference asks for that never block (EXCL-2, EXCL-6..8, PRAC-5, APCM-9, PAY-4, ...). */
export function addWarnings(
  facts: PatientMonthFacts,
  outcomes: readonly TrackOutcome[],
  policy: BillingPolicy,
  out: Findings,
): void {
  const bp = facts.billingPractitioner.id;
  const billed = outcomes.find((o) => o.billed);
  const sameDoctor = (codes: readonly string[]) =>
    facts.otherServicesThisMonth
      .filter((s) => s.practitionerId === bp && codes.includes(s.code))
      .map((s) => s.code);
  if (billed?.family === 'CCM') {
    const pcm = claimsThisMonth(facts).find((c) => PCM_CODES.includes(c.code) && c.practitionerId !== bp);
    if (pcm && !policy.otherPractitionerPcmBlocksCcm) {
      out.note(
        `EXCL-7: warning: ${pcm.code} claimed by another practitioner this month; CCM allowed, compliance review`,
      );
    }
    const tcm = facts.otherServicesThisMonth.find((s) => TCM_CODES.includes(s.code));
    if (tcm) out.note(`EXCL-2: ${tcm.code} this month is allowed with CCM; TCM time is not counted here`);
  }
  if (billed?.track === 'ccm_complex_staff') {
    const flagged = sameDoctor(COMPLEX_CCM_REVIEW_CODES);
    if (policy.flagComplexCcmSameMonthServices && flagged.length > 0) {
      out.note(`EXCL-6: warning: ${flagged.join(', ')} with complex CCM by the same practitioner: review`);
    }
    if (facts.carePlan.substantiallyRevisedThisMonth === true)
      out.note('CODE-4: care plan substantially revised this month (reported)');
  }
  if (billed?.family === 'PCM') {
    const ccm = claimsThisMonth(facts).find((c) => CCM_CODES.includes(c.code) && c.practitionerId !== bp);
    if (ccm)
      out.note(
        `EXCL-7: warning: ${ccm.code} claimed by another practitioner this month; PCM allowed, compliance review`,
      );
    const flagged = sameDoctor(PCM_REVIEW_CODES);
    if (policy.flagPcmSameMonthServices && flagged.length > 0) {
      out.note(`EXCL-8: warning: ${flagged.join(', ')} with PCM by the same practitioner: review`);
    }
  }
  if (billed?.track === 'pcm_staff' && policy.flagPcmStaffSupervisionForReview) {
    out.note('PRAC-5: PCM staff codes billed: supervision type to be reviewed by compliance');
  }
  if (billed?.family === 'APCM' && policy.apcmMipsValuePathwayReminder) {
    out.note('APCM-9: reminder: report the Value in Primary Care MVP');
  }
  const reminder = consentReminder(facts, policy);
  if (reminder) out.note(reminder);
  const plan = carePlanNote(facts);
  if (plan && billed && billed.family !== 'APCM') out.note(plan);
  const listed = facts.patient.chronicConditions.filter(
    (c) => c.expectedDuration === '12_months_or_more' && c.significantRisk,
  ).length;
  if (listed !== facts.patient.qualifyingChronicConditionCount) {
    out.note(
      `ELIG-6: attested count ${facts.patient.qualifyingChronicConditionCount} differs from ${listed} listed; using ${qualifyingConditionCount(facts)}`,
    );
  }
  if (facts.payer.qmb) out.note('PAY-4: QMB: no patient cost-sharing may be billed');
}
