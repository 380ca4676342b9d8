import { canonicalJson, STREAM_PREFIX, type UserRole } from '@ccm/domain';
import { formatPosition, parsePosition, type EventStore, type GlobalPosition } from '@ccm/event-store';
import { appendToChain, type Clock } from '@ccm/record';
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { MIGRATION_STREAM, translatedAnchorPosition } from './migration-record';
import { verifyAllStreams, type StreamHead, type VerificationProgress } from './verify-chain';

export const ANCHOR_STREAM = `${STREAM_PREFIX}audit.anchors`;
export const ANCHOR_EVENT_TYPE = 'AnchorRecorded';

/**
 * A signed digest of every stream's head (last revision and hash) up to a position. An auditor holding
 * an exported anchor can later prove that no whole stream was dropped or rewritten since.
 */
export interface Anchor {
  readonly anchoredAt: string;
  readonly upToPosition: string;
  readonly streamCount: number;
  readonly eventCount: number;
  readonly digest: string;
  readonly keyId: string;
  readonly signature: string;
}

export interface AnchorKey {
  readonly keyId: string;
  readonly secret: string;
}

export function digestOfHeads(heads: ReadonlyMap<string, StreamHead>): string {
  const lines = [...heads.entries()]
    .filter(([streamId]) => streamId !== ANCHOR_STREAM)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([streamId, head]) => `${streamId} ${head.revision.toString()} ${head.hash}\n`);
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line);
  return hash.digest('hex');
}

function signature(anchor: Omit<Anchor, 'signature'>, key: AnchorKey): string {
  return createHmac('sha256', key.secret).update(canonicalJson(anchor)).digest('hex');
}

/** Verifies every chain up to now, then appends a signed anchor of the stream heads to its own stream. */
export async function recordAnchor(
  store: EventStore,
  key: AnchorKey,
  clock: Clock,
  onProgress?: (p: VerificationProgress) => void,
): Promise<{ anchor: Anchor } | { anchor?: undefined; brokenAt: string }> {
  const walk = await verifyAllStreams(store, { onProgress });
  if (!walk.ok) return { brokenAt: `${walk.firstBreak?.streamId} revision ${walk.firstBreak?.revision}` };
  return { anchor: await appendAnchor(store, key, clock, walk) };
}

/** Signs the heads a verified walk saw and appends the anchor to its own stream. */
export async function appendAnchor(
  store: EventStore,
  key: AnchorKey,
  clock: Clock,
  walk: {
    readonly heads: ReadonlyMap<string, StreamHead>;
    readonly lastPosition: GlobalPosition | undefined;
    readonly eventsChecked: number;
  },
): Promise<Anchor> {
  const anchorEvents = Number((walk.heads.get(ANCHOR_STREAM)?.revision ?? -1n) + 1n);
  const unsigned: Omit<Anchor, 'signature'> = {
    anchoredAt: clock.now().toISOString(),
    // The heads are those the walk saw, so the anchor covers exactly up to its last event.
    upToPosition: walk.lastPosition ? formatPosition(walk.lastPosition) : '0/0',
    streamCount: walk.heads.size - (anchorEvents > 0 ? 1 : 0),
    eventCount: walk.eventsChecked - anchorEvents,
    digest: digestOfHeads(walk.heads),
    keyId: key.keyId,
  };
  const anchor: Anchor = { ...unsigned, signature: signature(unsigned, key) };
  await appendToChain(store, ANCHOR_STREAM, [{ type: ANCHOR_EVENT_TYPE, data: anchor }], {
    context: {
      actor: { userId: 'system:anchor', role: 'admin' as UserRole, practiceId: '*' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
    },
    clock,
    timeZone: 'UTC',
  });
  return anchor;
}

export async function latestAnchor(store: EventStore): Promise<Anchor | undefined> {
  const [last] = await store.readStream(ANCHOR_STREAM, { maxCount: 1, direction: 'backwards' });
  return last ? (last.data as unknown as Anchor) : undefined;
}

export type AnchorCheck =
  | { readonly ok: true; readonly streamCount: number }
  | {
      readonly ok: false;
      readonly reason: 'signature_invalid' | 'unknown_key' | 'chain_broken' | 'streams_changed';
      readonly detail?: string;
    };

/** Recomputes the heads as they stood at the anchor's position and compares them with the signed digest. */
export async function checkAnchor(
  store: EventStore,
  anchor: Anchor,
  keys: readonly AnchorKey[],
): Promise<AnchorCheck> {
  const key = keys.find((k) => k.keyId === anchor.keyId);
  if (!key) return { ok: false, reason: 'unknown_key' };
  const { signature: given, ...unsigned } = anchor;
  const expected = Buffer.from(signature(unsigned, key), 'hex');
  const actual = Buffer.from(given, 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual))
    return { ok: false, reason: 'signature_invalid' };
  // An anchor copied here by a migration names a position of the source store: the migration recorded
  // where the same event is here. Its own record began before the copy, so it is no part of those heads.
  const translated = await translatedAnchorPosition(store, anchor.signature);
  const walk = await verifyAllStreams(store, { upTo: parsePosition(translated ?? anchor.upToPosition) });
  if (!walk.ok)
    return {
      ok: false,
      reason: 'chain_broken',
      detail: `${walk.firstBreak?.streamId} revision ${walk.firstBreak?.revision}`,
    };
  const heads = new Map(walk.heads);
  if (translated !== undefined) heads.delete(MIGRATION_STREAM);
  if (digestOfHeads(heads) !== anchor.digest) return { ok: false, reason: 'streams_changed' };
  return { ok: true, streamCount: anchor.streamCount };
}
