import { decodeDocument } from '../document-codec';
import {
  MAX_LIST_READ,
  type DocumentKey,
  type DocumentWrite,
  type ListedDocument,
  type ListMembership,
  type ListQuery,
  type StoredDocument,
  type VersionRef,
} from '../read-model-store';
import { partitionOf } from '../partitions';
import type { RedisClient } from './redis-client';
import { listMember, parseListMember, redisKeys, type PartitionRef } from './redis-keys';

const parseLists = (lists: unknown): ListMembership[] =>
  typeof lists === 'string' ? (JSON.parse(lists) as ListMembership[]) : [];

/** Documents of any practices of a version: one pipeline per partition (a cluster node serves each). */
export async function readDocuments(
  client: RedisClient,
  ref: VersionRef,
  partitions: number,
  keys: readonly DocumentKey[],
): Promise<(StoredDocument | undefined)[]> {
  const byPartition = new Map<number, number[]>();
  keys.forEach((key, i) => {
    const partition = partitionOf(key.practiceId, partitions);
    const indexes = byPartition.get(partition);
    if (indexes) indexes.push(i);
    else byPartition.set(partition, [i]);
  });
  const found: (StoredDocument | undefined)[] = new Array(keys.length);
  await Promise.all(
    [...byPartition].map(async ([partition, indexes]) => {
      const part: PartitionRef = { ...ref, partition };
      const pipeline = client.pipeline();
      for (const i of indexes) {
        const { practiceId, collection, id } = keys[i];
        pipeline.hget(redisKeys.documents(part, practiceId, collection), id);
        pipeline.hget(redisKeys.memberships(part, practiceId, collection), id);
      }
      const results = (await pipeline.exec()) ?? [];
      indexes.forEach((keyIndex, j) => {
        const [docError, json] = results[2 * j];
        const [listError, lists] = results[2 * j + 1];
        if (docError || listError) throw docError ?? listError;
        found[keyIndex] =
          typeof json === 'string' ? { json: decodeDocument(json), lists: parseLists(lists) } : undefined;
      });
    }),
  );
  return found;
}

/** A page of one practice's list (ListQuery), with each member's document. */
export async function listDocuments(
  client: RedisClient,
  part: PartitionRef,
  query: ListQuery,
): Promise<readonly ListedDocument[]> {
  const limit = Math.max(0, Math.min(query.limit, MAX_LIST_READ));
  const gte = query.gte ?? '';
  const afterMember = query.after ? listMember(query.after.sortKey, query.after.id) : undefined;
  const min = afterMember !== undefined && afterMember >= gte ? `(${afterMember}` : gte ? `[${gte}` : '-';
  const max = query.lt !== undefined ? `(${query.lt}` : '+';
  const listKey = redisKeys.list(part, query.practiceId, query.collection, query.list);
  const members = await client.zrangebylex(listKey, min, max, 'LIMIT', 0, limit);
  if (members.length === 0) return [];
  const positions = members.map(parseListMember);
  const ids = positions.map((p) => p.id);
  const bodies = await client.hmget(redisKeys.documents(part, query.practiceId, query.collection), ...ids);
  // Lists run to a thousand members a page: one object per member, not a spread copy of its position.
  const listed: ListedDocument[] = [];
  for (let i = 0; i < positions.length; i++) {
    const json = bodies[i];
    if (json !== null) listed.push({ sortKey: positions[i].sortKey, id: ids[i], json: decodeDocument(json) });
  }
  return listed;
}

/** The memberships each write replaces: as the writer read them, else from Redis (one pipeline). */
export async function previousMemberships(
  client: RedisClient,
  ref: PartitionRef,
  writes: readonly DocumentWrite[],
): Promise<(readonly ListMembership[])[]> {
  const unknown = writes.filter((w) => w.previousLists === undefined);
  if (unknown.length === 0) return writes.map((w) => w.previousLists as readonly ListMembership[]);
  const pipeline = client.pipeline();
  for (const { key } of unknown)
    pipeline.hget(redisKeys.memberships(ref, key.practiceId, key.collection), key.id);
  const results = (await pipeline.exec()) ?? [];
  let next = 0;
  return writes.map((write) => {
    if (write.previousLists !== undefined) return write.previousLists;
    const [error, value] = results[next++];
    if (error) throw error;
    return parseLists(value);
  });
}
