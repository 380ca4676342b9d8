import Redis from 'ioredis';
import {
  assertProjectionName,
  CheckpointConflictError,
  MAX_LIST_READ,
  ReadModelStoreUnavailableError,
  type DocumentKey,
  type DocumentWrite,
  type ListedDocument,
  type ListMembership,
  type ListQuery,
  type ReadModelBatch,
  type ReadModelStore,
  type ReaderVersion,
  type StoredDocument,
  type VersionInfo,
  type VersionRef,
} from '../read-model-store';
import { VersionNotFoundError } from '../version-not-found';
import { queueWrites } from './queue-writes';
import { decodeCheckpoint, toStoreError } from './redis-errors';
import { listMember, NO_CHECKPOINT, parseListMember, practicePrefix, redisKeys } from './redis-keys';
import { SerialLock } from './serial-lock';

export interface RedisReadModelStoreOptions {
  /** e.g. `redis://127.0.0.1:6379/0`. */
  readonly url: string;
  /** How long a command may wait for an answer before the store counts as unavailable. */
  readonly commandTimeoutMs?: number;
}

/**
 * Read models in Redis through ioredis. Each batch is one MULTI/EXEC guarded by WATCH on the checkpoint
 * key, so documents and checkpoint change together and a second writer (another projector process) can
 * never interleave. Commands fail fast while Redis is down (no offline queue, no resend of in-flight
 * commands: a resent EXEC would run without its WATCH); the projector retries whole batches instead.
 */
export class RedisReadModelStore implements ReadModelStore {
  private readonly reader: Redis;
  /** WATCH is per connection: batches get their own connection, one at a time. */
  private readonly writer: Redis;
  private readonly writeLock = new SerialLock();

  constructor(options: RedisReadModelStoreOptions) {
    const common = {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 5000,
      connectTimeout: 2000,
      retryStrategy: (attempt: number) => Math.min(50 * 2 ** Math.min(attempt, 6), 2000),
    };
    this.reader = new Redis(options.url, { ...common, connectionName: 'ccm-read-models' });
    this.writer = new Redis(options.url, { ...common, connectionName: 'ccm-read-models-writer' });
    // Without listeners ioredis prints every failed reconnect; the projector reports outages itself.
    this.reader.on('error', () => undefined);
    this.writer.on('error', () => undefined);
  }

