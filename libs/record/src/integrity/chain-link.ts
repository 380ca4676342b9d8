import { chainHash, GENESIS_HASH } from '@ccm/domain';
import type { RecordedEvent } from '@ccm/event-store';

/** Where one stream's verified chain ends: the revision of its last checked event and that event's hash. */
export interface StreamHead {
  readonly revision: bigint;
  readonly hash: string;
}

export type ChainBreak =
  | {
      readonly kind: 'hash_mismatch';
      readonly streamId: string;
      readonly revision: string;
      readonly expected: string;
      readonly found: string;
    }
  | { readonly kind: 'previous_hash_mismatch'; readonly streamId: string; readonly revision: string }
  | {
      readonly kind: 'revision_gap';
      readonly streamId: string;
      readonly revision: string;
      readonly expectedRevision: string;
    }
  | { readonly kind: 'missing_hash'; readonly streamId: string; readonly revision: string };

/**
 * The break `event` makes in its stream's chain when it follows `head` (undefined: the stream's first
 * event), or undefined when it continues the chain: the next revision, the previous hash it names is the
 * head's, and its stored hash is the one its content gives. The costly step, recomputing the hash, is
 * skipped when `knownHash` says this very event (stream, revision, stored hash) was recomputed before.
 */
export function chainBreakOf(
  event: RecordedEvent,
  head: StreamHead | undefined,
  knownHash?: (event: RecordedEvent, stored: string) => boolean,
): ChainBreak | undefined {
  const revision = event.revision.toString();
  const metadata = event.metadata as Record<string, unknown>;
  const stored = metadata.hash;
  if (typeof stored !== 'string') return { kind: 'missing_hash', streamId: event.streamId, revision };
  const expectedRevision = head === undefined ? 0n : head.revision + 1n;
  if (event.revision !== expectedRevision) {
    return {
      kind: 'revision_gap',
      streamId: event.streamId,
      revision,
      expectedRevision: expectedRevision.toString(),
    };
  }
  if (metadata.previousHash !== (head?.hash ?? GENESIS_HASH)) {
    return { kind: 'previous_hash_mismatch', streamId: event.streamId, revision };
  }
  if (knownHash?.(event, stored)) return undefined;
  const recomputed = chainHash({
    streamId: event.streamId,
    revision: Number(event.revision),
    eventId: event.id,
    type: event.type,
    data: event.data,
    metadata,
  });
  if (recomputed !== stored) {
    return { kind: 'hash_mismatch', streamId: event.streamId, revision, expected: recomputed, found: stored };
  }
  return undefined;
}

/** The head an event leaves its stream at (its stored hash; only meaningful once it was checked). */
export const headOf = (event: RecordedEvent): StreamHead => ({
  revision: event.revision,
  hash: String(event.metadata.hash),
});

/**
 * A stored event of the stream does not verify: it was edited, removed or reordered outside the
 * application. Carries where (stream and revision) and how, never the event's content; the message names
 * neither stream nor revision, so logging it leaks no identifier.
 */
export class IntegrityViolationError extends Error {
  override readonly name = 'IntegrityViolationError';
  readonly streamId: string;
  /** The first revision that fails its check. */
  readonly revision: number;
  readonly kind: ChainBreak['kind'];

  constructor(chainBreak: ChainBreak) {
    super('A stored event failed its hash-chain check.');
    this.streamId = chainBreak.streamId;
    this.revision = Number(chainBreak.revision);
    this.kind = chainBreak.kind;
  }
}

/**
 * Checks a run of one stream's events that follows `head` and returns the head after them; throws
 * IntegrityViolationError at the first break.
 */
export function verifyRun(
  head: StreamHead | undefined,
  events: readonly RecordedEvent[],
  knownHash?: (event: RecordedEvent, stored: string) => boolean,
): StreamHead | undefined {
  let current = head;
  for (const event of events) {
    const broken = chainBreakOf(event, current, knownHash);
    if (broken) throw new IntegrityViolationError(broken);
    current = headOf(event);
  }
  return current;
}
