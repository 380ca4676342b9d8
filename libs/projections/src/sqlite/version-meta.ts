import type Database from 'better-sqlite3';

/**
 * The bookkeeping of a SQLite read-model file: its versions (active, built, layout, partition count),
 * each version's partitions (checkpoint, caught up) and the version counters, and the statements over them.
 */
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
  build      TEXT,
  PRIMARY KEY (projection, version, partition)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rm_counters (
  projection   TEXT    PRIMARY KEY,
  last_version INTEGER NOT NULL
) WITHOUT ROWID;
`;

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
  build: string | null;
}

/** Creates or brings up to date the bookkeeping tables, and prepares their statements. */
export function openVersionMeta(db: Database.Database) {
  db.exec(META_SCHEMA);
  addColumn(db, 'rm_versions', 'built', 'INTEGER NOT NULL DEFAULT 0');
  addColumn(db, 'rm_versions', 'layout', 'INTEGER NOT NULL DEFAULT 1');
  addColumn(db, 'rm_versions', 'partitions', 'INTEGER NOT NULL DEFAULT 1');
  addColumn(db, 'rm_partitions', 'build', 'TEXT');
  // Versions made before partitions kept their checkpoint in rm_versions: it becomes partition 0's.
  db.exec(`INSERT OR IGNORE INTO rm_partitions (projection, version, partition, checkpoint, caught_up)
      SELECT projection, version, 0, checkpoint, built FROM rm_versions`);
  return {
    active: db.prepare<[string], { version: number; built: number; layout: number; partitions: number }>(
      'SELECT version, built, layout, partitions FROM rm_versions WHERE projection = ? AND active = 1',
    ),
    versions: db.prepare<[string], VersionRow>(
      'SELECT version, active, layout, partitions FROM rm_versions WHERE projection = ? ORDER BY version',
    ),
    version: db.prepare<[string, number], VersionRow>(
      'SELECT version, active, layout, partitions FROM rm_versions WHERE projection = ? AND version = ?',
    ),
    partitions: db.prepare<[string], PartitionRow>(
      `SELECT version, partition, checkpoint, caught_up, build FROM rm_partitions WHERE projection = ?
         ORDER BY version, partition`,
    ),
    versionPartitions: db.prepare<[string, number], PartitionRow>(
      `SELECT version, partition, checkpoint, caught_up, build FROM rm_partitions
         WHERE projection = ? AND version = ? ORDER BY partition`,
    ),
    partition: db.prepare<[string, number, number], PartitionRow>(
      `SELECT version, partition, checkpoint, caught_up, build FROM rm_partitions
         WHERE projection = ? AND version = ? AND partition = ?`,
    ),
    insertPartition: db.prepare(
      'INSERT INTO rm_partitions (projection, version, partition) VALUES (?, ?, ?)',
    ),
    deletePartitions: db.prepare('DELETE FROM rm_partitions WHERE projection = ? AND version = ?'),
    setCheckpoint: db.prepare(
      'UPDATE rm_partitions SET checkpoint = ? WHERE projection = ? AND version = ? AND partition = ?',
    ),
    setBuild: db.prepare(
      'UPDATE rm_partitions SET build = ? WHERE projection = ? AND version = ? AND partition = ?',
    ),
    markCaughtUp: db.prepare(
      'UPDATE rm_partitions SET caught_up = 1 WHERE projection = ? AND version = ? AND partition = ?',
    ),
    notCaughtUp: db.prepare<[string, number], { n: number }>(
      'SELECT count(*) AS n FROM rm_partitions WHERE projection = ? AND version = ? AND caught_up = 0',
    ),
    nextVersion: db.prepare<[string], { last_version: number }>(
      `INSERT INTO rm_counters (projection, last_version) VALUES (?, 1)
         ON CONFLICT(projection) DO UPDATE SET last_version = last_version + 1 RETURNING last_version`,
    ),
    insertVersion: db.prepare(
      'INSERT INTO rm_versions (projection, version, active, layout, partitions) VALUES (?, ?, ?, ?, ?)',
    ),
    deleteVersion: db.prepare('DELETE FROM rm_versions WHERE projection = ? AND version = ?'),
    deactivateAll: db.prepare('UPDATE rm_versions SET active = 0 WHERE projection = ?'),
    activate: db.prepare('UPDATE rm_versions SET active = 1, built = 1 WHERE projection = ? AND version = ?'),
  };
}

export type VersionMeta = ReturnType<typeof openVersionMeta>;

/**
 * Files made before versions had a built mark or a layout get the column: unbuilt (their projector marks
 * its version built when it next catches up), layout 1 (the layout of the read models of that time); their
 * partitions no build's progress (progress then counts from the checkpoint, as before).
 */
function addColumn(db: Database.Database, table: string, name: string, definition: string): void {
  const columns = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`).all();
  if (columns.some((c) => c.name === name)) return;
  try {
    db.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${definition}`);
  } catch (error) {
    // Another connection (the projector thread) added it first.
    if (!(error instanceof Error && /duplicate column/i.test(error.message))) throw error;
  }
}
