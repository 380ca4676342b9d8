import Database from 'better-sqlite3';
import { decodeDocument, encodeDocument } from '../document-codec';
import {
  assertProjectionName,
  assertWritesInPartition,
  buildAsExpected,
  CheckpointConflictError,
  decodeBuild,
  encodeBuild,
  MAX_LIST_READ,
  sameLists,
  type BuildProgress,
  type DocumentKey,
  type DocumentWrite,
  type ListedDocument,
  type ListMembership,
  type ListQuery,
  type ReadModelBatch,
  type ReadModelStore,
  type RefBatch,
  type ReaderVersion,
  type StoredDocument,
  type VersionInfo,
  type VersionRef,
} from '../read-model-store';
import { assertPartitionCount, leastCheckpoint } from '../partitions';
import { VersionNotFoundError } from '../version-not-found';
import { openVersionMeta, type VersionMeta } from './version-meta';
import { versionTables, type VersionStatements } from './version-tables';

export interface SqliteReadModelStoreOptions {
  /** A file path (e.g. `<CCM_DATA_DIR>/read-models.sqlite`) or ':memory:'. */
  readonly filename: string;
  /**
   * Read models can always be rebuilt from the event store, so NORMAL (survives a process crash, may lose
   * the last transactions on power loss) is the default.
   */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** Keep large documents deflated (document-codec.ts); default false: on disk, CPU is the scarcer. */
  readonly deflateLargeDocuments?: boolean;
}

/** Page size of a new read-model file (SQLite's default is 4096). */
export const PAGE_SIZE = 16_384;

/** The embedded default: one SQLite file (WAL), two tables per projection version, one transaction per batch. */
export class SqliteReadModelStore implements ReadModelStore {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, VersionStatements>();
  private readonly meta: VersionMeta;
  private readonly deflate: boolean;

  constructor(options: SqliteReadModelStoreOptions) {
    this.deflate = options.deflateLargeDocuments ?? false;
    this.db = new Database(options.filename);
    // Documents are kilobytes: larger pages keep them out of overflow chains. Only a new file takes it.
    this.db.pragma(`page_size = ${PAGE_SIZE}`);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.meta = openVersionMeta(this.db);
  }

  async activeVersion(projection: string): Promise<number | undefined> {
    return this.meta.active.get(projection)?.version;
  }

  async readerVersion(projection: string): Promise<ReaderVersion | undefined> {
    const row = this.meta.active.get(projection);
    return row
      ? { version: row.version, built: row.built === 1, layout: row.layout, partitions: row.partitions }
      : undefined;
  }

  async versions(projection: string): Promise<readonly VersionInfo[]> {
    const partitions = new Map<
      number,
      { checkpoints: (string | null)[]; builds: (BuildProgress | null)[] }
    >();
    for (const row of this.meta.partitions.all(projection)) {
      const lists = partitions.get(row.version) ?? { checkpoints: [], builds: [] };
      lists.checkpoints[row.partition] = row.checkpoint;
      lists.builds[row.partition] = decodeBuild(row.build);
      partitions.set(row.version, lists);
    }
    return this.meta.versions.all(projection).map((row) => {
      const { checkpoints, builds } = partitions.get(row.version) ?? { checkpoints: [], builds: [] };
      return {
        version: row.version,
        checkpoint: leastCheckpoint(checkpoints),
        checkpoints,
        builds,
        partitions: row.partitions,
        active: row.active === 1,
        layout: row.layout,
      };
    });
  }

  async createVersion(projection: string, layout: number, partitions = 1): Promise<number> {
    assertProjectionName(projection);
    assertPartitionCount(partitions);
    return this.db.transaction(() => {
      const version = this.meta.nextVersion.get(projection)?.last_version ?? 1;
      versionTables(this.db, { projection, version }).create();
      const hasActive = this.meta.active.get(projection) !== undefined;
      this.meta.insertVersion.run(projection, version, hasActive ? 0 : 1, layout, partitions);
      for (let partition = 0; partition < partitions; partition++)
        this.meta.insertPartition.run(projection, version, partition);
      return version;
    })();
  }

  async dropVersion(ref: VersionRef): Promise<void> {
    const row = this.meta.version.get(ref.projection, ref.version);
    if (row?.active === 1) throw new Error(`cannot drop the active version of ${ref.projection}`);
    this.statements.delete(cacheKey(ref));
    this.db.transaction(() => {
      versionTables(this.db, ref).drop();
      this.meta.deleteVersion.run(ref.projection, ref.version);
      this.meta.deletePartitions.run(ref.projection, ref.version);
    })();
  }

  async dropReadModel(projection: string): Promise<void> {
    for (const { version } of this.meta.versions.all(projection)) {
      this.statements.delete(cacheKey({ projection, version }));
      this.db.transaction(() => {
        versionTables(this.db, { projection, version }).drop();
        this.meta.deleteVersion.run(projection, version);
        this.meta.deletePartitions.run(projection, version);
      })();
    }
  }

  async checkpoint(ref: VersionRef, partition?: number): Promise<string | null> {
    if (partition !== undefined) {
      const row = this.meta.partition.get(ref.projection, ref.version, partition);
      if (!row) throw new VersionNotFoundError(ref);
      return row.checkpoint;
    }
    const rows = this.meta.versionPartitions.all(ref.projection, ref.version);
    if (rows.length === 0) throw new VersionNotFoundError(ref);
    return leastCheckpoint(rows.map((row) => row.checkpoint));
  }

