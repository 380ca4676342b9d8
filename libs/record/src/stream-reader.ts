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
