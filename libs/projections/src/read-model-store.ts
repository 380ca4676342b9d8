/**
 * The read-model store port. Projections keep JSON documents per practice, list them through sorted
 * indexes (for paged reads), and write each batch of documents together with the projection's checkpoint
 * in one atomic step. Every projection writes into a numbered version of its own namespace so that a
 * rebuild can fill a new version while readers keep using the active one.
 *
 * Adapters: SQLite (embedded default) and Redis. Both pass testing/read-model-store-contract.ts.
 */

import { parsePosition } from '@ccm/event-store';
import { partitionOf } from './partitions';

/** Which projection and which of its versions (rebuilds write into a new version). */
export interface VersionRef {
  readonly projection: string;
  readonly version: number;
}

export interface DocumentKey {
  readonly practiceId: string;
  /** A kind of document within the projection, e.g. `month`. */
  readonly collection: string;
  readonly id: string;
}

/**
 * Membership of a document in a sorted index of its practice and collection. Lists are ordered by
 * `sortKey`, then document id, comparing UTF-8 bytes. Sort keys never contain U+0000.
 */
export interface ListMembership {
  readonly list: string;
  readonly sortKey: string;
}

export interface StoredDocument {
  /** The document as JSON text: adapters store and return it byte for byte. */
  readonly json: string;
  readonly lists: readonly ListMembership[];
}

export interface DocumentWrite {
  readonly key: DocumentKey;
  /** null deletes the document and its list memberships. */
  readonly document: StoredDocument | null;
  /**
   * The memberships stored for this key when the writer read it for this batch ([] when it was absent),
   * so the adapter need not read them again; absent when the writer does not know. The batch's checkpoint
   * check makes this safe: nothing else can have written the version since the writer read it.
   */
  readonly previousLists?: readonly ListMembership[];
}

export interface ReadModelBatch {
  /**
   * The partition of the version the batch is for (default 0); every write is a document of one of its
   * practices (partitions.ts), and the checkpoints below are that partition's.
   */
  readonly partition?: number;
  /** The checkpoint the writer started from; the batch is refused when the stored one differs. */
  readonly expectedCheckpoint: string | null;
  /** Where the version will have applied up to; null only for an empty store (a rebuild of nothing). */
  readonly checkpoint: string | null;
  readonly writes: readonly DocumentWrite[];
  /**
   * Marks the partition caught up. Once every partition of the version is, the version becomes the one
   * readers use and is marked built: a rebuild's last batch, or a projector's first catch-up of a version
   * it created from nothing. With one partition (or in one SQLite transaction) that happens in the same
   * transaction as the batch; across the slots of a Redis Cluster, right after it (a crash in between
   * leaves the version unbuilt, and the projector's next catch-up marks it again).
   */
  readonly activate?: boolean;
  /**
   * A build from nothing (the checkpoint stays null until it ends): how far it has come, stored with the
   * batch (absent: left as it was), so any process can report its progress from the stores, and a process
   * that takes the partition over goes on from there.
   */
  readonly build?: BuildProgress;
  /**
   * A build's commit: the progress it went on from (null: none was stored). The batch is refused with
   * CheckpointConflictError when the stored progress differs: another process is building the partition
   * too (a lease that lapsed while its holder still worked), and a group checked only against the
   * checkpoint, null for both, would write over what the other derived. Absent: not checked.
   */
  readonly expectedBuild?: BuildProgress | null;
}

/** One read model's batch among several (ReadModelStore.applyBatches). */
export interface RefBatch {
  readonly ref: VersionRef;
  readonly batch: ReadModelBatch;
}

/** How far a build from nothing (engine/stream-pass.ts) has come in one partition. */
export interface BuildProgress {
  /** The position it reads the streams up to: the partition's checkpoint once it is over. */
  readonly end: string;
  /**
   * How many of the partition's streams, in the order they start (the streams of its practices' context
   * apart), are projected whole up to `end`.
   */
  readonly streamsDone: number;
  /** Events of the partition's streams it has read, those of the streams done and of the one under way. */
  readonly eventsRead: number;
}

