import type { DevicePeriodRecorded, Measurement, ObservationDetails, ObservationEvent } from '@ccm/domain';
import { dataOf, metadataOf, type ExportContext, type StoredEvent } from './export-context';
import { ccmCodeable, stableResourceId, SYSTEMS, type FhirResource } from './fhir-resource';

type Recorded = Extract<ObservationEvent, { type: 'ClinicalObservationRecorded' }>['data'];
type Corrected = Extract<ObservationEvent, { type: 'ClinicalObservationCorrected' }>['data'];

const loinc = (code: string, display: string) => ({
  coding: [{ system: SYSTEMS.loinc, code, display }],
  text: display,
});
const quantity = (value: number, unit: string, code: string) => ({ value, unit, system: SYSTEMS.ucum, code });
const category = (code: 'vital-signs' | 'laboratory') => [
  { coding: [{ system: SYSTEMS.observationCategory, code }] },
];

/** The LOINC code, category and value of each kind of measurement the record keeps. */
function measured(measurement: Measurement): Record<string, unknown> {
  switch (measurement.kind) {
    case 'blood_pressure':
      return {
        category: category('vital-signs'),
        code: loinc('85354-9', 'Blood pressure panel with all children optional'),
        component: [
          {
            code: loinc('8480-6', 'Systolic blood pressure'),
            valueQuantity: quantity(measurement.systolicMmHg, 'mmHg', 'mm[Hg]'),
          },
          {
            code: loinc('8462-4', 'Diastolic blood pressure'),
            valueQuantity: quantity(measurement.diastolicMmHg, 'mmHg', 'mm[Hg]'),
          },
        ],
      };
    case 'a1c':
      return {
        category: category('laboratory'),
        code: loinc('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood'),
        valueQuantity: quantity(measurement.a1cPercent, '%', '%'),
      };
    case 'weight':
      return {
        category: category('vital-signs'),
        code: loinc('29463-7', 'Body weight'),
        valueQuantity: quantity(measurement.weightKg, 'kg', 'kg'),
      };
    case 'glucose':
      return {
        category: category('laboratory'),
        code:
          measurement.glucoseTiming === 'fasting'
            ? loinc('1558-6', 'Fasting glucose [Mass/volume] in Serum or Plasma')
            : loinc('2339-0', 'Glucose [Mass/volume] in Blood'),
        valueQuantity: quantity(measurement.glucoseMgDl, 'mg/dL', 'mg/dL'),
      };
  }
}

const SOURCE_TEXT: Record<ObservationDetails['source']['type'], string> = {
  staff: 'Measured or entered by staff',
  imported: 'Imported from another system',
  rpm_device: 'Transmitted by a remote monitoring device',
};

/**
 * Recorded observations with their corrections applied (`amended`); a voided one stays in the export as
 * `entered-in-error`, because the record never forgets it was entered.
 */
function clinicalObservations(context: ExportContext): FhirResource[] {
  const byId = new Map<string, StoredEvent[]>();
  for (const event of context.record.events) {
    if (!event.type.startsWith('ClinicalObservation')) continue;
    const { observationId } = dataOf<{ observationId: string }>(event);
    if (event.type === 'ClinicalObservationRecorded') byId.set(observationId, [event]);
    else byId.get(observationId)?.push(event);
  }
  return [...byId.values()].map((events) => {
    const recorded = dataOf<Recorded>(events[0]);
    let current: { measurement: Measurement; takenAt: string; takenAtOffset?: string } = recorded;
    let status = 'final';
    for (const change of events.slice(1)) {
      if (change.type === 'ClinicalObservationCorrected') {
        current = dataOf<Corrected>(change);
        if (status !== 'entered-in-error') status = 'amended';
      } else if (change.type === 'ClinicalObservationVoided') {
        status = 'entered-in-error';
      }
    }
    const resource: FhirResource = {
      resourceType: 'Observation',
      id: stableResourceId('Observation', events[0].streamId, events[0].id),
      identifier: [{ system: `${SYSTEMS.ccm}:observation-id`, value: recorded.observationId }],
      status,
      ...measured(current.measurement),
      subject: context.patientReference(),
      effectiveDateTime: context.dateTime(current.takenAt, current.takenAtOffset),
      issued: metadataOf(events[events.length - 1]).recordedAt || undefined,
      performer: [context.person(recorded.recordedBy)],
      method: { text: SOURCE_TEXT[recorded.source.type] },
      ...(recorded.source.type === 'rpm_device' ? { device: { display: 'RPM device' } } : {}),
    };
    return context.traces(withoutUndefined(resource), ...events);
  });
}

/** RPM-1: the days with transmitted data in each 30-day device period; a later report supersedes. */
function devicePeriodObservations(context: ExportContext): FhirResource[] {
  const byPeriod = new Map<string, StoredEvent[]>();
  for (const event of context.record.events) {
    if (event.type !== 'RpmDevicePeriodRecorded' && event.type !== 'RtmDevicePeriodRecorded') continue;
    const key = `${event.type}|${dataOf<DevicePeriodRecorded>(event).periodId}`;
    byPeriod.set(key, [...(byPeriod.get(key) ?? []), event]);
  }
  return [...byPeriod.values()].map((events) => {
    const latest = dataOf<DevicePeriodRecorded>(events[events.length - 1]);
    const program = events[0].type === 'RpmDevicePeriodRecorded' ? 'rpm' : 'rtm';
    const resource: FhirResource = {
      resourceType: 'Observation',
      id: stableResourceId('Observation', events[0].streamId, events[0].id),
      identifier: [{ system: `${SYSTEMS.ccm}:${program}-period-id`, value: latest.periodId }],
      status: events.length > 1 ? 'amended' : 'final',
      category: [{ coding: [{ system: SYSTEMS.observationCategory, code: 'activity' }] }],
      code: ccmCodeable(
        'device-measure',
        `${program}_days_with_transmitted_data`,
        'Days with transmitted device data in the period',
      ),
      subject: context.patientReference(),
      effectivePeriod: { start: latest.start, end: latest.end },
      issued: metadataOf(events[events.length - 1]).recordedAt || undefined,
      performer: [context.person(latest.recordedBy)],
      valueQuantity: quantity(latest.daysWithTransmittedData, 'days', 'd'),
    };
    return context.traces(withoutUndefined(resource), ...events);
  });
}

function withoutUndefined(resource: FhirResource): FhirResource {
  return Object.fromEntries(
    Object.entries(resource).filter(([, value]) => value !== undefined),
  ) as FhirResource;
}

export function observationResources(context: ExportContext): FhirResource[] {
  return [...clinicalObservations(context), ...devicePeriodObservations(context)];
}
