import Database from 'better-sqlite3';
import {
  assertProjectionName,
  assertWritesInPartition,
  CheckpointConflictError,
  MAX_LIST_READ,
  sameLists,
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
import { assertPartitionCount, leastCheckpoint } from '../partitions';
import { VersionNotFoundError } from '../version-not-found';
import { versionTables, type VersionStatements } from './version-tables';

export interface SqliteReadModelStoreOptions {
  /** A file path (e.g. `<CCM_DATA_DIR>/read-models.sqlite`) or ':memory:'. */
  readonly filename: string;
  /**
   * Read models can always be rebuilt from the event store, so NORMAL (survives a process crash, may lose
   * the last transactions on power loss) is the default.
   */
  readonly synchronous?: 'FULL' | 'NORMAL';
}

const META_SCHEMA = `
CREATE TABLE IF NOT EXISTS rm_versions (
  projection TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  checkpoint TEXT,
  active     INTEGER NOT NULL DEFAULT 0,
  built      INTEGER NOT NULL DEFAULT 0,
  layout     INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (projection, version)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rm_partitions (
  projection TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  partition  INTEGER NOT NULL,
  checkpoint TEXT,
  caught_up  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (projection, version, partition)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rm_counters (
  projection   TEXT    PRIMARY KEY,
  last_version INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** Page size of a new read-model file (SQLite's default is 4096). */
export const PAGE_SIZE = 16_384;

interface VersionRow {
  version: number;
  active: number;
  layout: number;
  partitions: number;
}

interface PartitionRow {
  version: number;
  partition: number;
  checkpoint: string | null;
  caught_up: number;
}

/** The embedded default: one SQLite file (WAL), two tables per projection version, one transaction per batch. */
export class SqliteReadModelStore implements ReadModelStore {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, VersionStatements>();
  private readonly meta;

  constructor(options: SqliteReadModelStoreOptions) {
    this.db = new Database(options.filename);
    // Documents are kilobytes: larger pages keep them out of overflow chains. Only a new file takes it.
    this.db.pragma(`page_size = ${PAGE_SIZE}`);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(META_SCHEMA);
    addColumn(this.db, 'built', 'INTEGER NOT NULL DEFAULT 0');
    addColumn(this.db, 'layout', 'INTEGER NOT NULL DEFAULT 1');
    addColumn(this.db, 'partitions', 'INTEGER NOT NULL DEFAULT 1');
    // Versions made before partitions kept their checkpoint in rm_versions: it becomes partition 0's.
    this.db.exec(`INSERT OR IGNORE INTO rm_partitions (projection, version, partition, checkpoint, caught_up)
      SELECT projection, version, 0, checkpoint, built FROM rm_versions`);
    this.meta = {
      active: this.db.prepare<
        [string],
        { version: number; built: number; layout: number; partitions: number }
      >('SELECT version, built, layout, partitions FROM rm_versions WHERE projection = ? AND active = 1'),
      versions: this.db.prepare<[string], VersionRow>(
        'SELECT version, active, layout, partitions FROM rm_versions WHERE projection = ? ORDER BY version',
      ),
      version: this.db.prepare<[string, number], VersionRow>(
        'SELECT version, active, layout, partitions FROM rm_versions WHERE projection = ? AND version = ?',
      ),
      partitions: this.db.prepare<[string], PartitionRow>(
        `SELECT version, partition, checkpoint, caught_up FROM rm_partitions WHERE projection = ?
         ORDER BY version, partition`,
      ),
      versionPartitions: this.db.prepare<[string, number], PartitionRow>(
        `SELECT version, partition, checkpoint, caught_up FROM rm_partitions
         WHERE projection = ? AND version = ? ORDER BY partition`,
      ),
      partition: this.db.prepare<[string, number, number], PartitionRow>(
        `SELECT version, partition, checkpoint, caught_up FROM rm_partitions
         WHERE projection = ? AND version = ? AND partition = ?`,
      ),
      insertPartition: this.db.prepare(
        'INSERT INTO rm_partitions (projection, version, partition) VALUES (?, ?, ?)',
      ),
      deletePartitions: this.db.prepare('DELETE FROM rm_partitions WHERE projection = ? AND version = ?'),
      setCheckpoint: this.db.prepare(
        'UPDATE rm_partitions SET checkpoint = ? WHERE projection = ? AND version = ? AND partition = ?',
      ),
      markCaughtUp: this.db.prepare(
        'UPDATE rm_partitions SET caught_up = 1 WHERE projection = ? AND version = ? AND partition = ?',
      ),
      notCaughtUp: this.db.prepare<[string, number], { n: number }>(
        'SELECT count(*) AS n FROM rm_partitions WHERE projection = ? AND version = ? AND caught_up = 0',
      ),
      nextVersion: this.db.prepare<[string], { last_version: number }>(
        `INSERT INTO rm_counters (projection, last_version) VALUES (?, 1)
         ON CONFLICT(projection) DO UPDATE SET last_version = last_version + 1 RETURNING last_version`,
      ),
      insertVersion: this.db.prepare(
        'INSERT INTO rm_versions (projection, version, active, layout, partitions) VALUES (?, ?, ?, ?, ?)',
      ),
      deleteVersion: this.db.prepare('DELETE FROM rm_versions WHERE projection = ? AND version = ?'),
      deactivateAll: this.db.prepare('UPDATE rm_versions SET active = 0 WHERE projection = ?'),
      activate: this.db.prepare(
        'UPDATE rm_versions SET active = 1, built = 1 WHERE projection = ? AND version = ?',
      ),
    };
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
    const checkpoints = new Map<number, (string | null)[]>();
    for (const row of this.meta.partitions.all(projection)) {
      const list = checkpoints.get(row.version) ?? [];
      list[row.partition] = row.checkpoint;
      checkpoints.set(row.version, list);
    }
    return this.meta.versions.all(projection).map((row) => {
      const list = checkpoints.get(row.version) ?? [];
      return {
        version: row.version,
        checkpoint: leastCheckpoint(list),
        checkpoints: list,
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
    const row = this.meta.version.get(ref.projection, ref.version);
    if (!row) throw new CheckpointConflictError(ref);
    assertWritesInPartition(ref, batch, row.partitions);
    const partition = batch.partition ?? 0;
    const statements = this.statementsFor(ref);
    this.db
      .transaction(() => {
        // Read again inside the write lock: another process may have written since.
        const current = this.meta.partition.get(ref.projection, ref.version, partition);
        if (!current || current.checkpoint !== batch.expectedCheckpoint)
          throw new CheckpointConflictError(ref);
        for (const write of batch.writes) this.write(statements, write);
        this.meta.setCheckpoint.run(batch.checkpoint, ref.projection, ref.version, partition);
        if (batch.activate) {
          this.meta.markCaughtUp.run(ref.projection, ref.version, partition);
          if ((this.meta.notCaughtUp.get(ref.projection, ref.version)?.n ?? 0) === 0) {
            this.meta.deactivateAll.run(ref.projection);
            this.meta.activate.run(ref.projection, ref.version);
          }
        }
      })
      .immediate();
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
      statements.putDocument.run(practiceId, collection, id, document.json, listsJson(document.lists));
    } else if (existed) {
      statements.deleteDocument.run(practiceId, collection, id);
    }
  }

  async getDocuments(ref: VersionRef, keys: readonly DocumentKey[]): Promise<(StoredDocument | undefined)[]> {
    return this.guard(ref, (statements) =>
      keys.map((key) => {
        const row = statements.getDocument.get(key.practiceId, key.collection, key.id);
        return row ? { json: row.json, lists: JSON.parse(row.lists) as ListMembership[] } : undefined;
      }),
    );
  }

  async list(ref: VersionRef, query: ListQuery): Promise<readonly ListedDocument[]> {
    const gte = query.gte ?? '';
    const after = query.after && query.after.sortKey >= gte ? query.after : { sortKey: gte, id: '' };
    return this.guard(ref, (statements) =>
      statements.list.all(
        query.practiceId,
        query.collection,
        query.list,
        after.sortKey,
        after.id,
        query.lt ?? '\uffff',
        Math.max(0, Math.min(query.limit, MAX_LIST_READ)),
      ),
    );
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

/**
 * Files made before versions had a built mark or a layout get the column: unbuilt (their projector marks
 * its version built when it next catches up), layout 1 (the layout of the read models of that time).
 */
function addColumn(db: Database.Database, name: string, definition: string): void {
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('rm_versions')").all();
  if (columns.some((c) => c.name === name)) return;
  try {
    db.exec(`ALTER TABLE rm_versions ADD COLUMN ${name} ${definition}`);
  } catch (error) {
    // Another connection (the projector thread) added it first.
    if (!(error instanceof Error && /duplicate column/i.test(error.message))) throw error;
  }
}
