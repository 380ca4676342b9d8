import type { Demographics, DemographicsEvent, EnrollmentEvent } from '@ccm/domain';
import { dataOf, type ExportContext, type StoredEvent } from './export-context';
import {
  ccmPatientIdSystem,
  referenceTo,
  stableResourceId,
  SYSTEMS,
  type FhirResource,
} from './fhir-resource';

type Enrolment = Extract<EnrollmentEvent, { type: 'PatientEnrolled' }>['data'];
type Recorded = Extract<DemographicsEvent, { type: 'DemographicsRecorded' }>['data'];
type Corrected = Extract<DemographicsEvent, { type: 'DemographicsCorrected' }>['data'];

/** The demographics now: the recording with every correction's fields laid over it, in order. */
export function currentDemographics(events: readonly StoredEvent[]): {
  demographics: Partial<Demographics>;
  from: StoredEvent[];
} {
  let demographics: Partial<Demographics> = {};
  const from: StoredEvent[] = [];
  for (const event of events) {
    if (event.type === 'DemographicsRecorded') {
      const { recordedBy: _by, ...recorded } = dataOf<Recorded>(event);
      demographics = { ...recorded };
      from.push(event);
    } else if (event.type === 'DemographicsCorrected') {
      const { correctionId: _id, reason: _reason, correctedBy: _by, ...fields } = dataOf<Corrected>(event);
      demographics = { ...demographics, ...fields };
      from.push(event);
    }
  }
  return { demographics, from };
}

/** ZIP as FHIR readers expect it: 5 digits, or ZIP+4 with its hyphen. */
const postalCodeOf = (digits: string): string =>
  digits.length === 9 ? `${digits.slice(0, 5)}-${digits.slice(5)}` : digits;

export function patientResource(context: ExportContext): FhirResource {
  const { events, patientId } = context.record;
  const enrolment = events.find((event) => event.type === 'PatientEnrolled');
  const { demographics, from } = currentDemographics(events);
  const birthDate =
    demographics.dateOfBirth ?? (enrolment ? dataOf<Enrolment>(enrolment).dateOfBirth : undefined);
  const patient: FhirResource = {
    resourceType: 'Patient',
    id: context.patientResourceId,
    identifier: [
      { system: ccmPatientIdSystem(context.practiceId), value: patientId },
      ...(demographics.mbi ? [{ system: SYSTEMS.mbi, value: demographics.mbi }] : []),
    ],
    active: true,
    ...(demographics.name
      ? { name: [{ use: 'official', family: demographics.name.family, given: demographics.name.given }] }
      : {}),
    ...(demographics.phone ? { telecom: [{ system: 'phone', value: demographics.phone, use: 'home' }] } : {}),
    ...(demographics.sex ? { gender: demographics.sex } : {}),
    ...(birthDate ? { birthDate } : {}),
    ...(demographics.address
      ? {
          address: [
            {
              use: 'home',
              line: demographics.address.lines,
              city: demographics.address.city,
              state: demographics.address.state,
              postalCode: postalCodeOf(demographics.address.postalCode),
              country: 'US',
            },
          ],
        }
      : {}),
    managingOrganization: context.practiceReference(),
  };
  return context.traces(patient, ...(enrolment ? [enrolment] : []), ...from);
}

/**
 * Medicare as the payer every claim goes to, and the patient's coverage under their MBI: a Claim must
 * name its insurance, and the reference has to resolve inside the Bundle.
 */
export function medicareCoverage(context: ExportContext, patient: FhirResource): FhirResource[] {
  const medicare: FhirResource = {
    resourceType: 'Organization',
    id: stableResourceId('Organization', 'medicare'),
    active: true,
    name: 'Medicare',
  };
  const mbi = (patient.identifier as { system: string; value: string }[]).find(
    (id) => id.system === SYSTEMS.mbi,
  );
  const coverage: FhirResource = {
    resourceType: 'Coverage',
    id: stableResourceId('Coverage', context.practiceId, context.record.patientId, 'medicare'),
    status: 'active',
    type: {
      coding: [{ system: SYSTEMS.actCode, code: 'PUBLICPOL', display: 'public healthcare' }],
      text: 'Medicare Part B',
    },
    ...(mbi ? { subscriberId: mbi.value } : {}),
    beneficiary: referenceTo(patient),
    payor: [referenceTo(medicare)],
  };
  return [medicare, coverage];
}
