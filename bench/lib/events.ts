/**
 * Realistic events for the storage benchmarks: a TimeLogged event wrapped by the record library's own
 * envelope (attribution, timing, hash chain), so sizes and shapes are what the product writes.
 */
import { randomUUID } from 'node:crypto';
import type { JsonObject, NewEvent } from '@ccm/event-store';
import { envelope, GENESIS_HASH } from '@ccm/record';

const PRACTICE_ID = 'bench-practice';

/** The envelope of one real TimeLogged event: its data and metadata become the template. */
function template(): NewEvent {
  const [event] = envelope({
    streamId: `ccm.patient.${PRACTICE_ID}.pt-00001`,
    streamRevision: 41,
    previousHash: GENESIS_HASH,
    events: [
      {
        type: 'TimeLogged',
        data: {
          entryId: 'pt-00001-2026-03-4',
          performerId: 'rn-lopez',
          performerRole: 'clinical_staff',
          program: 'CCM',
          activity: 'care_coordination_call',
          serviceDate: '2026-03-03',
          startTime: '10:05',
          minutes: 17,
        },
        occurredAt: '2026-03-03T10:05',
      },
    ],
    context: {
      actor: { userId: 'rn-lopez', role: 'care_manager', practiceId: PRACTICE_ID },
      correlationId: randomUUID(),
      causationId: randomUUID(),
    },
    recordedAt: new Date('2026-03-03T16:22:10.123Z'),
    timeZone: 'America/Chicago',
  });
  return event;
}

const TEMPLATE = template();

/** Bytes of the stored JSON (data + metadata) of one benchmark event. */
export const EVENT_JSON_BYTES =
  Buffer.byteLength(JSON.stringify(TEMPLATE.data)) + Buffer.byteLength(JSON.stringify(TEMPLATE.metadata));

export const benchStreamId = (index: number): string =>
  `ccm.patient.${PRACTICE_ID}.pt-${String(index + 1).padStart(5, '0')}`;

const hex64 = (seed: number): string => (seed.toString(16).padStart(8, '0') + 'a5'.repeat(28)).slice(0, 64);

/** A fresh TimeLogged-like event: unique id, its own entry id and chain fields, the template's size. */
export function timeLoggedEvent(sequence: number): NewEvent {
  const correlationId = randomUUID();
  return {
    id: randomUUID(),
    type: TEMPLATE.type,
    data: { ...TEMPLATE.data, entryId: `e-${sequence}` },
    metadata: {
      ...TEMPLATE.metadata,
      correlationId,
      causationId: correlationId,
      previousHash: hex64(sequence - 1),
      hash: hex64(sequence),
    } as JsonObject,
  };
}
