import type { PatientMonthFacts } from '@ccm/billing';
import { firstDayOfMonth } from '@ccm/billing/wall-clock';
import { carePlanElements } from '../fixtures';
import type { CommandList } from './api-command';
import { consentProgramOf, recordedConsents } from './coherent-consent';
import { FACE_TO_FACE_CODE } from './coherent-visits';

/** Consent, initiating visit, face-to-face visits and care plan of a coherent document, as api commands. */

const DISCLOSURES: [string, string][] = [
  ['availability_and_scope', 'availabilityAndScope'],
  ['cost_sharing', 'costSharing'],
  ['right_to_stop_effective_month_end', 'rightToStopEffectiveMonthEnd'],
  ['one_practitioner_per_month', 'onePractitionerPerMonth'],
];

/**
 * Every consent decision, oldest first, each withdrawn at its revocation. `raw` is the document as given:
 * a consent for another program than the month's is recorded (the month does not read it).
 */
export function recordConsents(doc: PatientMonthFacts, raw: PatientMonthFacts, out: CommandList): void {
  const bp = doc.billingPractitioner.id;
  const month = consentProgramOf(doc.trackPolicy.preferred);
  const program = raw.consent.program ?? 'CCM';
  const source =
    program === month
      ? doc
      : {
          ...raw,
          billingPractitioner: doc.billingPractitioner,
          consent: { ...raw.consent, billingPractitionerId: bp },
        };
  const decisions = recordedConsents(source);
  decisions.forEach((c, i) => {
    const disclosures = Object.fromEntries(
      DISCLOSURES.map(([e, flag]) => [flag, c.elementsExplained.includes(e)]),
    );
    out.add(
      i === decisions.length - 1 ? 'consent' : `consent.history[${i}]`,
      'practitioner',
      'consent',
      {
        consentId: `consent-${i + 1}`,
        program,
        decision: c.accepted ? 'accepted' : 'declined',
        method: c.method,
        obtainedAt: c.obtainedAt,
        obtainedBy: bp,
        billingPractitionerId: c.billingPractitionerId,
        disclosures,
        ...(c.method === 'written' ? { documentReference: `dms://consents/${i + 1}` } : {}),
      },
      bp,
    );
    if (c.withdrawnAt) {
      out.add(
        'consent.revokedAt',
        'practitioner',
        'consent/withdrawal',
        { program, withdrawnAt: c.withdrawnAt, reason: 'revoked' },
        bp,
      );
    }
  });
}

/** The initiating visit, a G0506 billed at an earlier initiation, and the last face-to-face visit. */
export function recordVisits(doc: PatientMonthFacts, out: CommandList): void {
  const bp = doc.billingPractitioner.id;
  const v = doc.initiatingVisit;
  if (v.status === 'completed' && v.date) {
    out.add(
      'initiatingVisit',
      'practitioner',
      'initiating-visit',
      {
        visitId: 'visit-1',
        visitDate: v.date,
        practitionerId: v.billingPractitionerId ?? v.performedBy ?? bp,
        visitCode: v.code,
        ccmDiscussed: v.ccmDiscussedAndDocumented === true,
        extensiveAssessmentAndCarePlanning: v.extensiveAssessmentAndCarePlanningByPractitioner === true,
      },
      bp,
    );
  }
  if (v.g0506PreviouslyBilled && v.g0506PreviousDate) {
    out.add('initiatingVisit.g0506PreviouslyBilled', 'biller', 'other-services', {
      serviceId: 'g0506-before',
      code: 'G0506',
      date: v.g0506PreviousDate,
      practitionerId: bp,
    });
  }
  // A last visit dated in the month is one of the month's services (recorded with them).
  const last = doc.patient.lastFaceToFaceVisitWithBillingPractitioner;
  const byVisit = v.billingPractitionerId === bp && v.date === last;
  if (last && last < firstDayOfMonth(doc.serviceMonth) && !byVisit) {
    out.add('patient.lastFaceToFaceVisitWithBillingPractitioner', 'biller', 'other-services', {
      serviceId: 'last-face-to-face',
      code: FACE_TO_FACE_CODE,
      date: last,
      practitionerId: bp,
    });
  }
}

export function recordCarePlan(doc: PatientMonthFacts, out: CommandList): void {
  const plan = doc.carePlan;
  if (plan.status === 'none' || !plan.establishedAt) return;
  const bp = doc.billingPractitioner.id;
  const signer = plan.status === 'in_force' ? plan.establishedOrSignedBy : null;
  out.add(
    'carePlan',
    'practitioner',
    'care-plan',
    {
      planType: plan.type === 'disease_specific' ? 'disease_specific' : 'comprehensive',
      ...(plan.type === 'disease_specific' && plan.focusCondition
        ? { focusCondition: plan.focusCondition }
        : {}),
      elements: carePlanElements,
      ...(signer ? { signedOffBy: signer } : { draft: true }),
      establishedOn: plan.establishedAt,
      ...(plan.electronic === false ? { electronic: false } : {}),
    },
    signer ?? bp,
  );
  if (plan.copyGivenToPatient) {
    // PLAN-3: a copy to the patient or the caregiver; some documents are recorded with the caregiver's.
    out.add('carePlan.copyGivenToPatient', 'care_manager', 'care-plan/shares', {
      recipient: Number(plan.establishedAt.slice(8)) % 3 === 0 ? 'caregiver' : 'patient',
      method: 'portal',
      sharedOn: plan.establishedAt,
    });
  }
  const midMonth = `${doc.serviceMonth}-15`;
  const workedOn = plan.establishedAt > midMonth ? plan.establishedAt : midMonth;
  if (plan.activityThisMonth === 'revised' || plan.substantiallyRevisedThisMonth) {
    out.add('carePlan.activityThisMonth', 'care_manager', 'care-plan/revisions', {
      changes: { symptomManagement: 'Action plan updated this month' },
      changeSummary: 'Monthly revision',
      substantial: plan.substantiallyRevisedThisMonth === true,
      revisedOn: workedOn,
    });
  }
  const careTime = doc.timeEntries.some(
    (e) => e.status === 'active' && (e.program === 'CCM' || e.program === 'PCM'),
  );
  const inferred = plan.activityThisMonth === 'monitored' && plan.status === 'in_force' && careTime;
  if ((plan.activityThisMonth === 'monitored' || plan.activityThisMonth === 'implemented') && !inferred) {
    out.add('carePlan.activityThisMonth', 'care_manager', 'care-plan/reviews', {
      reviewedOn: workedOn,
      activity: plan.activityThisMonth,
    });
  }
}
