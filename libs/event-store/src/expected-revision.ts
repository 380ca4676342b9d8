import type { ExpectedRevision, NewEvent } from './port';

/** Whether a stream at `current` (undefined: no stream) satisfies the writer's expectation. */
export function checkExpectedRevision(expected: ExpectedRevision, current: bigint | undefined): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === undefined;
    case 'stream_exists':
      return current !== undefined;
    default:
      return current === expected;
  }
}

/**
 * EventStoreDB's idempotence rule, shared by the embedded adapters: a batch appended with a concrete
 * expected revision whose ids are exactly the events already stored right after that revision is a
 * retry of a write that succeeded. Returns the revision of the batch's last event, or undefined.
 */
export function isIdempotentRetry(
  expected: ExpectedRevision,
  events: readonly NewEvent[],
  idAtRevision: (revision: bigint) => string | undefined,
): bigint | undefined {
  if (events.length === 0) return undefined;
  const first = expected === 'no_stream' ? 0n : typeof expected === 'bigint' ? expected + 1n : undefined;
  if (first === undefined) return undefined;
  for (let i = 0; i < events.length; i++) {
    if (idAtRevision(first + BigInt(i)) !== events[i].id) return undefined;
  }
  return first + BigInt(events.length - 1);
}
