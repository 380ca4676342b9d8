import type { VersionRef } from '../read-model-store';

/**
 * Key layout. Every key carries a Redis Cluster hash tag (`{...}`), so that what one transaction touches
 * lives in one slot: a projection's bookkeeping under `{<projection>}`, and each partition of a version
 * (its checkpoint and the documents of its practices) under `{<projection>.v<n>.p<k>}`. Documents and
 * lists still start with their practice (`ccm:<practice>:`), so one practice's read models can be found,
 * exported or removed together; bookkeeping lives under `ccm:@rm:`, which no practice id can produce (ids
 * are letters, digits, `_` and `-`).
 *
 *   ccm:@rm:{<projection>}                    hash: last (version counter), active, built (the version
 *                                             last activated: readers need built = active)
 *   ccm:@rm:{<projection>}:versions           set of version numbers
 *   ccm:@rm:{<projection>}:layouts            hash version -> layout of its documents
 *   ccm:@rm:{<projection>}:partitions         hash version -> number of partitions
 *   ccm:@rm:{<part>}:checkpoint               string; `-` = nothing applied yet
 *   ccm:@rm:{<part>}:caught-up                string `1` once the partition has caught up
 *   ccm:@rm:{<part>}:build                    string, JSON: how far a build from nothing has come
 *   ccm:@rm:{<part>}:practices                set of practices with documents (for drops)
 *   ccm:<practice>:{<part>}:d:<collection>    hash id -> document JSON
 *   ccm:<practice>:{<part>}:m:<collection>    hash id -> list memberships JSON
 *   ccm:<practice>:{<part>}:l:<collection>:<list>   sorted set, members `sortKey\0id`, score 0
 *
 * where <part> is `<projection>.v<n>.p<k>`. Keys of the layout before partitions (no braces) are
 * removed by RedisReadModelStore.removeEarlierKeyLayout.
 */
export const NO_CHECKPOINT = '-';

export interface PartitionRef extends VersionRef {
  readonly partition: number;
}

const part = (ref: PartitionRef): string => `{${ref.projection}.v${ref.version}.p${ref.partition}}`;

export const redisKeys = {
  meta: (projection: string) => `ccm:@rm:{${projection}}`,
  versions: (projection: string) => `ccm:@rm:{${projection}}:versions`,
  layouts: (projection: string) => `ccm:@rm:{${projection}}:layouts`,
  partitions: (projection: string) => `ccm:@rm:{${projection}}:partitions`,
  checkpoint: (ref: PartitionRef) => `ccm:@rm:${part(ref)}:checkpoint`,
  caughtUp: (ref: PartitionRef) => `ccm:@rm:${part(ref)}:caught-up`,
  build: (ref: PartitionRef) => `ccm:@rm:${part(ref)}:build`,
  practices: (ref: PartitionRef) => `ccm:@rm:${part(ref)}:practices`,
  documents: (ref: PartitionRef, practiceId: string, collection: string) =>
    `${practicePrefix(ref, practiceId)}d:${collection}`,
  memberships: (ref: PartitionRef, practiceId: string, collection: string) =>
    `${practicePrefix(ref, practiceId)}m:${collection}`,
  list: (ref: PartitionRef, practiceId: string, collection: string, list: string) =>
    `${practicePrefix(ref, practiceId)}l:${collection}:${list}`,
};

export const practicePrefix = (ref: PartitionRef, practiceId: string): string =>
  `ccm:${practiceId}:${part(ref)}:`;

export const listMember = (sortKey: string, id: string): string => `${sortKey}\u0000${id}`;

export function parseListMember(member: string): { sortKey: string; id: string } {
  const at = member.indexOf('\u0000');
  return { sortKey: member.slice(0, at), id: member.slice(at + 1) };
}
