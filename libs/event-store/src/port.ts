/**
 * The event store port. Every adapter (SQLite, in-memory, EventStoreDB) passes the same contract suite
 * (testing/event-store-contract.ts), so the application never knows which one it runs on.
 */
import type { GlobalPosition } from './position';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** `no_stream`: the stream must not exist; `stream_exists`: it must; `any`: no check; bigint: its last revision. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

export interface NewEvent {
  /** A UUID. Derive it from the command's idempotency key so a retried append is recognised. */
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

export interface RecordedEvent {
  readonly id: string;
  readonly streamId: string;
  /** 0-based position of the event within its stream. */
  readonly revision: bigint;
  /** Position in the whole store; grows with every append. */
  readonly position: GlobalPosition;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

export interface AppendResult {
  /** Revision of the last event written (the stream's new revision). */
  readonly nextExpectedRevision: bigint;
  /** Global position of the last event written. */
  readonly position: GlobalPosition;
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive) when reading forwards; last (inclusive) when backwards. Default: start/end. */
  readonly fromRevision?: bigint;
  readonly maxCount: number;
  readonly direction?: 'forwards' | 'backwards';
}

export interface AllStreamFilter {
  /** Only streams whose id starts with one of these prefixes. */
  readonly streamPrefixes?: readonly string[];
  /** Only events of these types. */
  readonly eventTypes?: readonly string[];
}

export interface ReadAllOptions {
  /** Read events strictly after this position; from the start when absent. */
  readonly after?: GlobalPosition;
  readonly maxCount: number;
  readonly filter?: AllStreamFilter;
}

export interface ReadAllPage {
  readonly events: readonly RecordedEvent[];
  /** Where the next page starts (pass as `after`); the last position examined, even if filtered out. */
  readonly lastPosition: GlobalPosition | undefined;
  readonly isEnd: boolean;
}

export interface StreamInventory {
  /** Every stream with a matching event at or before `lastPosition`, in the order of its first such event. */
  readonly streams: readonly { readonly streamId: string; readonly events: number }[];
  /** Where the inventory was taken: events after it are in no count. Undefined for an empty store. */
  readonly lastPosition: GlobalPosition | undefined;
}

export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  /** Sent once, when the subscription has delivered everything stored when it started; then it goes live. */
  | { readonly kind: 'caught_up' };

export interface SubscribeOptions {
  /** Deliver events strictly after this position; from the start when absent. */
  readonly after?: GlobalPosition;
  readonly filter?: AllStreamFilter;
}

export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  /** Ends the iteration; safe to call more than once. */
  close(): Promise<void>;
}

export interface EventStore {
  append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult>;
  /** Reads one page of a stream. A stream that does not exist reads as empty. */
  readStream(streamId: string, options: ReadStreamOptions): Promise<readonly RecordedEvent[]>;
  readAll(options: ReadAllOptions): Promise<ReadAllPage>;
  /**
   * How many events reading the whole store with this filter would give (only those after `after`, when
   * given), where the adapter can count without reading them (a rebuild's progress); absent otherwise.
   */
  countAll?(filter?: AllStreamFilter, range?: { readonly after?: GlobalPosition }): Promise<number>;
  /**
   * The streams reading the whole store with this filter would visit, where the adapter can list them
   * without reading every event (a rebuild that goes stream by stream); absent otherwise, see
   * `streamInventory`.
   */
  listStreams?(filter?: AllStreamFilter): Promise<StreamInventory>;
  subscribeToAll(options: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

/** Largest page any adapter will return, whatever the caller asks for: reads are always bounded. */
export const MAX_PAGE_SIZE = 4096;
