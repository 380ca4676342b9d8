import { PATIENT_ACCESS_EVENT, parsePatientAccessStreamId, type UserRole } from '@ccm/domain';
import { formatPosition, type RecordedEvent } from '@ccm/event-store';

/** One read of a patient's record, as the access log wrote it: who, as what, why, through what, when. */
export interface RecordRead {
  /** Revision in the patient's access stream: reads are listed in the order they were logged. */
  readonly revision: number;
  readonly position: string;
  readonly actor: { readonly id: string; readonly role: UserRole | string };
  /** The route template or CLI command, never the values in it. */
  readonly what: string;
  readonly purpose: string;
  readonly channel: string;
  readonly accessedAt: string;
  readonly requestId: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Pure: the read an access-stream event records, with the patient it is about; undefined for any other. */
export function decodeRecordRead(
  recorded: RecordedEvent,
): { practiceId: string; patientId: string; read: RecordRead } | undefined {
  if (recorded.type !== PATIENT_ACCESS_EVENT) return undefined;
  const ids = parsePatientAccessStreamId(recorded.streamId);
  if (!ids) return undefined;
  const d = recorded.data;
  return {
    ...ids,
    read: {
      revision: Number(recorded.revision),
      position: formatPosition(recorded.position),
      actor: { id: text(d.actorId), role: text(d.role) },
      what: text(d.what),
      purpose: text(d.purpose),
      channel: text(d.channel),
      accessedAt: text(d.accessedAt),
      requestId: text(d.requestId),
    },
  };
}
