import type { InpatientStay, LocalDate } from '@ccm/domain';
import type { PatientEventEnvelope } from '@ccm/patient-months';

/**
 * What the outcome metrics read of one patient, folded from their events: diagnoses, the current blood
 * pressures and A1c results (corrections applied, voided ones gone), stays, emergency visits, medication
 * reconciliations, adherence checks and satisfaction surveys. Values are kept compact: a record is read
 * for every patient of the practice when a month's metrics are asked for.
 */
export interface OutcomeRecord {
  readonly patientId: string;
  /** The patient stream revision of the last event folded in (redelivery guard). */
  readonly revision: number;
  readonly timeZone: string;
  readonly enrolledOn: LocalDate;
  /** Chronic conditions by ICD-10 code: [attested on, resolved on (null while active)]. */
  readonly conditions: Readonly<Record<string, readonly [LocalDate, LocalDate | null]>>;
  /** By observation id: [takenAt, systolic, diastolic]. */
  readonly bloodPressures: Readonly<Record<string, readonly [string, number, number]>>;
  /** By observation id: [takenAt, percent]. */
  readonly a1cs: Readonly<Record<string, readonly [string, number]>>;
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

const without = <T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> => {
  const copy = { ...record };
  delete copy[key];
  return copy;
};

/** Pure: the record after one event; undefined when the event changes nothing (or was applied already). */
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
      bloodPressures: {},
      a1cs: {},
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
    case 'ClinicalObservationRecorded':
    case 'ClinicalObservationCorrected': {
      const { observationId, measurement, takenAt } = event.data;
      if (measurement.kind === 'blood_pressure') {
        const value = [takenAt, measurement.systolicMmHg, measurement.diastolicMmHg] as const;
        return { ...next, bloodPressures: { ...record.bloodPressures, [observationId]: value } };
      }
      if (measurement.kind === 'a1c') {
        return { ...next, a1cs: { ...record.a1cs, [observationId]: [takenAt, measurement.a1cPercent] } };
      }
      return next;
    }
    case 'ClinicalObservationVoided': {
      const id = event.data.observationId;
      return { ...next, bloodPressures: without(record.bloodPressures, id), a1cs: without(record.a1cs, id) };
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
