import { createHash } from 'node:crypto';
import { canonicalJson, canonicalJsonWithout } from './canonical-json';

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
 *
 * The hashed text is the canonical JSON of `{ streamId, revision, eventId, type, data, metadata }`, the
 * metadata without its `hash`. It is written here field by field, in the canonical (sorted) key order,
 * rather than by building that object and sorting its keys for every event: the same text, byte for byte
 * (the reference property in hash-chain.unit.spec.ts), so every stored hash verifies as before.
 */
export function chainHash(content: ChainedContent): string {
  let text = '{';
  let separator = '';
  const field = (key: string, json: string | undefined) => {
    if (json === undefined) return;
    text += `${separator}"${key}":${json}`;
    separator = ',';
  };
  const json = (value: unknown) => (value === undefined ? undefined : canonicalJson(value));
  field('data', json(content.data));
  field('eventId', json(content.eventId));
  field('metadata', canonicalJsonWithout(content.metadata, 'hash'));
  field('revision', json(content.revision));
  field('streamId', json(content.streamId));
  field('type', json(content.type));
  return createHash('sha256').update(`${text}}`).digest('hex');
}
