import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** The `previousHash` of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedContent {
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  /** The event's metadata without its own `hash`, so it includes `previousHash`. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/**
 * Each event's hash covers its stream, revision, id, type, data and metadata (with the previous event's
 * hash), so editing, deleting or reordering any stored event breaks every later link of the chain.
 */
export function chainHash(content: ChainedContent): string {
  const { hash: _ignored, ...metadata } = content.metadata as Record<string, unknown> & { hash?: unknown };
  return createHash('sha256')
    .update(
      canonicalJson({
        streamId: content.streamId,
        revision: content.revision,
        eventId: content.eventId,
        type: content.type,
        data: content.data,
        metadata,
      }),
    )
    .digest('hex');
}
