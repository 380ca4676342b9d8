import { decodePatientEvent, type PatientEventEnvelope } from '@ccm/patient-months';
import type { DocumentSession } from '../engine/document-session';
import { documentKey } from '../engine/keys';
import type { Projection } from '../engine/projection';
import { chunkKeyOf, putInChunk, type ChunkedEntries } from '../revision-chunks/revision-chunks';
import { evolveAudit, type AuditHeader } from './audit-index';
import {
  itemReadBy,
  type ItemIndexes,
  type ItemKind,
  type TargetIndex,
  type TimeEntryIndex,
} from './item-indexes';

export const AUDIT_TRAIL = 'audit-trail';
/**
 * `entries` holds chunks of notes (revision-chunks.ts): not the `entry` collection of one document per
 * event that versions written before them hold, so that is never read as chunks.
 */
export const AUDIT_COLLECTIONS = { header: 'patient', entries: 'entries', items: 'item' } as const;
export const auditHeaderKey = (practiceId: string, patientId: string) =>
  documentKey(practiceId, AUDIT_COLLECTIONS.header, patientId);
const itemKey = (practiceId: string, patientId: string, kind: ItemKind, id: string) =>
  documentKey(practiceId, AUDIT_COLLECTIONS.items, `${patientId}:${kind}:${id}`);

/** The key of the item an event reads, if it reads one. */
function readItemKey({ practiceId, patientId, event }: PatientEventEnvelope) {
  const item = itemReadBy(event);
  return item ? itemKey(practiceId, patientId, item.kind, item.id) : undefined;
}

export const auditEntries = (practiceId: string, patientId: string): ChunkedEntries => ({
  practiceId,
  collection: AUDIT_COLLECTIONS.entries,
  patientId,
});

const NO_ITEMS: ItemIndexes = { timeEntry: () => undefined, observation: () => undefined };

/** The one item index an event can read, read from the batch's documents. */
async function itemsFor(envelope: PatientEventEnvelope, session: DocumentSession): Promise<ItemIndexes> {
  const item = itemReadBy(envelope.event);
  if (!item) return NO_ITEMS;
  const key = itemKey(envelope.practiceId, envelope.patientId, item.kind, item.id);
  if (item.kind === 'time_entry') {
    const entry = await session.get<TimeEntryIndex>(key);
    return { ...NO_ITEMS, timeEntry: (id) => (id === item.id ? entry : undefined) };
  }
  const observation = await session.get<TargetIndex>(key);
  return { ...NO_ITEMS, observation: (id) => (id === item.id ? observation : undefined) };
}

/**
 * What every change to a patient's record is linked to. The rest of an entry is the event, and the reads
 * of the record are the patient's access stream: both are read from the event store when answering.
 */
export const auditTrailProjection: Projection = {
  name: AUDIT_TRAIL,
  // 2: entries and reads stored in chunks of revisions; 3: chunks of 16 revisions, not 32; 4: an entry
  // keeps only its note; 5: reads are not stored; 6: time entries' and observations' indexes are documents
  // of their own, not records in the header.
  layout: 6,
  handles: (event) => decodePatientEvent(event) !== undefined,
  async project(events, session) {
    await session.prefetch(
      events.flatMap((e) => {
        const envelope = decodePatientEvent(e);
        if (!envelope) return [];
        const item = readItemKey(envelope);
        return [
          auditHeaderKey(envelope.practiceId, envelope.patientId),
          chunkKeyOf(auditEntries(envelope.practiceId, envelope.patientId), envelope.revision),
          ...(item ? [item] : []),
        ];
      }),
    );
    for (const event of events) {
      const envelope = decodePatientEvent(event);
      if (!envelope) continue;
      const headerKey = auditHeaderKey(envelope.practiceId, envelope.patientId);
      const items = await itemsFor(envelope, session);
      const next = evolveAudit(await session.get<AuditHeader>(headerKey), envelope, items);
      if (!next) continue;
      session.put(headerKey, next.header);
      if (next.item) {
        const { kind, id, index } = next.item;
        session.put(itemKey(envelope.practiceId, envelope.patientId, kind, id), index);
      }
      await putInChunk(session, auditEntries(envelope.practiceId, envelope.patientId), next.note);
    }
  },
};
