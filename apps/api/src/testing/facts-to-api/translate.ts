import type { PatientMonthFacts } from '@ccm/billing';
import { firstDayOfMonth } from '@ccm/billing/wall-clock';
import { CommandList, type ApiCommand } from './api-command';
import { coherent } from './coherent';
import { practiceBodyFor } from './roster';
import { recordCarePlan, recordConsents, recordVisits } from './translate-care';
import { recordPrograms } from './translate-programs';
import { recordTime } from './translate-time';

export interface Recording {
  /** What the record implies of the document: the facts the api serves once `commands` are sent. */
  readonly facts: PatientMonthFacts;
  /** In order: the practice, the patient, then back-dated facts. */
  readonly commands: readonly ApiCommand[];
}

/**
 * The api requests that record a facts document for a new practice and patient: register the practice
 * with everyone the document names, enrol the patient, then record each fact as it happened (dates are
 * the document's; send them with a clock later than every one).
 */
export function translate(
  raw: PatientMonthFacts,
  ids: { readonly practiceId: string; readonly patientId: string; readonly timeZone?: string },
): Recording {
  const doc = coherent(raw);
  const month = doc.serviceMonth;
  const bp = doc.billingPractitioner.id;
  const out = new CommandList(ids.patientId);
  const practice = practiceBodyFor(doc, ids.practiceId, ids.timeZone);

  out.add('billingPractitioner, timeEntries[].performer', 'admin', '/practices', practice);
  out.add('patient.chronicConditions, billingPractitioner.id', 'admin', '/patients', {
    patientId: ids.patientId,
    dateOfBirth: '1940-02-02',
    billingPractitionerId: bp,
    conditions: doc.patient.chronicConditions.map((c) => ({
      icd10: c.icd10,
      description: c.name,
      expectedDuration: c.expectedDuration,
      significantRisk: c.significantRisk,
      attestedOn: firstDayOfMonth(month),
    })),
    enrolledOn: firstDayOfMonth(month),
    careTeam: practice.staff.filter((s) => s.role === 'clinical_staff').map((s) => s.id),
  });
  out.add('payer', 'biller', 'payer-coverage', {
    fromMonth: month,
    payerType: doc.payer.type,
    qmb: doc.payer.qmb,
    ...(doc.payer.medicaid ? { medicaid: doc.payer.medicaid } : {}),
  });
  out.add(
    'trackPolicy',
    'practitioner',
    'track-policy',
    {
      fromMonth: month,
      preferred: doc.trackPolicy.preferred,
      fallback: doc.trackPolicy.fallback ?? null,
      reason: 'as documented',
    },
    bp,
  );
  if (raw.mdmThisMonth) {
    out.add(
      'mdmThisMonth',
      'practitioner',
      'medical-decision-making',
      { serviceMonth: month, level: raw.mdmThisMonth, practitionerId: bp },
      bp,
    );
  }
  recordConsents(doc, raw, out);
  recordVisits(doc, out);
  recordCarePlan(doc, out);
  (doc.patient.inpatientStays ?? []).forEach((s, i) =>
    out.add(`patient.inpatientStays[${i}]`, 'care_manager', 'inpatient-stays', {
      stayId: `stay-${i + 1}`,
      stayType: s.type,
      admit: s.admit,
      discharge: s.discharge,
    }),
  );
  const visit = doc.initiatingVisit;
  const visitBy = visit.billingPractitionerId ?? visit.performedBy;
  doc.otherServicesThisMonth.forEach((s, i) => {
    // The initiating visit is listed among the month's services; it is recorded as the visit.
    if (s.code === visit.code && s.date === visit.date && s.practitionerId === visitBy) return;
    out.add(`otherServicesThisMonth[${i}]`, 'biller', 'other-services', {
      serviceId: `service-${i + 1}`,
      code: s.code,
      date: s.date,
      practitionerId: s.practitionerId,
      ...(s.servicePeriod ? { servicePeriod: s.servicePeriod } : {}),
    });
  });
  doc.otherPractitionerClaimsThisMonth.forEach((c, i) =>
    out.add(`otherPractitionerClaimsThisMonth[${i}]`, 'biller', 'other-practitioner-claims', {
      claimId: `claim-${i + 1}`,
      practitionerId: c.practitionerId,
      code: c.code,
      serviceMonth: c.serviceMonth,
      status: c.status,
    }),
  );
  recordPrograms(doc, out);
  recordTime(doc, raw, out);
  return { facts: doc, commands: out.commands };
}
