import { encodeDocument } from '../document-codec';
import { sameLists, type DocumentKey, type DocumentWrite, type ListMembership } from '../read-model-store';
import { listMember, redisKeys, type PartitionRef } from './redis-keys';

/** One command of a batch, all on keys of one partition (one hash slot). */
export interface QueuedWrite {
  readonly command: 'zrem' | 'zadd' | 'hset' | 'hdel' | 'sadd';
  readonly key: string;
  readonly args: readonly string[];
}

/** Arguments per command at most (even: ZADD and HSET take pairs), so no batch builds one enormous call. */
const ARGS_PER_COMMAND = 1000;

/**
 * Queues a batch's writes grouped by key: one HSET, HDEL, ZREM or ZADD per hash or list (in chunks)
 * instead of one command per document. Every document of a batch has its own key, so grouping changes
 * nothing but the number of commands; removals from lists are queued before additions, as a document
 * keeping a membership it had is removed and added back.
 */
export function queueWrites(
  ref: PartitionRef,
  writes: readonly DocumentWrite[],
  previous: readonly (readonly ListMembership[])[],
  deflate: boolean,
): QueuedWrite[] {
  const groups = {
    zrem: new Map<string, string[]>(),
    zadd: new Map<string, string[]>(),
    hset: new Map<string, string[]>(),
    hdel: new Map<string, string[]>(),
  };
  const add = (group: Map<string, string[]>, key: string, ...values: string[]): void => {
    const list = group.get(key);
    if (list) list.push(...values);
    else group.set(key, values);
  };
  // Grouping loses the order of writes: should a key be written twice, only its last write counts.
  const last = new Map<string, number>();
  writes.forEach((write, i) => last.set(documentKeyText(write.key), i));
  writes.forEach((write, i) => {
    if (last.get(documentKeyText(write.key)) !== i) return;
    const { practiceId, collection, id } = write.key;
    const documents = redisKeys.documents(ref, practiceId, collection);
    const memberships = redisKeys.memberships(ref, practiceId, collection);
    const before = previous[i];
    const next = write.document?.lists ?? [];
    if (!sameLists(before, next)) {
      for (const m of before)
        add(groups.zrem, redisKeys.list(ref, practiceId, collection, m.list), listMember(m.sortKey, id));
      for (const m of next)
        add(groups.zadd, redisKeys.list(ref, practiceId, collection, m.list), '0', listMember(m.sortKey, id));
      if (next.length > 0) add(groups.hset, memberships, id, JSON.stringify(next));
      else add(groups.hdel, memberships, id);
    }
    if (write.document) add(groups.hset, documents, id, encodeDocument(write.document.json, deflate));
    else add(groups.hdel, documents, id);
  });
  const queued: QueuedWrite[] = [];
  const queue = (command: QueuedWrite['command'], group: Map<string, string[]>) => {
    for (const [key, args] of group) {
      for (let i = 0; i < args.length; i += ARGS_PER_COMMAND)
        queued.push({ command, key, args: args.slice(i, i + ARGS_PER_COMMAND) });
    }
  };
  queue('zrem', groups.zrem);
  queue('zadd', groups.zadd);
  queue('hdel', groups.hdel);
  queue('hset', groups.hset);
  return queued;
}

const documentKeyText = (key: DocumentKey): string =>
  `${key.practiceId}\u0000${key.collection}\u0000${key.id}`;
