import { STREAM_PREFIX } from '@ccm/domain';
import type { AllStreamFilter, RecordedEvent } from '@ccm/event-store';
import type { DocumentKey } from '../read-model-store';
import type { DocumentSession } from './document-session';

/**
 * Everything the projector follows: the record's streams (patients, practices, enrolment candidates). The
 * access log, the anchors and the migration record are read where they are answered, never projected:
 * with two reads logged a command, skipping them spares the projector two events in three.
 */
export const CCM_STREAMS: AllStreamFilter = {
  streamPrefixes: ['patient.', 'practice.', 'candidate.'].map((kind) => `${STREAM_PREFIX}${kind}`),
};

/**
 * A read model: one function from a batch of events to document writes, as the folder's pure logic
 * derives them. It reads the documents it needs through the session (in as few round trips as it can)
 * and puts what changed; nothing survives between calls. It must skip an event whose stream revision its
 * documents have already applied: that is what makes redelivery harmless.
 */
export interface Projection {
  /** Stable: it names tables and keys. */
  readonly name: string;
  /**
   * The shape of its documents. Raise it with any change a reader of the old documents would misread: a
   * version built for another layout is rebuilt on start (readers answer that it is being rebuilt).
   */
  readonly layout: number;
  /** Events it reads; every other event only moves its checkpoint. */
  handles(event: RecordedEvent): boolean;
  /** The batch's handled events, in store order, into the session's documents. */
  project(events: readonly RecordedEvent[], session: DocumentSession): Promise<void>;
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
}
