import type { EventStore, RecordedEvent } from '@ccm/event-store';
import { readStreamPaged } from '../stream-reader';
import { chainBreakOf, headOf, IntegrityViolationError, type StreamHead } from './chain-link';

/**
 * Reads a stream from its first event, checking each event's link and hash as it is read; throws
 * IntegrityViolationError at the first break, before that event is handed out. For reads that serve or
 * decide from the stored events themselves (history, a month decided for a claim, an export): every event
 * is checked, because an edit made after an earlier check would otherwise be served.
 */
export async function* readStreamVerified(
  store: EventStore,
  streamId: string,
): AsyncGenerator<RecordedEvent> {
  let head: StreamHead | undefined;
  for await (const event of readStreamPaged(store, streamId)) {
    const broken = chainBreakOf(event, head);
    if (broken) throw new IntegrityViolationError(broken);
    head = headOf(event);
    yield event;
  }
}

/** readWholeStream, verified: the whole stream in memory, or IntegrityViolationError. */
export async function readWholeStreamVerified(store: EventStore, streamId: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of readStreamVerified(store, streamId)) events.push(event);
  return events;
}