  /** Resolves once both connections are up (tests and the CLI wait; the api does not have to). */
  async ready(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.reader.status !== 'ready' || this.writer.status !== 'ready') {
      if (Date.now() > deadline) throw new ReadModelStoreUnavailableError('Redis did not become ready');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async activeVersion(projection: string): Promise<number | undefined> {
    const value = await this.call(() => this.reader.hget(redisKeys.meta(projection), 'active'));
    return value === null ? undefined : Number(value);
  }

  async readerVersion(projection: string): Promise<ReaderVersion | undefined> {
    const [active, built, layouts] = await this.call(() => this.meta(projection));
    if (active === null) return undefined;
    return { version: Number(active), built: built === active, layout: layoutOf(layouts, active) };
  }

  /** The active and built versions, and each version's layout, in one round trip. */
  private async meta(projection: string): Promise<[string | null, string | null, Record<string, string>]> {
    const results = (await this.reader
      .pipeline()
      .hmget(redisKeys.meta(projection), 'active', 'built')
      .hgetall(redisKeys.layouts(projection))
      .exec()) as [Error | null, unknown][] | null;
    const [[metaError, meta], [layoutsError, layouts]] = results ?? [];
    if (metaError || layoutsError) throw metaError ?? layoutsError;
    const [active, built] = meta as (string | null)[];
    return [active, built, layouts as Record<string, string>];
  }

  async versions(projection: string): Promise<readonly VersionInfo[]> {
    const [members, [active, , layouts]] = await this.call(() =>
      Promise.all([this.reader.smembers(redisKeys.versions(projection)), this.meta(projection)]),
    );
    const numbers = members.map(Number).sort((a, b) => a - b);
    const checkpoints = await this.call(() =>
      numbers.length === 0
        ? Promise.resolve([])
        : this.reader.mget(...numbers.map((version) => redisKeys.checkpoint({ projection, version }))),
    );
    return numbers.map((version, i) => ({
      version,
      checkpoint: decodeCheckpoint(checkpoints[i]),
      active: String(version) === active,
      layout: layoutOf(layouts, String(version)),
    }));
  }

  async createVersion(projection: string, layout: number): Promise<number> {
    assertProjectionName(projection);
    const version = await this.call(() => this.writer.hincrby(redisKeys.meta(projection), 'last', 1));
    const ref = { projection, version };
    await this.call(() =>
      this.writer
        .multi()
        .set(redisKeys.checkpoint(ref), NO_CHECKPOINT)
        .sadd(redisKeys.versions(projection), String(version))
        .hset(redisKeys.layouts(projection), String(version), String(layout))
        .hsetnx(redisKeys.meta(projection), 'active', String(version))
        .exec(),
    );
    return version;
  }

  async dropVersion(ref: VersionRef): Promise<void> {
    if ((await this.activeVersion(ref.projection)) === ref.version) {
      throw new Error(`cannot drop the active version of ${ref.projection}`);
    }
    await this.dropVersionData(ref);
  }

  async dropReadModel(projection: string): Promise<void> {
    const versions = await this.call(() => this.writer.smembers(redisKeys.versions(projection)));
    // Readers see no active version first; then the documents go.
    await this.call(() => this.writer.hdel(redisKeys.meta(projection), 'active', 'built'));
    for (const version of versions) await this.dropVersionData({ projection, version: Number(version) });
    await this.call(() =>
      this.writer.del(
        redisKeys.meta(projection),
        redisKeys.versions(projection),
        redisKeys.layouts(projection),
      ),
    );
  }

  private async dropVersionData(ref: VersionRef): Promise<void> {
    const practices = await this.call(() => this.writer.smembers(redisKeys.practices(ref)));
    // Remove the checkpoint first: a projector still writing to this version then gets a conflict.
    await this.call(() =>
      this.writer
        .multi()
        .del(redisKeys.checkpoint(ref), redisKeys.practices(ref))
        .srem(redisKeys.versions(ref.projection), String(ref.version))
        .hdel(redisKeys.layouts(ref.projection), String(ref.version))
        .exec(),
    );
    for (const practiceId of practices) {
      let cursor = '0';
      do {
        const [next, keys] = await this.call(() =>
          this.writer.scan(cursor, 'MATCH', `${practicePrefix(ref, practiceId)}*`, 'COUNT', 1000),
        );
        cursor = next;
        if (keys.length > 0) await this.call(() => this.writer.unlink(...keys));
      } while (cursor !== '0');
    }
  }

  async checkpoint(ref: VersionRef): Promise<string | null> {
    const value = await this.call(() => this.reader.get(redisKeys.checkpoint(ref)));
    if (value === null) throw new VersionNotFoundError(ref);
    return decodeCheckpoint(value);
  }

  async applyBatch(ref: VersionRef, batch: ReadModelBatch): Promise<void> {
    await this.writeLock.run(async () => {
      const checkpointKey = redisKeys.checkpoint(ref);
      try {
        await this.writer.watch(checkpointKey);
        const current = await this.writer.get(checkpointKey);
        if (current === null || decodeCheckpoint(current) !== batch.expectedCheckpoint) {
          await this.writer.unwatch();
          throw new CheckpointConflictError(ref);
        }
        const previous = await this.previousMemberships(ref, batch.writes);
        const transaction = this.writer.multi();
        queueWrites(transaction, ref, batch.writes, previous);
        const practices = [...new Set(batch.writes.map((w) => w.key.practiceId))];
        if (practices.length > 0) transaction.sadd(redisKeys.practices(ref), ...practices);
        transaction.set(checkpointKey, batch.checkpoint ?? NO_CHECKPOINT);
        if (batch.activate) {
          const version = String(ref.version);
          transaction.hset(redisKeys.meta(ref.projection), 'active', version, 'built', version);
        }
        const results = await transaction.exec();
        if (results === null) throw new CheckpointConflictError(ref);
        const failed = results.find(([error]) => error !== null);
        if (failed) throw failed[0];
      } catch (error) {
        if (error instanceof CheckpointConflictError) throw error;
        // A failed command leaves the WATCH in place on a live connection; clear it for the next batch.
        await this.writer.unwatch().catch(() => undefined);
        throw toStoreError(error);
      }
    });
  }

  /** The memberships each write replaces: as the writer read them, else from Redis (one pipeline). */
  private async previousMemberships(
    ref: VersionRef,
    writes: readonly DocumentWrite[],
  ): Promise<(readonly ListMembership[])[]> {
    const unknown = writes.filter((w) => w.previousLists === undefined);
    if (unknown.length === 0) return writes.map((w) => w.previousLists as readonly ListMembership[]);
    const pipeline = this.writer.pipeline();
    for (const { key } of unknown) {
      pipeline.hget(redisKeys.memberships(ref, key.practiceId, key.collection), key.id);
    }
    const results = (await pipeline.exec()) ?? [];
    let next = 0;
    return writes.map((write) => {
      if (write.previousLists !== undefined) return write.previousLists;
      const [error, value] = results[next++];
      if (error) throw error;
      return typeof value === 'string' ? (JSON.parse(value) as ListMembership[]) : [];
    });
  }

  async getDocuments(ref: VersionRef, keys: readonly DocumentKey[]): Promise<(StoredDocument | undefined)[]> {
    if (keys.length === 0) return [];
    const pipeline = this.reader.pipeline();
    for (const key of keys) {
      pipeline.hget(redisKeys.documents(ref, key.practiceId, key.collection), key.id);
      pipeline.hget(redisKeys.memberships(ref, key.practiceId, key.collection), key.id);
    }
    const results = await this.call(async () => (await pipeline.exec()) ?? []);
    return keys.map((_, i) => {
      const [docError, json] = results[2 * i];
      const [listError, lists] = results[2 * i + 1];
      if (docError || listError) throw toStoreError(docError ?? listError);
      if (typeof json !== 'string') return undefined;
      return { json, lists: typeof lists === 'string' ? (JSON.parse(lists) as ListMembership[]) : [] };
    });
  }

  async list(ref: VersionRef, query: ListQuery): Promise<readonly ListedDocument[]> {
    const limit = Math.max(0, Math.min(query.limit, MAX_LIST_READ));
    if (limit === 0) return [];
    const gte = query.gte ?? '';
    const afterMember = query.after ? listMember(query.after.sortKey, query.after.id) : undefined;
    const min = afterMember !== undefined && afterMember >= gte ? `(${afterMember}` : gte ? `[${gte}` : '-';
    const max = query.lt !== undefined ? `(${query.lt}` : '+';
    const listKey = redisKeys.list(ref, query.practiceId, query.collection, query.list);
    const members = await this.call(() => this.reader.zrangebylex(listKey, min, max, 'LIMIT', 0, limit));
    if (members.length === 0) return [];
    const positions = members.map(parseListMember);
    const ids = positions.map((p) => p.id);
    const documentsKey = redisKeys.documents(ref, query.practiceId, query.collection);
    const bodies = await this.call(() => this.reader.hmget(documentsKey, ...ids));
    // Lists run to a thousand members a page: one object per member, not a spread copy of its position.
    const listed: ListedDocument[] = [];
    for (let i = 0; i < positions.length; i++) {
      const json = bodies[i];
      if (json !== null) listed.push({ sortKey: positions[i].sortKey, id: ids[i], json });
    }
    return listed;
  }

  async close(): Promise<void> {
    this.reader.disconnect();
    this.writer.disconnect();
  }

  private async call<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw toStoreError(error);
    }
  }
}

/** Versions created before layouts were recorded hold layout 1. */
const layoutOf = (layouts: Record<string, string>, version: string): number => Number(layouts[version] ?? 1);
