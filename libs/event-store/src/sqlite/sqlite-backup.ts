import Database from 'better-sqlite3';
import { positionOf, type GlobalPosition } from '../position';

/** What an event store file holds, read in one transaction. */
export interface SqliteStoreContents {
  readonly events: number;
  readonly streams: number;
  /** The last event's position; undefined for an empty store. */
  readonly lastPosition: GlobalPosition | undefined;
}

export class NotAnEventStoreError extends Error {
  override readonly name = 'NotAnEventStoreError';
}

/**
 * An error SQLite raised, by its code rather than by class: better-sqlite3 registers its error class once
 * per process, so where modules are loaded more than once (test runners) `instanceof` can miss.
 */
function sqliteErrorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** SQLite says another connection holds the lock (SQLITE_BUSY, SQLITE_LOCKED and their extended codes). */
const isBusy = (error: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(sqliteErrorCode(error) ?? '');

function openExisting(filename: string): Database.Database {
  try {
    const db = new Database(filename, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (error) {
    if (sqliteErrorCode(error) || error instanceof TypeError)
      throw new NotAnEventStoreError(`${filename} cannot be opened as a SQLite database`);
    throw error;
  }
}

function contentsOf(db: Database.Database, filename: string): SqliteStoreContents {
  const read = db.transaction(() => {
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((t) => t.name);
    if (!tables.includes('events') || !tables.includes('streams'))
      throw new NotAnEventStoreError('the file is a SQLite database but not an event store');
    const events = db
      .prepare<[], { n: number; last: number | null }>(
        'SELECT COUNT(*) AS n, MAX(position) AS last FROM events',
      )
      .get();
    const streams = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM streams').get();
    return {
      events: events?.n ?? 0,
      streams: streams?.n ?? 0,
      lastPosition: events?.last == null ? undefined : positionOf(events.last),
    };
  });
  try {
    return read();
  } catch (error) {
    const code = sqliteErrorCode(error);
    if (code && !isBusy(error))
      throw new NotAnEventStoreError(`${filename} cannot be read as a SQLite database (${code})`);
    throw error;
  }
}

/** Counts what an existing event store file holds (a store in use by others included). */
export function sqliteStoreContents(filename: string): SqliteStoreContents {
  const db = openExisting(filename);
  try {
    return contentsOf(db, filename);
  } finally {
    db.close();
  }
}

/** `PRAGMA integrity_check`: the problems SQLite finds in the file, none when it is sound. */
export function sqliteIntegrityProblems(filename: string, maxProblems = 20): string[] {
  const db = openExisting(filename);
  try {
    const rows = db.pragma(`integrity_check(${maxProblems})`, { simple: false }) as {
      integrity_check: string;
    }[];
    const problems = rows.map((r) => r.integrity_check);
    return problems.length === 1 && problems[0] === 'ok' ? [] : problems;
  } catch (error) {
    const code = sqliteErrorCode(error);
    if (code) return [`${code}: ${error instanceof Error ? error.message : ''}`];
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Whether another connection has the file open: the api, the projector, another command. In WAL mode
 * every open connection keeps a shared lock on the database file, so an exclusive lock can only be had
 * when nobody else has it open (which is also how SQLite's last connection knows it may delete the WAL).
 */
export function isSqliteStoreInUse(filename: string): boolean {
  const db = openExisting(filename);
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (error) {
    if (isBusy(error)) return true;
    const code = sqliteErrorCode(error);
    if (code) throw new NotAnEventStoreError(`${filename} cannot be read as a SQLite database (${code})`);
    throw error;
  } finally {
    db.close();
  }
}

/** Pages per backup step: all of them, so the copy is one read transaction (see copySqliteStore). */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies an event store file with SQLite's online backup API while others may be appending to it. The
 * whole file is copied in one backup step, which reads in a single transaction: the copy is the store
 * as it stood at one instant, with every transaction committed by then and none after it (in WAL mode
 * the writers are not held up meanwhile). The destination is overwritten. Returns what the copy holds.
 */
export async function copySqliteStore(source: string, destination: string): Promise<SqliteStoreContents> {
  const db = openExisting(source);
  try {
    contentsOf(db, source);
    await db.backup(destination, { progress: () => ALL_PAGES });
  } finally {
    db.close();
  }
  return sqliteStoreContents(destination);
}

/**
 * Leaves a copy as one self-contained file (rollback journal mode: no `-wal` beside it holding part of it),
 * so it can be renamed, moved or hashed on its own. Whoever opens it as the event store puts it back in WAL.
 */
export function sealSqliteCopy(filename: string): void {
  const db = openExisting(filename);
  try {
    const mode = db.pragma('journal_mode = DELETE', { simple: true });
    if (mode !== 'delete') throw new Error(`${filename} could not leave WAL mode (${String(mode)})`);
  } finally {
    db.close();
  }
}
