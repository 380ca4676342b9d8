import {
  comparePositions,
  formatPosition,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '@ccm/event-store';
import { chainBreakOf, headOf, readStreamPaged, type ChainBreak, type StreamHead } from '@ccm/record';

export type { ChainBreak, StreamHead };

/** Follows one stream's chain event by event; the first break it meets is the one reported. */
export class ChainFollower {
  private readonly heads = new Map<string, StreamHead>();

  /** Returns the break this event makes, if any, and moves the stream's head on. */
  accept(event: RecordedEvent): ChainBreak | undefined {
    const broken = chainBreakOf(event, this.heads.get(event.streamId));
    if (broken?.kind !== 'missing_hash') this.heads.set(event.streamId, headOf(event));
    return broken;
  }

  headsSnapshot(): ReadonlyMap<string, StreamHead> {
    return this.heads;
  }
}

export interface VerificationProgress {
  readonly eventsChecked: number;
  readonly streamsSeen: number;
  readonly position: string | undefined;
}

export interface VerificationResult {
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly streamsChecked: number;
  /** The first break met, in store order; verification stops there. */
  readonly firstBreak?: ChainBreak;
}

const PAGE = 2000;

/** Walks every stream of the system in store order, page by page, recomputing each hash. */
export async function verifyAllStreams(
  store: EventStore,
  options: {
    streamPrefixes?: readonly string[];
    upTo?: GlobalPosition;
    onProgress?: (p: VerificationProgress) => void;
    /**
     * To go on from an earlier walk (periodic anchors): its follower, which knows every stream's head,
     * and the position it stopped at. Counts and the last position are this walk's own.
     */
    resume?: { readonly follower: ChainFollower; readonly after: GlobalPosition | undefined };
    /** Each event that continues its chain, once checked. */
    onEvent?: (event: RecordedEvent) => void;
  } = {},
): Promise<
  VerificationResult & { heads: ReadonlyMap<string, StreamHead>; lastPosition: GlobalPosition | undefined }
> {
  const follower = options.resume?.follower ?? new ChainFollower();
  let after = options.resume?.after;
  let checked = 0;
  let lastChecked: GlobalPosition | undefined;
  for (;;) {
    const page = await store.readAll({
      after,
      maxCount: PAGE,
      filter: { streamPrefixes: options.streamPrefixes ?? ['ccm.'] },
    });
    for (const event of page.events) {
      if (options.upTo && comparePositions(event.position, options.upTo) > 0) {
        return done(true);
      }
      checked++;
      lastChecked = event.position;
      const broken = follower.accept(event);
      if (broken) return { ...done(false), firstBreak: broken };
      options.onEvent?.(event);
    }
    after = page.lastPosition;
    options.onProgress?.({
      eventsChecked: checked,
      streamsSeen: follower.headsSnapshot().size,
      position: after && formatPosition(after),
    });
    if (page.isEnd) return done(true);
  }

  function done(ok: boolean) {
    const heads = follower.headsSnapshot();
    return { ok, eventsChecked: checked, streamsChecked: heads.size, heads, lastPosition: lastChecked };
  }
}

/**
 * One stream's check, event by event, for readers that go through the stream anyway (replay, the
 * evidence packet): events after the first break are not checked, and the result is verifyStream's.
 */
export class StreamCheck {
  private readonly follower = new ChainFollower();
  private checked = 0;
  private broken: ChainBreak | undefined;

  accept(event: RecordedEvent): void {
    if (this.broken) return;
    this.checked++;
    this.broken = this.follower.accept(event);
  }

  get isBroken(): boolean {
    return this.broken !== undefined;
  }

  result(): VerificationResult {
    return this.broken
      ? { ok: false, eventsChecked: this.checked, streamsChecked: 1, firstBreak: this.broken }
      : { ok: true, eventsChecked: this.checked, streamsChecked: this.checked > 0 ? 1 : 0 };
  }
}

/** Verifies one stream (a patient's record) from its first event, reading no further than a break. */
export async function verifyStream(store: EventStore, streamId: string): Promise<VerificationResult> {
  const check = new StreamCheck();
  for await (const event of readStreamPaged(store, streamId)) {
    check.accept(event);
    if (check.isBroken) break;
  }
  return check.result();
}
