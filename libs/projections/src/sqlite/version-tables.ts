import type Database from 'better-sqlite3';
import type { ListedDocument, VersionRef } from '../read-model-store';

interface DocumentRow {
  json: string;
  lists: string;
}

export interface VersionStatements {
  readonly getDocument: Database.Statement<[string, string, string], DocumentRow>;
  readonly putDocument: Database.Statement<[string, string, string, string, string]>;
  readonly deleteDocument: Database.Statement<[string, string, string]>;
  readonly addMember: Database.Statement<[string, string, string, string, string]>;
  readonly removeMember: Database.Statement<[string, string, string, string, string]>;
  /**
   * Row values keep the seek on the primary key: an OR here made SQLite scan the list from its start.
   * Columns are named as ListedDocument's fields, so rows are returned as they come, not copied.
   */
  readonly list: Database.Statement<[string, string, string, string, string, string, number], ListedDocument>;
}

/** A version's two tables, quoted for SQL: documents and list memberships. */
export function versionTableNames(ref: VersionRef): { readonly docs: string; readonly lists: string } {
  const base = `rm_${ref.projection.replace(/-/g, '_')}_v${ref.version}`;
  return { docs: `"${base}_docs"`, lists: `"${base}_lists"` };
}

/**
 * A version's tables carry its number as a suffix, so a rebuild fills new tables beside the live ones.
 * Documents (often kilobytes) live in a rowid table: in a WITHOUT ROWID table every insert moves whole
 * rows around the primary key's B-tree, which made writes several times slower. Versions created
 * before keep their layout; the statements work on both.
 */
export function versionTables(db: Database.Database, ref: VersionRef) {
  const { docs, lists } = versionTableNames(ref);
  return {
    create(): void {
      db.exec(`
        CREATE TABLE IF NOT EXISTS ${docs} (
          practice   TEXT NOT NULL,
          collection TEXT NOT NULL,
          id         TEXT NOT NULL,
          json       TEXT NOT NULL,
          lists      TEXT NOT NULL,
          PRIMARY KEY (practice, collection, id)
        );
        CREATE TABLE IF NOT EXISTS ${lists} (
          practice   TEXT NOT NULL,
          collection TEXT NOT NULL,
          list       TEXT NOT NULL,
          sort_key   TEXT NOT NULL,
          id         TEXT NOT NULL,
          PRIMARY KEY (practice, collection, list, sort_key, id)
        ) WITHOUT ROWID;`);
    },
    drop(): void {
      db.exec(`DROP TABLE IF EXISTS ${docs}; DROP TABLE IF EXISTS ${lists};`);
    },
    prepare(): VersionStatements {
      return {
        getDocument: db.prepare(
          `SELECT json, lists FROM ${docs} WHERE practice = ? AND collection = ? AND id = ?`,
        ),
        putDocument: db.prepare(
          `INSERT INTO ${docs} (practice, collection, id, json, lists) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (practice, collection, id) DO UPDATE SET json = excluded.json, lists = excluded.lists`,
        ),
        deleteDocument: db.prepare(`DELETE FROM ${docs} WHERE practice = ? AND collection = ? AND id = ?`),
        addMember: db.prepare(
          `INSERT OR IGNORE INTO ${lists} (practice, collection, list, sort_key, id) VALUES (?, ?, ?, ?, ?)`,
        ),
        removeMember: db.prepare(
          `DELETE FROM ${lists} WHERE practice = ? AND collection = ? AND list = ? AND sort_key = ? AND id = ?`,
        ),
        list: db.prepare(
          `SELECT l.sort_key AS sortKey, l.id AS id, d.json AS json FROM ${lists} l
           JOIN ${docs} d ON d.practice = l.practice AND d.collection = l.collection AND d.id = l.id
           WHERE l.practice = ? AND l.collection = ? AND l.list = ?
             AND (l.sort_key, l.id) > (?, ?) AND l.sort_key < ?
           ORDER BY l.sort_key, l.id LIMIT ?`,
        ),
      };
    },
  };
}
