import {
  assertProjectionName,
  assertWritesInPartition,
  CheckpointConflictError,
  encodeBuild,
  expectedBuildText,
  ReadModelStoreUnavailableError,
  type DocumentKey,
  type ListedDocument,
  type ListQuery,
  type ReadModelBatch,
  type ReadModelStore,
  type RefBatch,
  type ReaderVersion,
  type StoredDocument,
  type VersionInfo,
  type VersionRef,
} from '../read-model-store';
import { assertPartitionCount, leastCheckpoint, partitionOf } from '../partitions';
import { VersionNotFoundError } from '../version-not-found';
import { APPLY_BATCH_SCRIPT, applyBatchCall } from './apply-batch-script';
import { queueWrites } from './queue-writes';
import { dropVersionData, removeEarlierKeyLayout } from './redis-drops';
import { listDocuments, previousMemberships, readDocuments } from './redis-document-reads';
import { connectRedis, isReady, type RedisClient } from './redis-client';
import { decodeCheckpoint, toStoreError } from './redis-errors';
import { readPartitionProgress, readVersionMeta, type RedisVersionMeta } from './redis-version-reads';
import { NO_CHECKPOINT, redisKeys, type PartitionRef } from './redis-keys';
import { SerialLock } from './serial-lock';

export interface RedisReadModelStoreOptions {
  /** e.g. `redis://127.0.0.1:6379/0`, or `redis-cluster://host:port,host:port` for a Redis Cluster. */
  readonly url: string;
  /** How long a command may wait for an answer before the store counts as unavailable. */
  readonly commandTimeoutMs?: number;
  /** Keep large documents deflated (document-codec.ts); default true: Redis keeps everything in memory. */
  readonly deflateLargeDocuments?: boolean;
}

type ScriptClient = RedisClient & {
  ccmApplyBatch(numberOfKeys: number, ...keysAndArgs: string[]): Promise<number>;
};

/**
 * Read models in Redis (one server or a Redis Cluster) through ioredis. Each batch is one script that
 * checks the partition's checkpoint and writes documents and checkpoint together, all in the partition's
 * hash slot (apply-batch-script.ts), so a second writer (another projector process) can never interleave.
 */
export class RedisReadModelStore implements ReadModelStore {
  private readonly reader: RedisClient;
  private readonly writer: ScriptClient;
  /** One batch at a time from this process: its memberships are read just before it is applied. */
  private readonly writeLock = new SerialLock();
  /** Partitions of each version: fixed when it is created. */
  private readonly partitionCounts = new Map<string, number>();
  private readonly deflate: boolean;

  constructor(options: RedisReadModelStoreOptions) {
    this.deflate = options.deflateLargeDocuments ?? true;
    this.reader = connectRedis(options.url, { ...options, connectionName: 'ccm-read-models' });
    const writer = connectRedis(options.url, { ...options, connectionName: 'ccm-read-models-writer' });
    writer.defineCommand('ccmApplyBatch', { lua: APPLY_BATCH_SCRIPT });
    this.writer = writer as ScriptClient;
  }

