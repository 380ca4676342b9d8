import { MAX_PAGE_SIZE, type AllStreamFilter, type EventStore, type StreamInventory } from './port';
import type { GlobalPosition } from './position';

/** The store's own inventory where it keeps one; otherwise one pass over the store, reading every event. */
export async function streamInventory(store: EventStore, filter?: AllStreamFilter): Promise<StreamInventory> {
  if (store.listStreams) return store.listStreams(filter);
  const counts = new Map<string, number>();
  let lastPosition: GlobalPosition | undefined;
  for (;;) {
    const page = await store.readAll({ after: lastPosition, maxCount: MAX_PAGE_SIZE, filter });
    for (const event of page.events) counts.set(event.streamId, (counts.get(event.streamId) ?? 0) + 1);
    lastPosition = page.lastPosition ?? lastPosition;
    if (page.isEnd) break;
  }
  return { streams: [...counts].map(([streamId, events]) => ({ streamId, events })), lastPosition };
}
