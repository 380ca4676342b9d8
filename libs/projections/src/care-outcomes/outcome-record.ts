import type { InpatientStay, LocalDate } from '@ccm/domain';
import type { PatientEventEnvelope } from '@ccm/patient-months';
import type { A1c, BloodPressure, MonthSummary } from './outcome-readings';

/**
 * What the outcome metrics read of one patient, folded from their events: diagnoses, the latest blood
 * pressure and A1c of each month (corrections applied, voided ones gone; each month's readings are a
 * document of their own, outcome-readings.ts), stays, emergency visits, medication reconciliations,
 * adherence checks and satisfaction surveys. Values are kept compact: a record is read for every patient
 * of the practice when a month's metrics are asked for, and rewritten with each event of theirs.
 */
export interface OutcomeRecord {
  readonly patientId: string;
  /** The patient stream revision of the last event folded in (redelivery guard). */
  readonly revision: number;
  readonly timeZone: string;
  readonly enrolledOn: LocalDate;
  /** Chronic conditions by ICD-10 code: [attested on, resolved on (null while active)]. */
  readonly conditions: Readonly<Record<string, readonly [LocalDate, LocalDate | null]>>;
  /** By month taken (YYYY-MM): the month's latest blood pressure (by time taken, then observation id). */
  readonly bloodPressureByMonth: Readonly<Record<string, BloodPressure>>;
  /** By month taken: the month's latest A1c. */
  readonly a1cByMonth: Readonly<Record<string, A1c>>;
  /** The latest readings of the month of the day before enrolment taken by that day (MonthSummary). */
  readonly beforeEnrolment: NonNullable<MonthSummary['beforeEnrolment']>;
  readonly stays: Readonly<Record<string, InpatientStay>>;
  /** By visit id: the visit date. */
  readonly emergencyVisits: Readonly<Record<string, LocalDate>>;
  /** By reconciliation id: the day the list was reconciled. */
  readonly reconciliations: Readonly<Record<string, LocalDate>>;
  /** By check id: [checkedOn, finding]; overall and per-medication checks alike. */
  readonly adherenceChecks: Readonly<Record<string, readonly [LocalDate, string]>>;
  /** By survey id: [completedOn, overall score as a share of its scale (0..1)]. */
  readonly surveys: Readonly<Record<string, readonly [LocalDate, number]>>;
}

export const OUTCOME_EVENT_TYPES: ReadonlySet<string> = new Set([
  'PatientEnrolled',
  'ConditionAdded',
  'ConditionResolved',
  'ClinicalObservationRecorded',
  'ClinicalObservationCorrected',
  'ClinicalObservationVoided',
  'InpatientStayRecorded',
  'EmergencyVisitRecorded',
  'MedicationsReconciled',
  'AdherenceChecked',
  'SatisfactionSurveyRecorded',
]);

/**
 * Pure: the record after one event; undefined when the event changes nothing (or was applied already).
 * Observations change it through their month's readings (withMonthSummary), which the projection reads.
 */
export function evolveOutcomeRecord(
  record: OutcomeRecord | undefined,
  envelope: PatientEventEnvelope,
): OutcomeRecord | undefined {
  const { event } = envelope;
  if (event.type === 'PatientEnrolled') {
    if (record) return undefined;
    return {
      patientId: envelope.patientId,
      revision: envelope.revision,
      timeZone: envelope.timeZone,
      enrolledOn: event.data.enrolledOn,
      conditions: Object.fromEntries(event.data.conditions.map((c) => [c.icd10, [c.attestedOn, null]])),
      bloodPressureByMonth: {},
      a1cByMonth: {},
      beforeEnrolment: {},
      stays: {},
      emergencyVisits: {},
      reconciliations: {},
      adherenceChecks: {},
      surveys: {},
    };
  }
  if (!record || envelope.revision <= record.revision || !OUTCOME_EVENT_TYPES.has(event.type))
    return undefined;
  const next = { ...record, revision: envelope.revision };
  switch (event.type) {
    case 'ConditionAdded': {
      const { icd10, attestedOn } = event.data.condition;
      return { ...next, conditions: { ...record.conditions, [icd10]: [attestedOn, null] } };
    }
    case 'ConditionResolved': {
      const { icd10, resolvedOn } = event.data;
      const since = record.conditions[icd10]?.[0] ?? resolvedOn;
      return { ...next, conditions: { ...record.conditions, [icd10]: [since, resolvedOn] } };
    }
    case 'InpatientStayRecorded':
      return { ...next, stays: { ...record.stays, [event.data.stayId]: event.data } };
    case 'EmergencyVisitRecorded':
      return {
        ...next,
        emergencyVisits: { ...record.emergencyVisits, [event.data.visitId]: event.data.visitDate },
      };
    case 'MedicationsReconciled': {
      const { reconciliationId, reconciledOn } = event.data;
      return { ...next, reconciliations: { ...record.reconciliations, [reconciliationId]: reconciledOn } };
    }
    case 'AdherenceChecked': {
      const { checkId, checkedOn, finding } = event.data;
      return { ...next, adherenceChecks: { ...record.adherenceChecks, [checkId]: [checkedOn, finding] } };
    }
    case 'SatisfactionSurveyRecorded': {
      const { surveyId, completedOn, overallScore, scale } = event.data;
      const share = scale.max > scale.min ? (overallScore - scale.min) / (scale.max - scale.min) : 1;
      return { ...next, surveys: { ...record.surveys, [surveyId]: [completedOn, share] } };
    }
    default:
      return next;
  }
}

/** Pure: the record with what one month's readings now give it (outcome-readings.ts summariseMonth). */
export function withMonthSummary(record: OutcomeRecord, month: string, summary: MonthSummary): OutcomeRecord {
  const put = <T>(byMonth: Readonly<Record<string, T>>, value: T | undefined): Record<string, T> => {
    const copy = { ...byMonth };
    if (value === undefined) delete copy[month];
    else copy[month] = value;
    return copy;
  };
  return {
    ...record,
    bloodPressureByMonth: put(record.bloodPressureByMonth, summary.bloodPressure),
    a1cByMonth: put(record.a1cByMonth, summary.a1c),
    beforeEnrolment: summary.beforeEnrolment ?? record.beforeEnrolment,
  };
}
