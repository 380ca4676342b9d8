import type { AllStreamFilter, RecordedEvent } from '@ccm/event-store';
import type { DocumentKey } from '../read-model-store';
import type { DocumentSession } from './document-session';

/** Everything the projector follows: the system's own streams. */
export const CCM_STREAMS: AllStreamFilter = { streamPrefixes: ['ccm.'] };

/**
 * A read model. The logic that turns events into documents is pure (each projection's folder has it);
 * this is the thin part that loads documents, calls it, and puts the results back. `apply` must skip an
 * event whose stream revision its documents have already applied: that is what makes redelivery harmless.
 */
export interface Projection {
  /** Stable: it names tables and keys. */
  readonly name: string;
  /** Events it reads; every other event only moves its checkpoint. */
  handles(event: RecordedEvent): boolean;
  /** Loads, in as few round trips as it can, the documents a batch of handled events will need. */
  prepare?(events: readonly RecordedEvent[], session: DocumentSession): Promise<void>;
  apply(event: RecordedEvent, session: DocumentSession): Promise<void>;
  /** Called once after the batch's last event, before it is committed: work done once per batch. */
  finish?(session: DocumentSession): Promise<void>;
  /**
   * Streams whose events this projection's documents of other streams depend on as they were at the time
   * (a practice's zone and roster, for month documents). A rebuild may project the store a group of streams
   * at a time, each stream whole: every group is given these streams' events too, in store order, and the
   * documents derived from them (`derivedDocuments`) start from nothing in each group. A projection
   * without context documents of one stream depend only on that stream, or add up across streams.
   */
  readonly context?: {
    readonly streams: (streamId: string) => boolean;
    readonly derivedDocuments: (key: DocumentKey) => boolean;
  };
  /**
   * Whether it derives values another read model derives from the same events (DocumentSession.shared):
   * a live projector keeps such a value until every read model that says so has taken it.
   */
  readonly sharesDerivations?: boolean;
}
