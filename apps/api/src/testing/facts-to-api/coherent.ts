import type {
  AttemptedClaimLine,
  CarePlan,
  ChronicCondition,
  DevicePeriod,
  PatientMonthFacts,
  TimeEntry,
} from '@ccm/billing';
import { dateOfDay, dayNumber, firstDayOfMonth, lastDayOfMonth } from '@ccm/billing/wall-clock';
import {
  BEHAVIORAL_HEALTH_SERVICES,
  ID_PATTERN,
  INPATIENT_STAY_TYPES,
  PAYER_TYPES,
  RPM_DEVICE_TYPES,
} from '@ccm/domain';
import { coherentConsent } from './coherent-consent';
import { coherentEntries } from './coherent-time';
import { coherentVisit, visitsAndServices } from './coherent-visits';
import { byAdmission } from '@ccm/patient-months';

/**
 * What a real record implies of a facts document: the document the api serves for the month once the
 * translator has recorded this one (decision-relevant fields; audit stamps such as `correctedAt` or
 * `voidedBy` are the record's own and are left out). Pure and idempotent. Rules:
 *
 *  1. Payer: a type the api does not know is `commercial` (not Part B either way).
 *  2. Billing practitioner: a physician/QHP on the roster (PRAC-1), credential MD unless stated; a
 *     specialty is kept when it is a snake_case word (the roster's form).
 *  3. Conditions: one active condition per ICD-10 code (a missing or malformed code gets a placeholder);
 *     `qualifyingChronicConditionCount` is derived from the list (ELIG-1..3).
 *  4. People: one roster line per person; the first role a performer is given is theirs.
 *  5. Inpatient stays: those overlapping the month, in admission order (then discharge, open last, then
 *     type); an unknown type is acute.
 *  6. Consent: the month reads the consent of its preferred track's family (CCM, PCM, APCM); a consent
 *     for another program, or none, reads as `none`.
 *  7. Consent: the decision obtained last by the month's end governs (a consent obtained after the month
 *     leaves the latest past episode); a declined one reads as `none` with its details; documentedInRecord
 *     is true by construction; only the four required elements are kept; a missing billing practitioner is
 *     the patient's (the api's default).
 *  8. Consent: a revocation after the month is not known to it; `history` is the earlier accepted episodes.
 *  9. Track: a fallback equal to the preferred track is none. MDM not documented reads as `low`.
 * 10. Time: an unknown program is another service's (TCM); a one-program list is that program; activity
 *     is a snake_case category (`care_management` when absent or free text).
 * 11. Time: a superseding entry that differs only in date, start or minutes is a correction (the
 *     superseded entry disappears); any other superseded entry is voided.
 * 12. Time: the month holds the entries with minutes in it, by start then id; `endsAt` is derived.
 * 13. Initiating visit: one completed by the month's end, else none; performed by the billing practitioner
 *     or someone else (`performedBy`); `required` and `reason` are the engine's to derive; G0506 billed
 *     before is dated before the month.
 * 14. Last face-to-face visit with the billing practitioner: the latest of the initiating visit, their
 *     face-to-face services and the stated date, by the month's end.
 * 15. Services: those dated in the month with a CPT/HCPCS code; the initiating visit and a stated last
 *     visit dated in the month are among them.
 * 16. New patient: no face-to-face visit with the billing practitioner in the 3 years up to the consent
 *     (the month's start without one).
 * 17. Other practitioners' claims: those for the month (status `paid` unless stated).
 * 18. Care plan: none if established after the month; unsigned = draft; electronic unless stated false;
 *     a copy given to the patient or caregiver (PLAN-3); disease-specific only with a focus among the
 *     conditions; activity: established in the month, else revised in it, else the recorded review, else
 *     `monitored` when in force with CCM or PCM time, else null.
 * 19. RPM: only an enrolled block; consent documented or not as stated; device periods are 30 days and
 *     listed when they overlap the month; an unknown device is `other`. RTM alike (no RTM codes here).
 * 20. APCM, PCM attestation, behavioral health: flags are true only when stated true; a PCM attestation
 *     needs a condition to attest; behavioral health needs a named practitioner, its service is one the
 *     api knows (general_BHI, psychiatric_CoCM, other) and its activities are non-empty texts (none is fine).
 * 21. Attempted claim lines are `{code, units?}` objects.
 */
