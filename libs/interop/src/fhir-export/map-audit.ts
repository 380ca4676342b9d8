import { stableResourceId, SYSTEMS, type FhirResource } from './fhir-resource';
import { dataOf, metadataOf, type ExportContext } from './export-context';

interface AccessData {
  readonly what?: string;
  readonly purpose?: string;
  readonly channel?: string;
}

/** HIPAA purposes of use as HL7 v3 PurposeOfUse codes; `unspecified` has none. */
const PURPOSE_CODES: Readonly<Record<string, string>> = {
  treatment: 'TREAT',
  payment: 'HPAYMT',
  operations: 'HOPERAT',
  audit: 'HSYSADMIN',
  patient_request: 'PATRQT',
};

/** Each logged read of the patient's record: who, when, why, through which route or command. */
export function auditEventResources(context: ExportContext): FhirResource[] {
  return context.record.accessEvents.map((event) => {
    const metadata = metadataOf(event);
    const access = dataOf<AccessData>(event);
    const purpose = access.purpose ? PURPOSE_CODES[access.purpose] : undefined;
    return {
      resourceType: 'AuditEvent',
      id: stableResourceId('AuditEvent', event.streamId, event.id),
      type: { system: SYSTEMS.auditEventType, code: 'rest', display: 'RESTful Operation' },
      subtype: [{ system: SYSTEMS.restfulInteraction, code: 'read', display: 'read' }],
      action: 'R',
      recorded: metadata.recordedAt,
      outcome: '0',
      ...(purpose ? { purposeOfEvent: [{ coding: [{ system: SYSTEMS.purposeOfUse, code: purpose }] }] } : {}),
      agent: [
        {
          type: { coding: [{ system: SYSTEMS.provenanceAgentType, code: 'performer' }] },
          who: context.person(metadata.actorId),
          altId: metadata.actorRole,
          requestor: true,
        },
      ],
      source: {
        site: access.channel ?? 'api',
        observer: context.practiceReference(),
      },
      entity: [
        {
          what: context.patientReference(),
          ...(access.what ? { description: access.what } : {}),
        },
      ],
    };
  });
}

/**
 * One Provenance per recorded event that made or changed an exported resource: who recorded it, when
 * (server time) and for when (business time), and where it sits in the stream's hash chain. The hash is
 * an extension, not `Provenance.signature`: it proves the event is unaltered and in its place in the
 * chain, but nobody signed it.
 */
export function provenanceResources(context: ExportContext): FhirResource[] {
  return context.tracedEvents().map(({ event, targets }) => {
    const metadata = metadataOf(event);
    const revision = Number(event.revision);
    return {
      resourceType: 'Provenance',
      id: stableResourceId('Provenance', event.streamId, event.id),
      extension: [
        {
          url: `${SYSTEMS.ccm}:extension:recorded-event`,
          extension: [
            { url: 'eventId', valueString: event.id },
            { url: 'eventType', valueString: event.type },
            { url: 'streamRevision', valueInteger: revision },
            { url: 'hash', valueString: metadata.hash },
            { url: 'previousHash', valueString: metadata.previousHash },
          ],
        },
      ],
      target: targets,
      // Business time is on the practice's clock as it was when recorded: the event keeps that zone.
      ...(metadata.occurredAt && metadata.timeZone
        ? { occurredDateTime: context.dateTime(metadata.occurredAt, undefined, metadata.timeZone) }
        : {}),
      recorded: metadata.recordedAt,
      agent: [
        {
          type: { coding: [{ system: SYSTEMS.provenanceAgentType, code: 'author' }] },
          role: [{ coding: [{ system: `${SYSTEMS.ccm}:user-role`, code: metadata.actorRole }] }],
          who: context.person(metadata.actorId),
          onBehalfOf: context.practiceReference(),
        },
      ],
    };
  });
}
