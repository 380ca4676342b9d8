import type { VersionRef } from '../read-model-store';

/**
 * Key layout. Documents and lists live under their practice (`ccm:<practice>:...`), so one practice's
 * read models can be found, exported or removed together; projection bookkeeping lives under `ccm:@rm:`,
 * which no practice id can produce (ids are letters, digits, `_` and `-`).
 *
 *   ccm:@rm:<projection>                      hash: last (version counter), active, built (the
 *                                             version last activated by a batch: readers need built = active)
 *   ccm:@rm:<projection>:versions             set of version numbers
 *   ccm:@rm:<projection>:layouts              hash version -> layout of its documents (absent: 1)
 *   ccm:@rm:<projection>:v<n>:checkpoint      string; `-` = nothing applied yet
 *   ccm:@rm:<projection>:v<n>:practices       set of practices with documents (for drops)
 *   ccm:<practice>:<projection>:v<n>:d:<collection>           hash id -> document JSON
 *   ccm:<practice>:<projection>:v<n>:m:<collection>           hash id -> list memberships JSON
 *   ccm:<practice>:<projection>:v<n>:l:<collection>:<list>    sorted set, members `sortKey\0id`, score 0
 */
export const NO_CHECKPOINT = '-';

export const redisKeys = {
  meta: (projection: string) => `ccm:@rm:${projection}`,
  versions: (projection: string) => `ccm:@rm:${projection}:versions`,
  layouts: (projection: string) => `ccm:@rm:${projection}:layouts`,
  checkpoint: (ref: VersionRef) => `ccm:@rm:${ref.projection}:v${ref.version}:checkpoint`,
  practices: (ref: VersionRef) => `ccm:@rm:${ref.projection}:v${ref.version}:practices`,
  documents: (ref: VersionRef, practiceId: string, collection: string) =>
    `${practicePrefix(ref, practiceId)}d:${collection}`,
  memberships: (ref: VersionRef, practiceId: string, collection: string) =>
    `${practicePrefix(ref, practiceId)}m:${collection}`,
  list: (ref: VersionRef, practiceId: string, collection: string, list: string) =>
    `${practicePrefix(ref, practiceId)}l:${collection}:${list}`,
};

export const practicePrefix = (ref: VersionRef, practiceId: string): string =>
  `ccm:${practiceId}:${ref.projection}:v${ref.version}:`;

export const listMember = (sortKey: string, id: string): string => `${sortKey}\u0000${id}`;

export function parseListMember(member: string): { sortKey: string; id: string } {
  const at = member.indexOf('\u0000');
  return { sortKey: member.slice(0, at), id: member.slice(at + 1) };
}
