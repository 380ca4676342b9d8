import type { EventStore, RecordedEvent } from '@ccm/event-store';

const PAGE = 1000;

/** Reads a whole stream in bounded pages (a patient's stream is small, but never read unbounded). */
export async function* readStreamPaged(
  store: EventStore,
  streamId: string,
  fromRevision = 0n,
): AsyncGenerator<RecordedEvent> {
  let from = fromRevision;
  for (;;) {
    const page = await store.readStream(streamId, { fromRevision: from, maxCount: PAGE });
    yield* page;
    if (page.length < PAGE) return;
    from = page[page.length - 1].revision + 1n;
  }
}

/** A whole stream in memory, read page by page: for one patient's or practice's stream, never for $all. */
export async function readWholeStream(store: EventStore, streamId: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of readStreamPaged(store, streamId)) events.push(event);
  return events;
}
