import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { catchUpSubscription } from '../catch-up-subscription';
import { WrongExpectedVersionError } from '../errors';
import { checkExpectedRevision, isIdempotentRetry } from '../expected-revision';
import {
  MAX_PAGE_SIZE,
  type AllStreamFilter,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type JsonObject,
  type NewEvent,
  type ReadAllOptions,
  type ReadAllPage,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamInventory,
  type SubscribeOptions,
  type Subscription,
} from '../port';
import { positionOf, type GlobalPosition } from '../position';

export interface SqliteEventStoreOptions {
  /** A file path, or ':memory:'. */
  readonly filename: string;
  /** SQLite `synchronous` in WAL mode: FULL survives power loss, NORMAL survives a process crash. */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** How often a live subscription looks for appends made by another process on the same file. */
  readonly pollIntervalMs?: number;
}

interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position   INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id  TEXT    NOT NULL,
  revision   INTEGER NOT NULL,
  event_id   TEXT    NOT NULL UNIQUE,
  type       TEXT    NOT NULL,
  data       TEXT    NOT NULL,
  metadata   TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE TABLE IF NOT EXISTS streams (
  stream_id  TEXT    PRIMARY KEY,
  revision   INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** Pages of readAll kept for followers asking the same question (one per read model, a few batches apart). */
const RECENT_PAGES = 16;
/** The largest page kept: a subscription's. */
const SHARED_PAGE_MAX = 512;

/** An append's result, and whether it wrote (an idempotent retry does not). */
interface Appended extends AppendResult {
  readonly wrote: boolean;
}

type AppendOutcome = { ok: true; result: Appended } | { ok: false; error: unknown };

/** Stream ends remembered at most; past it they are forgotten and learnt again. */
const MAX_STREAM_ENDS = 100_000;

interface PendingAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The embedded default: one SQLite file in WAL mode. Appends that arrive while the event loop is busy
 * are committed together (group commit): each in its own savepoint, so one refused append leaves the
 * others alone, and all in one transaction, so with `synchronous = FULL` they share one fsync. No append
 * is acknowledged before the commit that holds it.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly appended = new EventEmitter();
  private readonly pollIntervalMs: number;
  private readonly statements;
  private pending: PendingAppend[] = [];
  /**
   * Per stream, a revision at or past its end: reading forwards from there finds nothing, so a command
   * bringing a cached state up to date (nearly always nothing new) costs no query. Learnt from this
   * connection's commits and from reads that reached a stream's end; forgotten whenever another
   * connection commits (`PRAGMA data_version` changes).
   */
  private readonly streamEnds = new Map<string, number>();
  private streamEndsVersion = -1;
  /**
   * `PRAGMA data_version` is read once per turn of the event loop (it was 5% of the api's CPU, read for
   * each stream a command loads). A commit elsewhere is then seen from the next turn on: a read racing
   * that commit could have missed it anyway, and an append decided on the older state is refused by
   * its expected revision and decided again in a later turn.
   */
  private versionReadThisTurn = false;
  private readonly nextTurn = (): void => {
    this.versionReadThisTurn = false;
  };
  /** readAll's statements, by the filter's SQL. */
  private readonly matchingAfter = new Map<string, Database.Statement<(string | number)[], EventRow>>();
  /** A page's rows and the store's head, read in one snapshot. */
  private readonly readPage: (
    statement: Database.Statement<(string | number)[], EventRow>,
    parameters: (string | number)[],
  ) => EventRow[] & { head: number };
  /** Pages of readAll by their question, each with the store's last position when it was read. */
  private readonly recentPages = new Map<string, { head: number; page: ReadAllPage }>();
  /** One transaction for a group; each append in it runs in a savepoint and stands or falls alone. */
  private readonly commitGroup: Database.Transaction<(group: readonly PendingAppend[]) => AppendOutcome[]>;

  constructor(options: SqliteEventStoreOptions) {
    this.db = new Database(options.filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.appended.setMaxListeners(0);
    this.statements = {
      streamRevision: this.db.prepare<[string], { revision: number }>(
        'SELECT revision FROM streams WHERE stream_id = ?',
      ),
      idAt: this.db.prepare<[string, number], { event_id: string }>(
        'SELECT event_id FROM events WHERE stream_id = ? AND revision = ?',
      ),
      insert: this.db.prepare(
        'INSERT INTO events (stream_id, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      upsertStream: this.db.prepare(
        'INSERT INTO streams (stream_id, revision) VALUES (?, ?) ON CONFLICT(stream_id) DO UPDATE SET revision = excluded.revision',
      ),
      positionAt: this.db.prepare<[string, number], { position: number }>(
        'SELECT position FROM events WHERE stream_id = ? AND revision = ?',
      ),
      forwards: this.db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?',
      ),
      backwards: this.db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?',
      ),
      lastPosition: this.db.prepare<[], { position: number | null }>(
        'SELECT MAX(position) AS position FROM events',
      ),
      dataVersion: this.db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
    this.readPage = this.db.transaction((statement, parameters) =>
      Object.assign(statement.all(...parameters), {
        head: this.statements.lastPosition.get()?.position ?? 0,
      }),
    );
    // A transaction function called inside another runs in a savepoint (better-sqlite3).
    const appendInSavepoint = this.db.transaction(this.appendTransaction);
    this.commitGroup = this.db.transaction((group: readonly PendingAppend[]) => {
      // Alone in its transaction, an append needs no savepoint: refused, it rolls the transaction back.
      if (group.length === 1) {
        const [append] = group;
        return [
          { ok: true, result: this.appendTransaction(append.streamId, append.events, append.expected) },
        ];
      }
      return group.map((append): AppendOutcome => {
        try {
          return { ok: true, result: appendInSavepoint(append.streamId, append.events, append.expected) };
        } catch (error) {
          return { ok: false, error };
        }
      });
    });
  }

  private readonly appendTransaction = (
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Appended => {
    const row = this.statements.streamRevision.get(streamId);
    const current = row === undefined ? undefined : BigInt(row.revision);
    if (!checkExpectedRevision(expected, current)) {
      const retry = isIdempotentRetry(
        expected,
        events,
        (revision) => this.statements.idAt.get(streamId, Number(revision))?.event_id,
      );
      if (retry !== undefined) return { ...this.resultAt(streamId, retry), wrote: false };
      throw new WrongExpectedVersionError(streamId, expected, current);
    }
    let revision = current === undefined ? -1 : Number(current);
    let position = 0;
    for (const event of events) {
      revision += 1;
      const info = this.statements.insert.run(
        streamId,
        revision,
        event.id,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
      );
      position = Number(info.lastInsertRowid);
    }
    if (events.length > 0) this.statements.upsertStream.run(streamId, revision);
    return {
      nextExpectedRevision: BigInt(revision),
      position: positionOf(position),
      wrote: events.length > 0,
    };
  };

  private resultAt(streamId: string, revision: bigint): AppendResult {
    const row = this.statements.positionAt.get(streamId, Number(revision));
    return { nextExpectedRevision: revision, position: positionOf(row?.position ?? 0) };
  }

  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ streamId, events, expected, resolve, reject });
      if (this.pending.length === 1) setImmediate(this.commitPending);
    });
  }

  private readonly commitPending = (): void => {
    const group = this.pending;
    this.pending = [];
    if (group.length === 0 || !this.db.open) {
      for (const append of group) append.reject(new Error('The event store is closed.'));
      return;
    }
    let outcomes: AppendOutcome[];
    try {
      outcomes = this.commitGroup.immediate(group);
    } catch (error) {
      // The commit itself failed, or the group's only append was refused: nothing of it was recorded.
      for (const append of group) append.reject(error);
      return;
    }
    let wrote = false;
    group.forEach((append, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) {
        const { nextExpectedRevision, position } = outcome.result;
        if (outcome.result.wrote) {
          wrote = true;
          this.rememberStreamEnd(append.streamId, Number(nextExpectedRevision) + 1);
        }
        append.resolve({ nextExpectedRevision, position });
      } else {
        append.reject(outcome.error);
      }
    });
    if (wrote) this.appended.emit('appended');
  };

  async readStream(streamId: string, options: ReadStreamOptions): Promise<readonly RecordedEvent[]> {
    const max = Math.min(options.maxCount, MAX_PAGE_SIZE);
    if (options.direction === 'backwards') {
      const from =
        options.fromRevision === undefined ? Number.MAX_SAFE_INTEGER : Number(options.fromRevision);
      return this.statements.backwards.all(streamId, from, max).map(toRecorded);
    }
    const from = Number(options.fromRevision ?? 0n);
    this.forgetStreamEndsIfCommittedElsewhere();
    const end = this.streamEnds.get(streamId);
    if (end !== undefined && from >= end) return [];
    const rows = this.statements.forwards.all(streamId, from, max);
    // Fewer than asked: the stream ends here (or before `from`, when nothing was found).
    if (rows.length < max)
      this.rememberStreamEnd(streamId, rows.length > 0 ? rows[rows.length - 1].revision + 1 : from);
    return rows.map(toRecorded);
  }

  private forgetStreamEndsIfCommittedElsewhere(): void {
    if (this.versionReadThisTurn) return;
    this.versionReadThisTurn = true;
    setImmediate(this.nextTurn);
    const version = this.statements.dataVersion.get() as number;
    if (version !== this.streamEndsVersion) {
      this.streamEnds.clear();
      this.streamEndsVersion = version;
    }
  }

  private rememberStreamEnd(streamId: string, end: number): void {
    if (this.streamEnds.size >= MAX_STREAM_ENDS) this.streamEnds.clear();
    this.streamEnds.set(streamId, end);
  }

  async readAll(options: ReadAllOptions): Promise<ReadAllPage> {
    // Several followers of the store (one per read model) ask for the same page as they go live: the page
    // read, parsed and decoded once is shared. A page stands as long as nothing was appended since.
    // Large pages (a rebuild's, a lag scan's) are read once: keeping them would only hold memory.
    if (options.maxCount > SHARED_PAGE_MAX) return this.readAllSync(options);
    const head = this.statements.lastPosition.get()?.position ?? 0;
    const key = `${options.after?.commit ?? ''}\u0000${options.maxCount}\u0000${JSON.stringify(options.filter ?? null)}`;
    const cached = this.recentPages.get(key);
    if (cached && cached.head === head) return cached.page;
    const page = this.readAllSync(options);
    this.recentPages.delete(key);
    this.recentPages.set(key, { head, page });
    if (this.recentPages.size > RECENT_PAGES)
      this.recentPages.delete(this.recentPages.keys().next().value as string);
    return page;
  }

  /**
   * The filter is applied in SQL: rows of streams the reader does not follow (the access log, two thirds
   * of a busy store) are never made into strings. A short page read the store to its end, in the same
   * snapshot as its head, so the head is where the next page starts.
   */
  private readAllSync(options: ReadAllOptions): ReadAllPage {
    const max = Math.max(1, Math.min(options.maxCount, MAX_PAGE_SIZE));
    const after = options.after === undefined ? 0 : Number(options.after.commit);
    const where = filterInSql(options.filter);
    let matching = this.matchingAfter.get(where.sql);
    if (!matching) {
      matching = this.db.prepare<(string | number)[], EventRow>(
        `SELECT * FROM events WHERE position > ? AND ${where.sql} ORDER BY position ASC LIMIT ?`,
      );
      this.matchingAfter.set(where.sql, matching);
    }
    const rows = this.readPage(matching, [after, ...where.parameters, max]);
    const events = rows.map(toRecorded);
    const { head } = rows;
    if (rows.length === max) {
      const last = rows[max - 1].position;
      return { events, lastPosition: positionOf(last), isEnd: last >= head };
    }
    return { events, lastPosition: head > after ? positionOf(head) : options.after, isEnd: true };
  }

  /** Counts in the file instead of reading every event out. */
  async countAll(filter?: AllStreamFilter, range?: { readonly after?: GlobalPosition }): Promise<number> {
    const where = filterInSql(filter);
    const after = range?.after === undefined ? 0 : Number(range.after.commit);
    const row = this.db
      .prepare<(string | number)[], { n: number }>(
        `SELECT COUNT(*) AS n FROM events WHERE position > ? AND ${where.sql}`,
      )
      .get(after, ...where.parameters);
    return row?.n ?? 0;
  }

  async listStreams(filter?: AllStreamFilter): Promise<StreamInventory> {
    const where = filterInSql(filter);
    const streams = this.db.prepare<(string | number)[], { streamId: string; events: number }>(
      `SELECT stream_id AS streamId, COUNT(*) AS events FROM events
       WHERE position <= ? AND ${where.sql} GROUP BY stream_id ORDER BY MIN(position)`,
    );
    // One read transaction: the head and the streams are the same snapshot, whoever else is appending.
    return this.db.transaction(() => {
      const head = this.statements.lastPosition.get()?.position ?? null;
      if (head === null) return { streams: [], lastPosition: undefined };
      return { streams: streams.all(head, ...where.parameters), lastPosition: positionOf(head) };
    })();
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return catchUpSubscription((o) => this.readAll(o), this.appended, options, this.pollIntervalMs);
  }

  /** The file this store is in; undefined for ':memory:', which no other connection can open. */
  get filename(): string | undefined {
    return this.db.memory ? undefined : this.db.name;
  }

  /**
   * Calls `listener` after each commit that recorded events through this connection, so another
   * connection to the file (a projector thread) can be told at once instead of at its next poll.
   */
  onAppended(listener: () => void): () => void {
    this.appended.on('appended', listener);
    return () => this.appended.off('appended', listener);
  }

  /** Another connection to the file recorded events: live subscriptions read now rather than at their next poll. */
  appendedElsewhere(): void {
    this.appended.emit('appended');
  }

  async close(): Promise<void> {
    // Appends already accepted are committed before the file closes.
    if (this.pending.length > 0) this.commitPending();
    this.appended.removeAllListeners();
    if (this.db.open) this.db.close();
  }
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    revision: BigInt(row.revision),
    position: positionOf(row.position),
    type: row.type,
    data: JSON.parse(row.data) as JsonObject,
    metadata: JSON.parse(row.metadata) as JsonObject,
  };
}

/** The filter in SQL, as matchesFilter (../filter.ts) applies it. */
function filterInSql(filter: AllStreamFilter | undefined): { sql: string; parameters: string[] } {
  const conditions = ["substr(stream_id, 1, 1) <> '$'", "substr(type, 1, 1) <> '$'"];
  const parameters: string[] = [];
  if (filter?.streamPrefixes) {
    const prefixes = filter.streamPrefixes.map((prefix) => {
      parameters.push(prefix);
      return 'instr(stream_id, ?) = 1';
    });
    conditions.push(prefixes.length > 0 ? `(${prefixes.join(' OR ')})` : '0');
  }
  if (filter?.eventTypes) {
    parameters.push(...filter.eventTypes);
    conditions.push(`type IN (${filter.eventTypes.map(() => '?').join(', ') || 'NULL'})`);
  }
  return { sql: conditions.join(' AND '), parameters };
}
