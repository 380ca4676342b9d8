import {
  BILLED_VISIT_CODES,
  type InitiatingVisit,
  type OtherService,
  type PatientMonthFacts,
} from '@ccm/billing';
import { dateOfDay, dayNumber, firstDayOfMonth, lastDayOfMonth } from '@ccm/billing/wall-clock';
import { ID_PATTERN } from '@ccm/domain';

/** What `coherent` does to visits and services billed elsewhere (rules 13-17 of coherent.ts). */

const PROCEDURE = /^([0-9]{5}|[A-Z][0-9]{4})$/;
const PERIOD = /^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/;
/** The code a face-to-face visit with the billing practitioner is recorded with when the document names none. */
export const FACE_TO_FACE_CODE = '99213';

/** Rule 13: the initiating visit on file by the month's end, as the record keeps it. */
export function coherentVisit(facts: PatientMonthFacts): InitiatingVisit {
  const v = facts.initiatingVisit;
  const bp = facts.billingPractitioner.id;
  const month = facts.serviceMonth;
  if (v.status !== 'completed' || !v.date || v.date > lastDayOfMonth(month)) return {};
  const who = v.performedBy ?? v.billingPractitionerId ?? bp;
  const g0506 = v.g0506PreviouslyBilled === true;
  const previous =
    v.g0506PreviousDate && v.g0506PreviousDate < firstDayOfMonth(month)
      ? v.g0506PreviousDate
      : dateOfDay(dayNumber(firstDayOfMonth(month)) - 1);
  return {
    status: 'completed',
    date: v.date,
    code: (v.code ?? '99211').toUpperCase(),
    ...(who === bp ? { billingPractitionerId: bp } : { performedBy: who }),
    ccmDiscussedAndDocumented: v.ccmDiscussedAndDocumented === true,
    extensiveAssessmentAndCarePlanningByPractitioner:
      v.extensiveAssessmentAndCarePlanningByPractitioner === true,
    g0506PreviouslyBilled: g0506,
    ...(g0506 ? { g0506PreviousDate: previous } : {}),
  };
}

/** Rule 15: services billed elsewhere in the month that the api can record, codes upper-case. */
function recordableServices(facts: PatientMonthFacts): (OtherService & { date: string })[] {
  const month = facts.serviceMonth;
  return facts.otherServicesThisMonth
    .map((s) => ({ ...s, code: s.code.toUpperCase(), date: s.date ?? firstDayOfMonth(month) }))
    .filter(
      (s) => PROCEDURE.test(s.code) && ID_PATTERN.test(s.practitionerId) && s.date.slice(0, 7) === month,
    )
    .map((s) => ({
      code: s.code,
      date: s.date,
      practitionerId: s.practitionerId,
      ...(s.servicePeriod && PERIOD.test(s.servicePeriod) ? { servicePeriod: s.servicePeriod } : {}),
    }));
}

/**
 * Rules 14-17: the face-to-face visits with the billing practitioner the record holds (initiating visit by
 * them, face-to-face services by them in the month, and the document's last visit when it is later than
 * those), the month's services with the initiating visit and that last visit among them, and what they
 * imply: the last visit by the month's end, and whether the patient is new at the start of their consent.
 */
export function visitsAndServices(
  facts: PatientMonthFacts,
  visit: InitiatingVisit,
  consentObtainedAt: string | null | undefined,
): {
  lastFaceToFace: string | null;
  isNew: boolean;
  services: OtherService[];
} {
  const bp = facts.billingPractitioner.id;
  const month = facts.serviceMonth;
  const end = lastDayOfMonth(month);
  const visitBy = visit.billingPractitionerId ?? visit.performedBy ?? bp;
  const isVisit = (s: OtherService) =>
    s.code === visit.code && s.date === visit.date && s.practitionerId === visitBy;
  // A service that is the initiating visit itself is the visit (recorded once, as the visit).
  const services = recordableServices(facts).filter((s) => !isVisit(s));
  const own = services
    .filter((s) => s.practitionerId === bp && BILLED_VISIT_CODES.includes(s.code))
    .map((s) => s.date);
  if (visit.billingPractitionerId === bp && visit.date) own.push(visit.date);
  const stated = facts.patient.lastFaceToFaceVisitWithBillingPractitioner ?? null;
  const latest = own.sort().at(-1) ?? null;
  const extra = stated !== null && stated <= end && (latest === null || stated > latest) ? stated : null;
  const dates = extra ? [...own, extra] : own;
  if (extra && extra.slice(0, 7) === month)
    services.push({ code: FACE_TO_FACE_CODE, date: extra, practitionerId: bp });
  services.sort((a, b) => a.date.localeCompare(b.date) || a.code.localeCompare(b.code));
  // The initiating visit of the month is one of its billed services (it feeds TIME-4), listed after the
  // others unless one of them has its code and date.
  if (visit.date && visit.code && visit.date.slice(0, 7) === month) {
    if (!services.some((s) => s.code === visit.code && s.date === visit.date)) {
      services.push({ code: visit.code, date: visit.date, practitionerId: visitBy });
    }
  }
  const anchor = consentObtainedAt?.slice(0, 10) ?? firstDayOfMonth(month);
  const from = `${String(Number(anchor.slice(0, 4)) - 3).padStart(4, '0')}${anchor.slice(4)}`;
  return {
    lastFaceToFace:
      dates
        .filter((d) => d <= end)
        .sort()
        .at(-1) ?? null,
    isNew: !dates.some((d) => d >= from && d <= anchor),
    services,
  };
}