export interface ListQuery {
  readonly practiceId: string;
  readonly collection: string;
  readonly list: string;
  /** Only members whose sort key is >= this. */
  readonly gte?: string;
  /** Only members whose sort key is < this. */
  readonly lt?: string;
  /** Continue strictly after this member. */
  readonly after?: ListPosition;
  readonly limit: number;
}

export interface ListPosition {
  readonly sortKey: string;
  readonly id: string;
}

export interface ListedDocument extends ListPosition {
  readonly json: string;
}

export interface VersionInfo {
  readonly version: number;
  /** Where every partition has applied up to (the least advanced one); null = not all have begun. */
  readonly checkpoint: string | null;
  /** Each partition's checkpoint, by partition number. */
  readonly checkpoints: readonly (string | null)[];
  /** Each partition's last ReadModelBatch.build, by partition number (null when never given). */
  readonly builds: readonly (BuildProgress | null)[];
  /** How many partitions the version was created with (1 unless several projectors share it). */
  readonly partitions: number;
  readonly active: boolean;
  /** The layout of the projection's documents the version was created for (Projection.layout). */
  readonly layout: number;
}

/** The active version of a projection, and whether readers may use it. */
export interface ReaderVersion {
  readonly version: number;
  /**
   * Caught up with the event store at least once (a batch with `activate` marked it). A version created
   * active because there was none (a first start, a store that lost its data) is not, until then: what it
   * holds is part of the record, and readers answer that it is being rebuilt rather than serve it.
   */
  readonly built: boolean;
  /** See VersionInfo.layout: readers of another layout cannot read it. */
  readonly layout: number;
  /** See VersionInfo.partitions. */
  readonly partitions: number;
}

export interface ReadModelStore {
  /** The version the projector follows and readers use; undefined before the first one is created. */
  activeVersion(projection: string): Promise<number | undefined>;
  /** The active version and whether it is built, in one read (readers); undefined when there is none. */
  readerVersion(projection: string): Promise<ReaderVersion | undefined>;
  versions(projection: string): Promise<readonly VersionInfo[]>;
  /**
   * A new, empty version for documents of `layout`, split into `partitions` (default 1), with no
   * checkpoint; active only if the projection had none.
   */
  createVersion(projection: string, layout: number, partitions?: number): Promise<number>;
  /** Removes a version's documents and checkpoint. The active version cannot be dropped. */
  dropVersion(ref: VersionRef): Promise<void>;
  /** Removes every version of a read model the system no longer has, the active one too. */
  dropReadModel(projection: string): Promise<void>;
  /**
   * The position a partition has applied up to (a formatted GlobalPosition); null = nothing yet. Without
   * a partition: where every partition has (the least advanced), which is what read-your-writes waits for.
   */
  checkpoint(ref: VersionRef, partition?: number): Promise<string | null>;
  /**
   * Writes documents and the partition's checkpoint atomically. Throws CheckpointConflictError when
   * another writer moved the checkpoint or the version is gone, ReadModelStoreUnavailableError when the
   * store is down, and an Error when a write belongs to another partition (a bug in the writer).
   */
  applyBatch(ref: VersionRef, batch: ReadModelBatch): Promise<void>;
  /**
   * Several read models' batches, each written as applyBatch writes it, in order: what one projector
   * derived from the same events for every read model it follows. Where the store can, all are committed
   * in one step (SQLite: one transaction, all or none). Otherwise (Redis: one read model's partition is
   * one hash slot) each is atomic with its own checkpoint: when one is refused or fails, those after it
   * are not written and those before it may be.
   */
  applyBatches(batches: readonly RefBatch[]): Promise<void>;
  getDocuments(ref: VersionRef, keys: readonly DocumentKey[]): Promise<(StoredDocument | undefined)[]>;
  list(ref: VersionRef, query: ListQuery): Promise<readonly ListedDocument[]>;
  close(): Promise<void>;
}

