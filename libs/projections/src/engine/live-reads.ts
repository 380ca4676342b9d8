import { parsePosition, type EventStore } from '@ccm/event-store';
import type { StreamHead } from '@ccm/record';
import { CCM_STREAMS } from './projection';

/** The stored head of a stream before `revision` (a follower starting mid-stream continues from it). */
export async function storedHeadBefore(
  eventStore: EventStore,
  streamId: string,
  revision: bigint,
): Promise<StreamHead | undefined> {
  const [previous] = await eventStore.readStream(streamId, { fromRevision: revision - 1n, maxCount: 1 });
  if (previous?.revision !== revision - 1n || typeof previous.metadata.hash !== 'string') return undefined;
  return { revision: previous.revision, hash: previous.metadata.hash };
}

/** Whether the store holds an event a projection follows past `checkpoint` (a silent subscription's check). */
export async function eventsAfter(eventStore: EventStore, checkpoint: string | null): Promise<boolean> {
  const page = await eventStore.readAll({
    after: checkpoint ? parsePosition(checkpoint) : undefined,
    maxCount: 1,
    filter: CCM_STREAMS,
  });
  return page.events.length > 0;
}