  async applyBatch(ref: VersionRef, batch: ReadModelBatch): Promise<void> {
    await this.applyBatches([{ ref, batch }]);
  }

  async applyBatches(batches: readonly RefBatch[]): Promise<void> {
    const checked = batches.map(({ ref, batch }) => {
      const row = this.meta.version.get(ref.projection, ref.version);
      if (!row) throw new CheckpointConflictError(ref);
      assertWritesInPartition(ref, batch, row.partitions);
      return { ref, batch, statements: this.statementsFor(ref) };
    });
    this.db
      .transaction(() => {
        for (const { ref, batch, statements } of checked) this.applyInTransaction(ref, batch, statements);
      })
      .immediate();
  }

  private applyInTransaction(ref: VersionRef, batch: ReadModelBatch, statements: VersionStatements): void {
    const partition = batch.partition ?? 0;
    // Read again inside the write lock: another process may have written since.
    const current = this.meta.partition.get(ref.projection, ref.version, partition);
    if (!current || current.checkpoint !== batch.expectedCheckpoint || !buildAsExpected(batch, current.build))
      throw new CheckpointConflictError(ref);
    for (const write of batch.writes) this.write(statements, write);
    this.meta.setCheckpoint.run(batch.checkpoint, ref.projection, ref.version, partition);
    if (batch.build !== undefined)
      this.meta.setBuild.run(encodeBuild(batch.build), ref.projection, ref.version, partition);
    if (batch.activate) {
      this.meta.markCaughtUp.run(ref.projection, ref.version, partition);
      if ((this.meta.notCaughtUp.get(ref.projection, ref.version)?.n ?? 0) === 0) {
        this.meta.deactivateAll.run(ref.projection);
        this.meta.activate.run(ref.projection, ref.version);
      }
    }
  }

  private write(statements: VersionStatements, write: DocumentWrite): void {
    const { key, document } = write;
    const { practiceId, collection, id } = key;
    let previousLists = write.previousLists;
    let existed = true;
    if (previousLists === undefined) {
      const previous = statements.getDocument.get(practiceId, collection, id);
      previousLists = previous ? (JSON.parse(previous.lists) as ListMembership[]) : [];
      existed = previous !== undefined;
    }
    const nextLists = document?.lists ?? [];
    if (!sameLists(previousLists, nextLists)) {
      for (const m of previousLists)
        statements.removeMember.run(practiceId, collection, m.list, m.sortKey, id);
      for (const m of nextLists) statements.addMember.run(practiceId, collection, m.list, m.sortKey, id);
    }
    if (document) {
      statements.putDocument.run(
        practiceId,
        collection,
        id,
        encodeDocument(document.json, this.deflate),
        listsJson(document.lists),
      );
    } else if (existed) {
      statements.deleteDocument.run(practiceId, collection, id);
    }
  }

  async getDocuments(ref: VersionRef, keys: readonly DocumentKey[]): Promise<(StoredDocument | undefined)[]> {
    return this.guard(ref, (statements) =>
      keys.map((key) => {
        const row = statements.getDocument.get(key.practiceId, key.collection, key.id);
        return row
          ? { json: decodeDocument(row.json), lists: JSON.parse(row.lists) as ListMembership[] }
          : undefined;
      }),
    );
  }

  async list(ref: VersionRef, query: ListQuery): Promise<readonly ListedDocument[]> {
    const gte = query.gte ?? '';
    const after = query.after && query.after.sortKey >= gte ? query.after : { sortKey: gte, id: '' };
    return this.guard(ref, (statements) => {
      const rows = statements.list.all(
        query.practiceId,
        query.collection,
        query.list,
        after.sortKey,
        after.id,
        query.lt ?? '\uffff',
        Math.max(0, Math.min(query.limit, MAX_LIST_READ)),
      );
      return rows.map((row) => ({ sortKey: row.sortKey, id: row.id, json: decodeDocument(row.json) }));
    });
  }

  /** Tables dropped by another process (a rebuild elsewhere) make cached statements fail: say so clearly. */
  private guard<T>(ref: VersionRef, read: (statements: VersionStatements) => T): T {
    const statements = this.statementsFor(ref);
    try {
      return read(statements);
    } catch (error) {
      if (error instanceof Error && /no such table/.test(error.message)) {
        this.statements.delete(cacheKey(ref));
        throw new VersionNotFoundError(ref);
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }

  /** Prepared once per version; a version dropped by another process surfaces as VersionNotFoundError. */
  private statementsFor(ref: VersionRef): VersionStatements {
    const key = cacheKey(ref);
    let statements = this.statements.get(key);
    if (!statements) {
      if (!this.meta.version.get(ref.projection, ref.version)) throw new VersionNotFoundError(ref);
      statements = versionTables(this.db, ref).prepare();
      this.statements.set(key, statements);
    }
    return statements;
  }
}

const cacheKey = (ref: VersionRef): string => `${ref.projection}#${ref.version}`;

const NO_LISTS = '[]';
const listsJson = (lists: readonly ListMembership[]): string =>
  lists.length === 0 ? NO_LISTS : JSON.stringify(lists);
