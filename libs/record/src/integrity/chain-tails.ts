import type { RecordedEvent } from '@ccm/event-store';
import { chainBreakOf, headOf, IntegrityViolationError, type StreamHead } from './chain-link';

/**
 * Events whose hash was recomputed lately, by stream, revision and stored hash: followers of the same
 * events a moment apart (the projector's read models) recompute each hash once between them. Oldest out.
 */
export class RecentlyVerified {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  has(event: RecordedEvent, stored: string): boolean {
    return this.seen.has(keyOf(event, stored));
  }

  add(event: RecordedEvent): void {
    const key = keyOf(event, String(event.metadata.hash));
    this.seen.delete(key);
    this.seen.add(key);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}

const keyOf = (event: RecordedEvent, stored: string): string =>
  `${event.streamId}\u0000${event.revision.toString()}\u0000${stored}`;

export interface ChainTailsOptions {
  /** Streams whose head is kept at most, the least recently seen forgotten first (default: no limit). */
  readonly capacity?: number;
  /**
   * For a stream first met past its first event (a follower that starts from a checkpoint), the stored
   * head before `revision`: events up to it were applied before, so only what follows is checked. Without
   * it, such an event is a revision gap.
   */
  readonly headBefore?: (streamId: string, revision: bigint) => Promise<StreamHead | undefined>;
  readonly recent?: RecentlyVerified;
}

/**
 * Follows the chains of many streams through events given in store order (a rebuild, a projection's
 * subscription) and throws IntegrityViolationError at the first event that breaks its stream's chain,
 * before it is used.
 */
export class ChainTails {
  private readonly heads = new Map<string, StreamHead>();

  constructor(private readonly options: ChainTailsOptions = {}) {}

  async accept(event: RecordedEvent): Promise<void> {
    let head = this.heads.get(event.streamId);
    if (head === undefined && event.revision > 0n && this.options.headBefore) {
      head = await this.options.headBefore(event.streamId, event.revision);
    }
    this.acceptAfter(event, head);
  }

  /** accept for followers that read every stream from its first event (no head is ever looked up). */
  acceptFromStart(event: RecordedEvent): void {
    this.acceptAfter(event, this.heads.get(event.streamId));
  }

  private acceptAfter(event: RecordedEvent, head: StreamHead | undefined): void {
    const recent = this.options.recent;
    const broken = chainBreakOf(event, head, recent && ((e, stored) => recent.has(e, stored)));
    if (broken) throw new IntegrityViolationError(broken);
    recent?.add(event);
    const capacity = this.options.capacity;
    if (capacity === undefined) {
      this.heads.set(event.streamId, headOf(event));
      return;
    }
    // Most recently seen last, so the first key is the one to forget.
    this.heads.delete(event.streamId);
    this.heads.set(event.streamId, headOf(event));
    if (this.heads.size > capacity) {
      const oldest = this.heads.keys().next().value;
      if (oldest !== undefined) this.heads.delete(oldest);
    }
  }
}
