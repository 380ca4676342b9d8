import type {
  BillingFactsEvent,
  ContactEvent,
  InitiatingVisitEvent,
  InpatientStay,
  UtilisationEvent,
} from '@ccm/domain';
import { dataOf, type ExportContext, type StoredEvent } from './export-context';
import { ccmCodeable, stableResourceId, SYSTEMS, type FhirResource } from './fhir-resource';

type Visit = InitiatingVisitEvent['data'];
type EmergencyVisit = UtilisationEvent['data'];
type Contact = ContactEvent['data'];
type OtherService = Extract<BillingFactsEvent, { type: 'OtherServiceRecorded' }>['data'];

/** E/M, AWV and TCM codes are CPT; G codes (G0438, G0506...) are HCPCS Level II. */
export const procedureSystemOf = (code: string): string =>
  /^[A-Z]/i.test(code) ? SYSTEMS.hcpcs : SYSTEMS.cpt;

const encounterClass = (code: string, display: string) => ({ system: SYSTEMS.actCode, code, display });

/**
 * Visits: the initiating visit (ambulatory, typed by the code billed), emergency department visits and
 * inpatient stays (hospital or skilled nursing; a stay recorded again with its discharge is one
 * Encounter, `in-progress` until discharged).
 */
export function encounterResources(context: ExportContext): FhirResource[] {
  // Built at the end, in the order first recorded, so a stay's later events are all in hand.
  const resources: (() => FhirResource)[] = [];
  const stays = new Map<string, StoredEvent[]>();
  for (const event of context.record.events) {
    if (event.type === 'InitiatingVisitRecorded') {
      const visit = dataOf<Visit>(event);
      resources.push(() =>
        context.traces(
          {
            resourceType: 'Encounter',
            id: stableResourceId('Encounter', event.streamId, event.id),
            identifier: [{ system: `${SYSTEMS.ccm}:visit-id`, value: visit.visitId }],
            status: 'finished',
            class: encounterClass('AMB', 'ambulatory'),
            type: [
              { coding: [{ system: procedureSystemOf(visit.visitCode), code: visit.visitCode }] },
              ccmCodeable('visit-kind', 'initiating_visit', 'CCM initiating visit'),
            ],
            subject: context.patientReference(),
            participant: [{ individual: context.person(visit.practitionerId) }],
            period: { start: visit.visitDate, end: visit.visitDate },
            serviceProvider: context.practiceReference(),
          },
          event,
        ),
      );
    } else if (event.type === 'EmergencyVisitRecorded') {
      const visit = dataOf<EmergencyVisit>(event);
      resources.push(() =>
        context.traces(
          {
            resourceType: 'Encounter',
            id: stableResourceId('Encounter', event.streamId, event.id),
            identifier: [{ system: `${SYSTEMS.ccm}:visit-id`, value: visit.visitId }],
            status: 'finished',
            class: encounterClass('EMER', 'emergency'),
            subject: context.patientReference(),
            period: { start: visit.visitDate, end: visit.visitDate },
            ...(visit.reasonCode
              ? { reasonCode: [{ coding: [{ system: SYSTEMS.icd10cm, code: visit.reasonCode }] }] }
              : {}),
            location: [{ location: { display: visit.facility } }],
          },
          event,
        ),
      );
    } else if (event.type === 'OtherServiceRecorded') {
      const service = dataOf<OtherService>(event);
      resources.push(() =>
        context.traces(
          {
            resourceType: 'Encounter',
            id: stableResourceId('Encounter', event.streamId, event.id),
            identifier: [{ system: `${SYSTEMS.ccm}:service-id`, value: service.serviceId }],
            status: 'finished',
            class: encounterClass('AMB', 'ambulatory'),
            type: [
              { coding: [{ system: procedureSystemOf(service.code), code: service.code }] },
              ccmCodeable('visit-kind', 'other_service', 'Other service billed'),
            ],
            subject: context.patientReference(),
            participant: [{ individual: context.person(service.practitionerId) }],
            period: { start: service.date, end: service.date },
          },
          event,
        ),
      );
    } else if (event.type === 'InpatientStayRecorded') {
      const { stayId } = dataOf<InpatientStay>(event);
      const stay = stays.get(stayId);
      if (stay) {
        stay.push(event);
        continue;
      }
      const events = [event];
      stays.set(stayId, events);
      const id = stableResourceId('Encounter', event.streamId, event.id);
      resources.push(() => inpatientEncounter(context, id, events));
    }
  }
  return resources.map((build) => build());
}

function inpatientEncounter(
  context: ExportContext,
  id: string,
  events: readonly StoredEvent[],
): FhirResource {
  const stay = dataOf<InpatientStay>(events[events.length - 1]);
  const skilledNursing = stay.stayType === 'skilled_nursing_facility';
  return context.traces(
    {
      resourceType: 'Encounter',
      id,
      identifier: [{ system: `${SYSTEMS.ccm}:stay-id`, value: stay.stayId }],
      status: stay.discharge ? 'finished' : 'in-progress',
      class: skilledNursing
        ? encounterClass('NONAC', 'inpatient non-acute')
        : encounterClass('IMP', 'inpatient encounter'),
      type: [ccmCodeable('stay-type', stay.stayType)],
      subject: context.patientReference(),
      period: { start: stay.admit, ...(stay.discharge ? { end: stay.discharge } : {}) },
    },
    ...events,
  );
}

const MEDIUM: Record<Contact['channel'], string> = {
  phone: 'PHONE',
  video: 'VIDEOCONF',
  secure_message: 'ONLINEWRIT',
  in_person: 'FACE',
};

/** Attempts that reached nobody are `not-done`, with the outcome as the reason. */
const REACHED: ReadonlySet<Contact['outcome']> = new Set(['reached', 'completed']);

/** Each recorded contact with the patient or on their behalf. */
export function communicationResources(context: ExportContext): FhirResource[] {
  return context.record.events
    .filter((event) => event.type === 'ContactRecorded')
    .map((event) => {
      const contact = dataOf<Contact>(event);
      const staff = context.person(contact.recordedBy);
      const other =
        contact.party === 'patient'
          ? context.patientReference()
          : { display: contact.party.replace(/_/g, ' ') };
      const when = context.dateTime(contact.occurredAt, contact.occurredAtOffset);
      const outbound = contact.direction === 'outbound';
      const resource: FhirResource = {
        resourceType: 'Communication',
        id: stableResourceId('Communication', event.streamId, event.id),
        identifier: [{ system: `${SYSTEMS.ccm}:contact-id`, value: contact.contactId }],
        status: REACHED.has(contact.outcome) ? 'completed' : 'not-done',
        ...(REACHED.has(contact.outcome)
          ? {}
          : { statusReason: ccmCodeable('contact-outcome', contact.outcome) }),
        category: [ccmCodeable('contact-party', contact.party)],
        medium: [{ coding: [{ system: SYSTEMS.participationMode, code: MEDIUM[contact.channel] }] }],
        subject: context.patientReference(),
        sent: when,
        ...(outbound ? {} : { received: when }),
        recipient: [outbound ? other : staff],
        sender: outbound ? staff : other,
        ...(contact.summary ? { payload: [{ contentString: contact.summary }] } : {}),
        ...(contact.afterHours !== undefined
          ? { extension: [{ url: 'urn:ccm:fhir:extension:after-hours', valueBoolean: contact.afterHours }] }
          : {}),
      };
      return context.traces(resource, event);
    });
}