export function coherent(facts: PatientMonthFacts): PatientMonthFacts {
  const month = facts.serviceMonth;
  const start = firstDayOfMonth(month);
  const end = lastDayOfMonth(month);
  const bp = facts.billingPractitioner.id;
  const specialty = facts.billingPractitioner.specialty;
  const chronicConditions = coherentConditions(facts.patient.chronicConditions);
  const timeEntries = coherentEntries(facts);
  const consent = coherentConsent(facts);
  const initiatingVisit = coherentVisit(facts);
  const visits = visitsAndServices(facts, initiatingVisit, consent.obtainedAt);
  const carePlan = coherentCarePlan(facts, chronicConditions, timeEntries);
  const overlapping = (p: DevicePeriod) => p.start <= end && p.end >= start;
  const rpm = facts.rpm?.enrolled
    ? {
        enrolled: true,
        consentDocumented: facts.rpm.consentDocumented === true,
        establishedPatient: facts.rpm.establishedPatient === true,
        deviceType: (RPM_DEVICE_TYPES as readonly string[]).includes(facts.rpm.deviceType ?? '')
          ? facts.rpm.deviceType
          : 'other',
        setupAndEducationBilledPreviously: facts.rpm.setupAndEducationBilledPreviously === true,
        devicePeriods: rpmPeriods(facts.rpm.devicePeriods ?? []).filter(overlapping),
      }
    : undefined;
  const rtm = facts.rtm?.enrolled
    ? { enrolled: true, devicePeriods: (facts.rtm.devicePeriods ?? []).filter(overlapping) }
    : undefined;
  const pcm = facts.pcmConditionAttestation;
  const bh = facts.behavioralHealth;
  const activities = (bh?.activitiesDocumented ?? []).filter((a) => a.length > 0).slice(0, 20);
  const attempted = (facts.attemptedClaimLines ?? []).map((l): AttemptedClaimLine =>
    typeof l === 'string'
      ? { code: l }
      : l.units === undefined
        ? { code: l.code }
        : { code: l.code, units: l.units },
  );
  const optional = {
    ...(rpm ? { rpm } : {}),
    ...(rtm ? { rtm } : {}),
    ...(facts.apcm
      ? {
          apcm: {
            practitionerResponsibleForAllPrimaryCare:
              facts.apcm.practitionerResponsibleForAllPrimaryCare === true,
            serviceElementsInPlace: facts.apcm.serviceElementsInPlace === true,
          },
        }
      : {}),
    ...(pcm && chronicConditions.length > 0
      ? {
          pcmConditionAttestation: {
            expectedDurationMonthsAtLeast: Math.min(1200, Math.floor(pcm.expectedDurationMonthsAtLeast ?? 0)),
            riskOfHospitalizationOrDecline: pcm.riskOfHospitalizationOrDecline === true,
            frequentMedicationAdjustment: pcm.frequentMedicationAdjustment === true,
            ongoingCoordinationNeeded: pcm.ongoingCoordinationNeeded === true,
          },
        }
      : {}),
    ...(bh && bh.furnishedUnderPractitioner
      ? {
          behavioralHealth: {
            service: (BEHAVIORAL_HEALTH_SERVICES as readonly string[]).includes(bh.service)
              ? bh.service
              : 'other',
            furnishedUnderPractitioner: bh.furnishedUnderPractitioner,
            activitiesDocumented: activities,
          },
        }
      : {}),
    ...(attempted.length > 0 ? { attemptedClaimLines: attempted } : {}),
  };
  return {
    serviceMonth: month,
    payer: {
      type: (PAYER_TYPES as readonly string[]).includes(facts.payer.type) ? facts.payer.type : 'commercial',
      qmb: facts.payer.qmb,
      ...(facts.payer.medicaid ? { medicaid: facts.payer.medicaid.slice(0, 64) } : {}),
    },
    billingPractitioner: {
      id: bp,
      role: 'physician_qhp',
      credential: facts.billingPractitioner.credential ?? 'MD',
      ...(specialty && SPECIALTY.test(specialty) ? { specialty } : {}),
    },
    patient: {
      chronicConditions,
      qualifyingChronicConditionCount: chronicConditions.filter(
        (c) => c.expectedDuration === '12_months_or_more' && c.significantRisk,
      ).length,
      isNewToBillingPractitioner: visits.isNew,
      lastFaceToFaceVisitWithBillingPractitioner: visits.lastFaceToFace,
      inpatientStays: (facts.patient.inpatientStays ?? [])
        .filter((s) => s.admit <= end && (s.discharge === null || s.discharge >= start))
        .map((s) => ({
          type: (INPATIENT_STAY_TYPES as readonly string[]).includes(s.type)
            ? s.type
            : 'acute_hospital_inpatient',
          admit: s.admit,
          discharge: s.discharge,
        }))
        .sort(byAdmission),
    },
    consent,
    initiatingVisit,
    carePlan,
    trackPolicy: {
      preferred: facts.trackPolicy.preferred,
      fallback:
        facts.trackPolicy.fallback === facts.trackPolicy.preferred
          ? null
          : (facts.trackPolicy.fallback ?? null),
    },
    mdmThisMonth: facts.mdmThisMonth ?? 'low',
    timeEntries,
    otherServicesThisMonth: visits.services,
    otherPractitionerClaimsThisMonth: facts.otherPractitionerClaimsThisMonth
      .map((c) => ({ ...c, serviceMonth: c.serviceMonth ?? month, status: c.status ?? 'paid' }))
      .filter(
        (c) => c.serviceMonth === month && /^[0-9A-Z]{5}$/.test(c.code) && ID_PATTERN.test(c.practitionerId),
      )
      .map((c) => ({
        practitionerId: c.practitionerId,
        code: c.code,
        serviceMonth: c.serviceMonth,
        status: c.status,
      })),
    ...optional,
  };
}

