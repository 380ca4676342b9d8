import { decodeBuild, type BuildProgress, type VersionRef } from '../read-model-store';
import type { RedisClient } from './redis-client';
import { decodeCheckpoint } from './redis-errors';
import { redisKeys } from './redis-keys';

/** A projection's bookkeeping (redis-keys.ts): the active and built versions, layouts, partition counts. */
export interface RedisVersionMeta {
  readonly active: string | null;
  readonly built: string | null;
  readonly layouts: Readonly<Record<string, string>>;
  readonly partitions: Readonly<Record<string, string>>;
  readonly versions: readonly number[];
}

/** A projection's bookkeeping, all in its slot: one round trip. */
export async function readVersionMeta(client: RedisClient, projection: string): Promise<RedisVersionMeta> {
  const results = await client
    .pipeline()
    .hmget(redisKeys.meta(projection), 'active', 'built')
    .hgetall(redisKeys.layouts(projection))
    .hgetall(redisKeys.partitions(projection))
    .smembers(redisKeys.versions(projection))
    .exec();
  const values = (results ?? []).map(([error, value]) => {
    if (error) throw error;
    return value;
  });
  const [active, built] = values[0] as (string | null)[];
  return {
    active,
    built,
    layouts: values[1] as Record<string, string>,
    partitions: values[2] as Record<string, string>,
    versions: (values[3] as string[]).map(Number).sort((a, b) => a - b),
  };
}

/** Each partition's checkpoint (undefined where the version is being dropped) and build progress. */
export function readPartitionProgress(
  client: RedisClient,
  ref: VersionRef,
  partitions: number,
): Promise<{ checkpoint: string | null | undefined; build: BuildProgress | null }[]> {
  return Promise.all(
    Array.from({ length: partitions }, async (_, partition) => {
      const part = { ...ref, partition };
      // Both keys are in the partition's slot: one MGET, on a cluster too.
      const [checkpoint, build] = await client.mget(redisKeys.checkpoint(part), redisKeys.build(part));
      return {
        checkpoint: checkpoint === null ? undefined : decodeCheckpoint(checkpoint),
        build: decodeBuild(build),
      };
    }),
  );
}
