import { comparePositions, parsePosition } from '@ccm/event-store';

/**
 * A read model's version may be split into partitions, each a set of practices with its own checkpoint,
 * so that several projector processes can share the work and, on Redis Cluster, each partition's batch
 * and checkpoint stay in one hash slot. A practice's partition never changes within a version: the count
 * is chosen when the version is created (a different count is a rebuild into a new version).
 */

/** FNV-1a (32 bits) of the practice id's UTF-8 bytes: stable across processes, releases and platforms. */
export function partitionOf(practiceId: string, partitions: number): number {
  assertPartitionCount(partitions);
  return partitions === 1 ? 0 : fnv1a32(practiceId) % partitions;
}

export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

/** The practice a ccm stream belongs to (`ccm.<kind>.<practice>[.<id>]`); undefined for system streams. */
export function practiceOfStream(streamId: string): string | undefined {
  const parts = streamId.split('.');
  if (parts[0] !== 'ccm' || parts.length < 3) return undefined;
  return ['patient', 'practice', 'candidate', 'access'].includes(parts[1]) ? parts[2] : undefined;
}

/**
 * The partition whose projector handles a stream's events. Streams of no practice (anchors, the
 * migration record) go to partition 0; no read model keeps documents from them.
 */
export function partitionOfStream(streamId: string, partitions: number): number {
  const practiceId = practiceOfStream(streamId);
  return practiceId === undefined ? 0 : partitionOf(practiceId, partitions);
}

/** The least advanced of a version's partition checkpoints: where every partition has applied up to. */
export function leastCheckpoint(checkpoints: readonly (string | null)[]): string | null {
  let least: string | null | undefined;
  for (const checkpoint of checkpoints) {
    if (checkpoint === null) return null;
    if (
      least === undefined ||
      comparePositions(parsePosition(checkpoint), parsePosition(least as string)) < 0
    )
      least = checkpoint;
  }
  return least ?? null;
}

/** How many partitions a version may have: each is one checkpoint and, on Redis Cluster, one hash slot. */
export const MAX_PARTITIONS = 256;

export function assertPartitionCount(partitions: number): void {
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > MAX_PARTITIONS)
    throw new RangeError(`partitions must be a whole number from 1 to ${MAX_PARTITIONS}, not ${partitions}`);
}