const SPECIALTY = /^[a-z][a-z_]{1,63}$/;
const ICD10 = /^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;

function coherentConditions(conditions: readonly ChronicCondition[]): ChronicCondition[] {
  const seen = new Set<string>();
  return conditions.flatMap((c, i) => {
    const given = c.icd10?.toUpperCase();
    const icd10 = given && ICD10.test(given) ? given : `R${String(50 + i).padStart(2, '0')}`;
    if (seen.has(icd10)) return [];
    seen.add(icd10);
    const name = (c.name ?? icd10).slice(0, 200) || icd10;
    return [{ name, icd10, expectedDuration: c.expectedDuration, significantRisk: c.significantRisk }];
  });
}

/** RPM-1: 30-day periods from their first day, one at a time (the api refuses overlaps). */
function rpmPeriods(periods: readonly DevicePeriod[]): DevicePeriod[] {
  const out: DevicePeriod[] = [];
  for (const p of [...periods].sort((a, b) => a.start.localeCompare(b.start))) {
    const end = dateOfDay(dayNumber(p.start) + 29);
    if (out.some((q) => q.end >= p.start)) continue;
    out.push({ start: p.start, end, daysWithTransmittedData: Math.min(30, p.daysWithTransmittedData) });
  }
  return out;
}

/** The day a plan with no establishment date is taken to have been established: the previous month's first. */
export const defaultEstablishedOn = (month: string): string =>
  firstDayOfMonth(dateOfDay(dayNumber(firstDayOfMonth(month)) - 1).slice(0, 7));

function coherentCarePlan(
  facts: PatientMonthFacts,
  conditions: readonly ChronicCondition[],
  entries: readonly TimeEntry[],
): CarePlan {
  const raw = facts.carePlan;
  const month = facts.serviceMonth;
  const establishedAt = raw.establishedAt ?? defaultEstablishedOn(month);
  if (raw.status === 'none' || establishedAt > lastDayOfMonth(month)) return { status: 'none' };
  const signer = raw.status === 'in_force' ? (raw.establishedOrSignedBy ?? null) : null;
  const status = signer ? 'in_force' : 'draft';
  const focus = raw.focusCondition?.toUpperCase() ?? null;
  const diseaseSpecific =
    raw.type === 'disease_specific' && focus !== null && conditions.some((c) => c.icd10 === focus);
  const revised = raw.activityThisMonth === 'revised' || raw.substantiallyRevisedThisMonth === true;
  const review =
    raw.activityThisMonth === 'implemented' || raw.activityThisMonth === 'monitored'
      ? raw.activityThisMonth
      : null;
  const careTime = entries.some((e) => e.status === 'active' && (e.program === 'CCM' || e.program === 'PCM'));
  const activityThisMonth =
    establishedAt.slice(0, 7) === month
      ? 'established'
      : revised
        ? 'revised'
        : (review ?? (status === 'in_force' && careTime ? 'monitored' : null));
  return {
    status,
    establishedOrSignedBy: signer,
    establishedAt,
    draftedBy: signer ?? facts.billingPractitioner.id,
    electronic: raw.electronic !== false,
    copyGivenToPatient: raw.copyGivenToPatient === true,
    activityThisMonth,
    type: diseaseSpecific ? 'disease_specific' : 'comprehensive',
    focusCondition: diseaseSpecific ? focus : null,
    substantiallyRevisedThisMonth: revised && raw.substantiallyRevisedThisMonth === true,
  };
}
