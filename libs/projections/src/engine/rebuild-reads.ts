import {
  comparePositions,
  matchesFilter,
  MAX_PAGE_SIZE,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '@ccm/event-store';
import { CCM_STREAMS } from './projection';

/** Pages of the store (at most MAX_PAGE_SIZE each) until `size` events or the end. */
export async function readBatch(
  eventStore: EventStore,
  after: GlobalPosition | undefined,
  size: number,
): Promise<{ events: RecordedEvent[]; lastPosition: GlobalPosition | undefined; isEnd: boolean }> {
  const events: RecordedEvent[] = [];
  let lastPosition = after;
  for (;;) {
    const page = await eventStore.readAll({
      after: lastPosition,
      maxCount: Math.min(MAX_PAGE_SIZE, size - events.length),
      filter: CCM_STREAMS,
    });
    for (const event of page.events) events.push(event);
    lastPosition = page.lastPosition ?? lastPosition;
    if (page.isEnd || events.length >= size) return { events, lastPosition, isEnd: page.isEnd };
  }
}

export const inStoreOrder = (a: RecordedEvent, b: RecordedEvent): number =>
  comparePositions(a.position, b.position);

/** A stream's events the rebuild follows, page by page, up to the position its inventory was taken at. */
export async function* streamUpTo(
  eventStore: EventStore,
  streamId: string,
  end: GlobalPosition,
  pageSize = MAX_PAGE_SIZE,
): AsyncGenerator<RecordedEvent[]> {
  for (let fromRevision = 0n; ;) {
    const page = await eventStore.readStream(streamId, { fromRevision, maxCount: pageSize });
    const kept = page.filter(
      (event) =>
        comparePositions(event.position, end) <= 0 && matchesFilter(event.streamId, event.type, CCM_STREAMS),
    );
    if (kept.length > 0) yield kept;
    if (page.length < pageSize || comparePositions(page[page.length - 1].position, end) > 0) return;
    fromRevision = page[page.length - 1].revision + 1n;
  }
}
