import type { Measurement, ObservationSource, PatientEvent } from '@ccm/domain';

type CareQualityEvent = Extract<
  PatientEvent,
  {
    type:
      | 'ClinicalObservationRecorded'
      | 'ClinicalObservationCorrected'
      | 'ClinicalObservationVoided'
      | 'EmergencyVisitRecorded'
      | 'SatisfactionSurveyRecorded';
  }
>;

const KIND_NAMES: Record<Measurement['kind'], string> = {
  blood_pressure: 'Blood pressure',
  a1c: 'A1c',
  weight: 'Weight',
  glucose: 'Glucose',
};

/** The kind, with the glucose timing (a label, not a value). */
const kindOf = (m: Measurement): string =>
  m.kind === 'glucose'
    ? `${m.glucoseTiming === 'fasting' ? 'Fasting' : 'Random'} glucose`
    : KIND_NAMES[m.kind];

const sourceOf = (source: ObservationSource): string =>
  source.type === 'staff'
    ? 'entered by staff'
    : source.type === 'imported'
      ? `imported from ${source.system}`
      : `from RPM device period ${source.rpmPeriodId}`;

const at = (takenAt: string): string => takenAt.replace('T', ' ');

/**
 * Timeline lines of observations, utilisation and satisfaction. Like a contact's line (which leaves its
 * summary out), they say what was recorded and when, never a measured value, a score or a free-text
 * reason: those are read from the record itself.
 */
export function describeCareQualityEvent(event: CareQualityEvent): string {
  switch (event.type) {
    case 'ClinicalObservationRecorded': {
      const d = event.data;
      return `${kindOf(d.measurement)} observation taken ${at(d.takenAt)}, ${sourceOf(d.source)}`;
    }
    case 'ClinicalObservationCorrected': {
      const d = event.data;
      return `${kindOf(d.measurement)} observation ${d.observationId} corrected by ${d.correctedBy} (taken ${at(d.takenAt)})`;
    }
    case 'ClinicalObservationVoided':
      return `Observation ${event.data.observationId} marked entered in error by ${event.data.voidedBy}`;
    case 'EmergencyVisitRecorded': {
      const d = event.data;
      return `Emergency department visit on ${d.visitDate} at ${d.facility}${d.reasonCode ? ` (${d.reasonCode})` : ''}`;
    }
    case 'SatisfactionSurveyRecorded': {
      const d = event.data;
      const n = d.items?.length ?? 0;
      const items = n > 0 ? `, ${n} item${n === 1 ? '' : 's'}` : '';
      return `Satisfaction survey (${d.instrument}) completed on ${d.completedOn}${items}, recorded by ${d.recordedBy}`;
    }
  }
}
