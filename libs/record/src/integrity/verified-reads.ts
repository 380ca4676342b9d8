import { MAX_PAGE_SIZE, type EventStore, type RecordedEvent } from '@ccm/event-store';
import { readStreamPaged } from '../stream-reader';
import { chainBreakOf, headOf, IntegrityViolationError, verifyRun, type StreamHead } from './chain-link';

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

/**
 * Revisions `from` to `from + count - 1` of a stream (fewer at its end), each event's hash recomputed and
 * its link to the one before checked; the event before `from` is read for the hash it stores. For pages of
 * stored events served as they are (the audit trail's events, the record's reads): an edit made after the
 * stream was last checked in full is refused, not served.
 */
export async function readStreamRangeVerified(
  store: EventStore,
  streamId: string,
  from: number,
  count: number,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  // Before the first event read: the genesis, or (unless the event before `from` is read) a head that
  // nothing continues, so that a page whose predecessor is gone is refused.
  let head: StreamHead | undefined = from === 0 ? undefined : { revision: BigInt(from - 1), hash: '' };
  const end = from + count;
  for (let next = Math.max(0, from - 1); next < end;) {
    const maxCount = Math.min(MAX_PAGE_SIZE, end - next);
    const page = await store.readStream(streamId, { fromRevision: BigInt(next), maxCount });
    const served = page[0]?.revision === BigInt(from - 1) ? page.slice(1) : page;
    if (served !== page) head = headOf(page[0]);
    head = verifyRun(head, served);
    events.push(...served);
    if (page.length < maxCount) break;
    next = Number(page[page.length - 1].revision) + 1;
  }
  return events;
}