  /** Resolves once both connections are up (tests and the CLI wait; the api does not have to). */
  async ready(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!isReady(this.reader) || !isReady(this.writer)) {
      if (Date.now() > deadline) throw new ReadModelStoreUnavailableError('Redis did not become ready');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async activeVersion(projection: string): Promise<number | undefined> {
    const value = await this.call(() => this.reader.hget(redisKeys.meta(projection), 'active'));
    return value === null ? undefined : Number(value);
  }

  async readerVersion(projection: string): Promise<ReaderVersion | undefined> {
    const { active, built, layouts, partitions } = await this.call(() => this.meta(projection));
    if (active === null) return undefined;
    return {
      version: Number(active),
      built: built === active,
      layout: Number(layouts[active] ?? 1),
      partitions: Number(partitions[active] ?? 1),
    };
  }

  /** A projection's bookkeeping; the partition counts it holds are remembered. */
  private async meta(projection: string): Promise<RedisVersionMeta> {
    const meta = await readVersionMeta(this.reader, projection);
    // A store that lost its data numbers versions from 1 again: what is read here is always current.
    for (const [version, count] of Object.entries(meta.partitions))
      this.partitionCounts.set(countKey({ projection, version: Number(version) }), Number(count));
    return meta;
  }

  async versions(projection: string): Promise<readonly VersionInfo[]> {
    const meta = await this.call(() => this.meta(projection));
    return Promise.all(
      meta.versions.map(async (version) => {
        const partitions = Number(meta.partitions[version] ?? 1);
        const progress = await this.call(() =>
          readPartitionProgress(this.reader, { projection, version }, partitions),
        );
        const checkpoints = progress.map((p) => p.checkpoint ?? null);
        return {
          version,
          checkpoint: leastCheckpoint(checkpoints),
          checkpoints,
          builds: progress.map((p) => p.build),
          partitions,
          active: String(version) === meta.active,
          layout: Number(meta.layouts[version] ?? 1),
        };
      }),
    );
  }

  /** Each partition's checkpoint; undefined where the key is gone (the version is being dropped). */
  private checkpoints(ref: VersionRef, partitions: number): Promise<(string | null | undefined)[]> {
    return this.call(() =>
      Promise.all(
        Array.from({ length: partitions }, async (_, partition) => {
          const value = await this.reader.get(redisKeys.checkpoint({ ...ref, partition }));
          return value === null ? undefined : decodeCheckpoint(value);
        }),
      ),
    );
  }

  async createVersion(projection: string, layout: number, partitions = 1): Promise<number> {
    assertProjectionName(projection);
    assertPartitionCount(partitions);
    const version = await this.call(() => this.writer.hincrby(redisKeys.meta(projection), 'last', 1));
    // Checkpoints first (each in its partition's slot), then the version is listed: never listed without them.
    await this.call(() =>
      Promise.all(
        Array.from({ length: partitions }, (_, partition) =>
          this.writer.set(redisKeys.checkpoint({ projection, version, partition }), NO_CHECKPOINT),
        ),
      ),
    );
    await this.call(() =>
      this.writer
        .multi()
        .sadd(redisKeys.versions(projection), String(version))
        .hset(redisKeys.layouts(projection), String(version), String(layout))
        .hset(redisKeys.partitions(projection), String(version), String(partitions))
        .hsetnx(redisKeys.meta(projection), 'active', String(version))
        .exec(),
    );
    this.partitionCounts.set(countKey({ projection, version }), partitions);
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
        redisKeys.partitions(projection),
      ),
    );
  }

  private async dropVersionData(ref: VersionRef): Promise<void> {
    await this.call(() => dropVersionData(this.writer, ref));
    this.partitionCounts.delete(countKey(ref));
  }

  async checkpoint(ref: VersionRef, partition?: number): Promise<string | null> {
    if (partition !== undefined) {
      const value = await this.call(() => this.reader.get(redisKeys.checkpoint({ ...ref, partition })));
      if (value === null) throw new VersionNotFoundError(ref);
      return decodeCheckpoint(value);
    }
    const checkpoints = await this.checkpoints(ref, await this.partitionsOf(ref));
    if (checkpoints.some((c) => c === undefined)) throw new VersionNotFoundError(ref);
    return leastCheckpoint(checkpoints as (string | null)[]);
  }

  async applyBatch(ref: VersionRef, batch: ReadModelBatch): Promise<void> {
    const partitions = await this.partitionsOf(ref).catch((error: unknown) => {
      throw error instanceof VersionNotFoundError ? new CheckpointConflictError(ref) : error;
    });
    assertWritesInPartition(ref, batch, partitions);
    const part: PartitionRef = { ...ref, partition: batch.partition ?? 0 };
    await this.writeLock.run(async () => {
      const previous = await this.call(() => previousMemberships(this.writer, part, batch.writes));
      const writes = queueWrites(part, batch.writes, previous, this.deflate);
      const practices = [...new Set(batch.writes.map((w) => w.key.practiceId))];
      if (practices.length > 0)
        writes.push({ command: 'sadd', key: redisKeys.practices(part), args: practices });
      const { keys, args } = applyBatchCall({
        checkpointKey: redisKeys.checkpoint(part),
        caughtUpKey: redisKeys.caughtUp(part),
        buildKey: redisKeys.build(part),
        build: batch.build && encodeBuild(batch.build),
        expectedBuild: expectedBuildText(batch),
        expected: batch.expectedCheckpoint ?? NO_CHECKPOINT,
        checkpoint: batch.checkpoint ?? NO_CHECKPOINT,
        markCaughtUp: batch.activate === true,
        writes,
      });
      const applied = await this.call(() => this.writer.ccmApplyBatch(keys.length, ...keys, ...args));
      if (applied !== 1) throw new CheckpointConflictError(ref);
    });
    if (batch.activate) await this.activateIfCaughtUp(ref, partitions);
  }

  /** One after another: each read model's partition is a hash slot of its own. */
  async applyBatches(batches: readonly RefBatch[]): Promise<void> {
    for (const { ref, batch } of batches) await this.applyBatch(ref, batch);
  }

  /** Readers switch once every partition has caught up (each marked so in its own slot). */
  private async activateIfCaughtUp(ref: VersionRef, partitions: number): Promise<void> {
    const marks = await this.call(() =>
      Promise.all(
        Array.from({ length: partitions }, (_, partition) =>
          this.writer.get(redisKeys.caughtUp({ ...ref, partition })),
        ),
      ),
    );
    if (marks.some((mark) => mark !== '1')) return;
    const version = String(ref.version);
    await this.call(() =>
      this.writer.hset(redisKeys.meta(ref.projection), 'active', version, 'built', version),
    );
  }

  async getDocuments(ref: VersionRef, keys: readonly DocumentKey[]): Promise<(StoredDocument | undefined)[]> {
    if (keys.length === 0) return [];
    const partitions = await this.partitionsOf(ref);
    return this.call(() => readDocuments(this.reader, ref, partitions, keys));
  }

  async list(ref: VersionRef, query: ListQuery): Promise<readonly ListedDocument[]> {
    if (query.limit <= 0) return [];
    const part: PartitionRef = {
      ...ref,
      partition: partitionOf(query.practiceId, await this.partitionsOf(ref)),
    };
    return this.call(() => listDocuments(this.reader, part, query));
  }

  /** See removeEarlierKeyLayout in redis-drops.ts. */
  removeEarlierKeyLayout(projections: readonly string[]): Promise<number> {
    return this.call(() => removeEarlierKeyLayout(this.writer, projections));
  }

  async close(): Promise<void> {
    this.reader.disconnect();
    this.writer.disconnect();
  }

  private async partitionsOf(ref: VersionRef): Promise<number> {
    const cached = this.partitionCounts.get(countKey(ref));
    if (cached !== undefined) return cached;
    const value = await this.call(() =>
      this.reader.hget(redisKeys.partitions(ref.projection), String(ref.version)),
    );
    if (value === null) throw new VersionNotFoundError(ref);
    this.partitionCounts.set(countKey(ref), Number(value));
    return Number(value);
  }

  private async call<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw toStoreError(error);
    }
  }
}

const countKey = (ref: VersionRef): string => `${ref.projection}#${ref.version}`;
