import type { VersionRef } from '../read-model-store';
import { scanKeys, type RedisClient } from './redis-client';
import { practicePrefix, redisKeys, type PartitionRef } from './redis-keys';

/** Removes a version's documents, lists and checkpoints, partition by partition, then its bookkeeping. */
export async function dropVersionData(client: RedisClient, ref: VersionRef): Promise<void> {
  const count = await client.hget(redisKeys.partitions(ref.projection), String(ref.version));
  const partitions = Number(count ?? 1);
  for (let partition = 0; partition < partitions; partition++) {
    const part: PartitionRef = { ...ref, partition };
    const practices = await client.smembers(redisKeys.practices(part));
    // The checkpoint goes first: a projector still writing to this version then gets a conflict.
    await client.del(
      redisKeys.checkpoint(part),
      redisKeys.caughtUp(part),
      redisKeys.build(part),
      redisKeys.practices(part),
    );
    for (const practiceId of practices) {
      // Keys of one practice and partition share a hash slot: one UNLINK per page of them.
      for await (const keys of scanKeys(client, `${practicePrefix(part, practiceId)}*`))
        await client.unlink(...keys);
    }
  }
  await client
    .multi()
    .srem(redisKeys.versions(ref.projection), String(ref.version))
    .hdel(redisKeys.layouts(ref.projection), String(ref.version))
    .hdel(redisKeys.partitions(ref.projection), String(ref.version))
    .exec();
}

/**
 * Removes keys of the layout before partitions (`ccm:` keys without a hash tag), which nothing reads any
 * more: the read models are rebuilt under the new keys. Answers how many were removed. Only a single
 * server can hold them (a cluster could not have served that layout), so one UNLINK takes a page. The
 * whole key space is scanned only when one of `projections` still has its bookkeeping hash of that
 * layout (`ccm:@rm:<projection>`), so a start after the upgrade costs one EXISTS.
 */
export async function removeEarlierKeyLayout(
  client: RedisClient,
  projections: readonly string[],
): Promise<number> {
  if (projections.length === 0) return 0;
  if ((await client.exists(...projections.map((name) => `ccm:@rm:${name}`))) === 0) return 0;
  let removed = 0;
  for await (const keys of scanKeys(client, 'ccm:*')) {
    const earlier = keys.filter((key) => !key.includes('{'));
    if (earlier.length > 0) removed += await client.unlink(...earlier);
  }
  return removed;
}