/** Largest page a reader may ask for. */
export const MAX_LIST_LIMIT = 1000;

/** Most documents one `list` call returns, whatever the caller asks for: a full page and one more, to know a next page exists. */
export const MAX_LIST_READ = MAX_LIST_LIMIT + 1;

/** Upper bound for "every sort key starting with prefix" (sort keys are ASCII). */
export const prefixEnd = (prefix: string): string => `${prefix}\u007f`;

export class CheckpointConflictError extends Error {
  override readonly name = 'CheckpointConflictError';
  constructor(readonly ref: VersionRef) {
    super(`projection ${ref.projection} v${ref.version}: checkpoint moved or version gone`);
  }
}

/** The read-model store cannot be reached; the projector retries, readers answer 503. */
export class ReadModelStoreUnavailableError extends Error {
  override readonly name = 'ReadModelStoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Projection names become table and key names: keep them to lowercase words and hyphens. */
export const PROJECTION_NAME = /^[a-z][a-z0-9-]{0,40}$/;

export function assertProjectionName(name: string): void {
  if (!PROJECTION_NAME.test(name)) throw new Error(`invalid projection name: ${JSON.stringify(name)}`);
}

/** Refuses a batch with a write outside its partition (a document must live where its practice's batches go). */
export function assertWritesInPartition(ref: VersionRef, batch: ReadModelBatch, partitions: number): void {
  const partition = batch.partition ?? 0;
  if (!Number.isInteger(partition) || partition < 0 || partition >= partitions)
    throw new Error(
      `projection ${ref.projection} v${ref.version}: no partition ${partition} of ${partitions}`,
    );
  const { build, expectedBuild } = batch;
  if ((build !== undefined && !isBuildProgress(build)) || (expectedBuild && !isBuildProgress(expectedBuild)))
    throw new Error(`projection ${ref.projection} v${ref.version}: not a build's progress`);
  if (partitions === 1) return;
  for (const { key } of batch.writes) {
    if (partitionOf(key.practiceId, partitions) !== partition)
      throw new Error(
        `projection ${ref.projection} v${ref.version}: a document of partition ${partitionOf(key.practiceId, partitions)} in a batch of partition ${partition}`,
      );
  }
}

export const sameLists = (a: readonly ListMembership[], b: readonly ListMembership[]): boolean =>
  a.length === b.length && a.every((m, i) => m.list === b[i].list && m.sortKey === b[i].sortKey);

const isCount = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;

function isBuildProgress(build: BuildProgress): boolean {
  return (
    isCount(build.eventsRead) &&
    isCount(build.streamsDone) &&
    typeof build.end === 'string' &&
    isPosition(build.end)
  );
}

function isPosition(text: string): boolean {
  try {
    parsePosition(text);
    return true;
  } catch {
    return false;
  }
}

/** A build's progress as adapters store it, and back (null for what is not one). */
export const encodeBuild = (build: BuildProgress): string =>
  JSON.stringify({ end: build.end, streamsDone: build.streamsDone, eventsRead: build.eventsRead });

export function decodeBuild(text: string | null | undefined): BuildProgress | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as BuildProgress;
    return isBuildProgress(value) ? value : null;
  } catch {
    return null;
  }
}

/** The build progress a batch expects, as adapters store it ('' for none); undefined when not checked. */
export const expectedBuildText = (batch: ReadModelBatch): string | undefined =>
  batch.expectedBuild === undefined
    ? undefined
    : batch.expectedBuild === null
      ? ''
      : encodeBuild(batch.expectedBuild);

/** Whether a batch that names the build progress it went on from finds that progress stored. */
export function buildAsExpected(batch: ReadModelBatch, stored: string | null): boolean {
  const expected = expectedBuildText(batch);
  return expected === undefined || expected === (stored ?? '');
}
