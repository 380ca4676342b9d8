/**
 * Read-model rebuild throughput and the billing month list, on both read-model stores:
 *  - rebuild of every read model from a SQLite event store holding a synthetic clinic (10,000 patients by
 *    default, seeded through the real command path), into SQLite and into Redis (a private redis-server);
 *  - the limit, measured in the same run: the same number of documents of the same sizes, written with
 *    plain better-sqlite3 inserts (one transaction per batch, into a file with the store's page size and
 *    a rowid table like the store's) and with pipelined Redis HSETs (one pipeline per batch), expressed
 *    as events/s over the same events;
 *  - the billing month list of all patients for the clinic's last month, paged 1,000 at a time through
 *    the read model as the api sends it (each page's JSON text, its parts encoded as UTF-8 buffers as the
 *    api writes them), against a raw read of the same rows
 *    and a JSON.parse of each (best of 5, each after a full GC); the raw read alone is in the detail.
 *
 *   npx ts-node --transpile-only -r ./scripts/register-aliases.js bench/projection-rebuild.ts \
 *     [--patients=10000] [--months=1] [--batch=20000] [--fresh] [--stores=sqlite,redis] [--sizes]
 *     [--order=interleaved|by-patient] [--rebuild-order=by-stream|store] [--reads=0] [--deflate]
 *
 * `--order` is how the seeded store holds the events; `--rebuild-order` how the rebuild reads them (a
 * group of streams at a time, the default, or the store in order).
 * `--stores` limits the run to some stores (e.g. `--stores=sqlite` to profile with `node --cpu-prof`);
 * `--sizes` prints, per projection and collection, how many documents and bytes the rebuild wrote.
 * `--deflate` has the SQLite store keep large documents deflated, as the Redis store does by default.
 *
 * The seeded event store is kept in the temp directory and reused by later runs with the same
 * parameters (`--fresh` seeds again); seeding is not what this benchmark measures.
 */
import Database from 'better-sqlite3';
import Redis from 'ioredis';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SqliteEventStore, type EventStore, type GlobalPosition, type RecordedEvent } from '@ccm/event-store';
import {
  ALL_PROJECTIONS,
  PATIENT_MONTHS,
  ReadModelQueries,
  RedisReadModelStore,
  rebuildProjections,
  SqliteReadModelStore,
  type RebuildProgress,
  type ReadModelBatch,
  type ReadModelStore,
  type VersionRef,
} from '@ccm/projections';
import { partitionOf } from '../libs/projections/src/partitions';
import { decodeDocument, DEFLATE_FROM_CHARS } from '../libs/projections/src/document-codec';
import { redisKeys } from '../libs/projections/src/redis/redis-keys';
import { PAGE_SIZE } from '../libs/projections/src/sqlite/sqlite-read-model-store';
import { versionTableNames } from '../libs/projections/src/sqlite/version-tables';
import { startRedisServer } from '../libs/projections/src/testing/redis-server';
import {
  appendRounds,
  interleavedRounds,
  seededClinicEvents,
  streamRuns,
} from '../libs/projections/src/testing/seeded-clinic-events';
import { logReads } from './lib/access-reads';
import { argValue, fmt, hasFlag, now, numberArg, peakRssMb, settle, tempDir } from './lib/measure';
import { printRows, row, type BenchRow } from './lib/report';

const PRACTICE = 'bench-clinic';
const LAST_DAY = '2026-03-31';

interface WriteShape {
  readonly key: string;
  readonly bytes: number;
  /** `projection/collection`, for `--sizes`. */
  readonly kind: string;
}

/** Counts what a store is asked to write, so the raw baseline can write as much. */
function recording(store: ReadModelStore): { store: ReadModelStore; batches: WriteShape[][] } {
  const batches: WriteShape[][] = [];
  const wrapper = Object.create(store) as ReadModelStore;
  wrapper.applyBatch = (ref: VersionRef, batch: ReadModelBatch) => {
    if (batch.writes.length > 0) {
      batches.push(
        batch.writes.map((w) => ({
          key: `${w.key.practiceId}\u0000${w.key.collection}\u0000${w.key.id}`,
          bytes: w.document?.json.length ?? 0,
          kind: `${ref.projection}/${w.key.collection}`,
        })),
      );
    }
    return store.applyBatch(ref, batch);
  };
  return { store: wrapper, batches };
}

/** Bytes the events themselves take as JSON (data and metadata), the yardstick of what a rebuild writes. */
async function eventBytes(store: EventStore): Promise<{ events: number; bytes: number }> {
  let after: GlobalPosition | undefined;
  let events = 0;
  let bytes = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 4096 });
    for (const e of page.events) {
      events += 1;
      bytes += JSON.stringify(e.data).length + JSON.stringify(e.metadata).length;
    }
    after = page.lastPosition;
    if (page.isEnd) return { events, bytes };
  }
}

const LIST_ROUNDS = 5;

// A full collection before each timed list, so the garbage the rebuild left is not collected inside it.
setFlagsFromString('--expose-gc');
const fullGc = runInNewContext('gc') as () => void;
const quiet = async (): Promise<void> => {
  fullGc();
  await settle();
};

const filler = (bytes: number): string => JSON.stringify({ d: 'x'.repeat(Math.max(0, bytes - 8)) });

/**
 * `by-patient`: each patient's events one after the other, as the generator seeds them. `interleaved`: one
 * event of each patient in turn, as a clinic records them over a month (many patients a day, each a few
 * times a month), so a batch of events touches many patients once rather than a few patients many times.
 * Non-patient streams (the practice) come first. Each stream keeps its own order.
 */
type EventOrder = 'interleaved' | 'by-patient';

async function seededEventStore(
  patients: number,
  months: number,
  order: EventOrder,
  fresh: boolean,
  reads: number,
): Promise<string> {
  const filename = join(
    tmpdir(),
    `ccm-bench-projection-events-${patients}-${months}-${order}${reads > 0 ? `-reads${reads}` : ''}.sqlite`,
  );
  if (existsSync(filename) && !fresh) {
    process.stderr.write(`using the seeded event store ${filename}\n`);
    return filename;
  }
  process.stderr.write(
    `seeding ${patients} patients × ${months} month(s) through the command path (once)...\n`,
  );
  const seeded = await seededClinicEvents({
    practiceId: PRACTICE,
    patients,
    months,
    seed: 11,
    lastDay: LAST_DAY,
  });
  const partial = `${filename}.${process.pid}.partial`;
  rmSync(partial, { force: true });
  const sqlite = new SqliteEventStore({ filename: partial, synchronous: 'NORMAL' });
  // Runs of consecutive events of one stream, each one append; appends of a round go in one commit.
  const rounds: RecordedEvent[][][] =
    order === 'by-patient' ? streamRuns(seeded).map((run) => [run]) : interleavedRounds(seeded);
  await appendRounds(sqlite, rounds);
  if (reads > 0) await logReads(sqlite, PRACTICE, seeded, reads);
  await sqlite.close();
  renameSync(partial, filename);
  return filename;
}

interface Rebuilt {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly events: number;
  readonly batches: WriteShape[][];
}

async function rebuildInto(
  label: string,
  store: ReadModelStore,
  events: SqliteEventStore,
  batchSize: number | undefined,
  rebuildOrder: 'by-stream' | 'store',
): Promise<Rebuilt> {
  const recorded = recording(store);
  let last: RebuildProgress | undefined;
  let lastPrinted = 0;
  const started = now();
  const cpu = process.cpuUsage();
  await rebuildProjections({
    eventStore: events,
    readModels: recorded.store,
    projections: ALL_PROJECTIONS,
    batchSize,
    dropDelayMs: 0,
    order: rebuildOrder,
    onProgress: (p) => {
      last = p;
      if (now() - lastPrinted > 2000) {
        lastPrinted = now();
        const left = p.secondsLeft === null ? '?' : `${Math.round(p.secondsLeft)}s`;
        process.stderr.write(
          `  ${label} ${p.phase}: ${p.eventsDone}/${p.eventsTotal} events, ${p.eventsPerSecond}/s, ${left} left\n`,
        );
      }
    },
  });
  const seconds = (now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    events: last?.eventsDone ?? 0,
    batches: recorded.batches,
  };
}

function rawSqliteSeconds(batches: readonly WriteShape[][], dir: string): number {
  const db = new Database(join(dir, 'raw.sqlite'));
  // The store's own file layout (page size, documents in a rowid table), so this stays the limit for it.
  db.pragma(`page_size = ${PAGE_SIZE}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE docs (k TEXT PRIMARY KEY, json TEXT NOT NULL)');
  const insert = db.prepare(
    'INSERT INTO docs (k, json) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET json = excluded.json',
  );
  const write = db.transaction((batch: readonly WriteShape[]) => {
    for (const w of batch) insert.run(w.key, filler(w.bytes));
  });
  const started = now();
  for (const batch of batches) write(batch);
  const seconds = (now() - started) / 1000;
  db.close();
  return seconds;
}

async function rawRedisSeconds(batches: readonly WriteShape[][], url: string): Promise<number> {
  const client = new Redis(url);
  await client.flushall();
  const started = now();
  for (const batch of batches) {
    const pipeline = client.pipeline();
    for (const w of batch) pipeline.hset(`raw:${w.key.split('\u0000')[1]}`, w.key, filler(w.bytes));
    await pipeline.exec();
  }
  const seconds = (now() - started) / 1000;
  client.disconnect();
  return seconds;
}

async function listAll(
  store: ReadModelStore,
  events: EventStore,
  month: string,
): Promise<{ ms: number; lines: number }> {
  const queries = new ReadModelQueries(store, events);
  const timings: number[] = [];
  let lines = 0;
  for (let round = 0; round < LIST_ROUNDS; round++) {
    await quiet();
    const started = now();
    lines = 0;
    let cursor: string | undefined;
    do {
      // The page as the api sends it: its text's parts, each encoded as the api writes it.
      const page = await queries.billingMonthJson(PRACTICE, month, 'all', { limit: 1000, cursor });
      for (const part of page.body.parts) Buffer.from(part, 'utf8');
      lines += page.body.size;
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    timings.push(now() - started);
  }
  return { ms: Math.min(...timings), lines };
}

/** The raw reads, best of LIST_ROUNDS: with JSON.parse of every row (the baseline), and without. */
interface RawList {
  readonly parsed: number;
  readonly unparsed: number;
}

async function bestOf(read: (parse: boolean) => Promise<void> | void): Promise<RawList> {
  const best = async (parse: boolean) => {
    const timings: number[] = [];
    for (let round = 0; round < LIST_ROUNDS; round++) {
      await quiet();
      const started = now();
      await read(parse);
      timings.push(now() - started);
    }
    return Math.min(...timings);
  };
  return { parsed: await best(true), unparsed: await best(false) };
}

/** The driver has already made each row a string; the unparsed read stops there. */
const consume = (json: string | null, parse: boolean): void => {
  if (parse && json !== null) JSON.parse(decodeDocument(json));
};

/** Redis's own count of the memory it uses (INFO memory), in MiB. */
async function usedMemoryMib(url: string): Promise<number> {
  const client = new Redis(url);
  try {
    const info = await client.info('memory');
    return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? NaN) / 2 ** 20;
  } finally {
    client.disconnect();
  }
}

/**
 * What the read models keep once rebuilt, as the SQLite file holds it (large documents deflated), and the
 * same documents as JSON text: read after the rebuild, so measuring it costs the rebuild nothing.
 */
async function keptBytes(filename: string): Promise<{ stored: number; json: number }> {
  const store = new SqliteReadModelStore({ filename });
  const db = new Database(filename, { readonly: true });
  let stored = 0;
  let json = 0;
  try {
    for (const projection of ALL_PROJECTIONS) {
      const version = await store.activeVersion(projection.name);
      if (version === undefined) continue;
      const { docs } = versionTableNames({ projection: projection.name, version });
      for (const row of db.prepare<[], { json: string }>(`SELECT json FROM ${docs}`).iterate()) {
        stored += Buffer.byteLength(row.json);
        json += Buffer.byteLength(decodeDocument(row.json));
      }
    }
  } finally {
    db.close();
    await store.close();
  }
  return { stored, json };
}

async function rawListSqliteMs(filename: string, month: string): Promise<RawList> {
  const store = new SqliteReadModelStore({ filename });
  const version = (await store.activeVersion(PATIENT_MONTHS)) as number;
  await store.close();
  const tables = versionTableNames({ projection: PATIENT_MONTHS, version });
  const db = new Database(filename, { readonly: true });
  const statement = db.prepare<[string, string], { json: string }>(
    `SELECT d.json FROM ${tables.lists} l JOIN ${tables.docs} d
       ON d.practice = l.practice AND d.collection = l.collection AND d.id = l.id
     WHERE l.practice = ? AND l.collection = 'billing-line' AND l.list = ? ORDER BY l.sort_key, l.id`,
  );
  const raw = await bestOf((parse) =>
    statement.all(PRACTICE, `billing:${month}:all`).forEach((r) => consume(r.json, parse)),
  );
  db.close();
  return raw;
}

async function rawListRedisMs(url: string, month: string): Promise<RawList> {
  const client = new Redis(url);
  const version = Number(await client.hget(redisKeys.meta(PATIENT_MONTHS), 'active'));
  const partitions = Number(await client.hget(redisKeys.partitions(PATIENT_MONTHS), String(version)));
  const ref = { projection: PATIENT_MONTHS, version, partition: partitionOf(PRACTICE, partitions) };
  const raw = await bestOf(async (parse) => {
    const members = await client.zrange(
      redisKeys.list(ref, PRACTICE, 'billing-line', `billing:${month}:all`),
      '0',
      '-1',
    );
    if (members.length === 0) throw new Error('the raw read found no billing lines: key layout changed?');
    const ids = members.map((m) => m.slice(m.indexOf('\u0000') + 1));
    for (let i = 0; i < ids.length; i += 1000) {
      (
        await client.hmget(redisKeys.documents(ref, PRACTICE, 'billing-line'), ...ids.slice(i, i + 1000))
      ).forEach((j) => consume(j, parse));
    }
  });
  client.disconnect();
  return raw;
}

function printSizes(label: string, batches: readonly WriteShape[][]): void {
  const byKind = new Map<string, { writes: number; bytes: number }>();
  for (const batch of batches) {
    for (const w of batch) {
      const entry = byKind.get(w.kind) ?? { writes: 0, bytes: 0 };
      entry.writes += 1;
      entry.bytes += w.bytes;
      byKind.set(w.kind, entry);
    }
  }
  process.stderr.write(`${label}: documents written by projection/collection\n`);
  for (const [kind, { writes, bytes }] of [...byKind].sort((a, b) => b[1].bytes - a[1].bytes)) {
    process.stderr.write(
      `  ${kind.padEnd(40)} ${String(writes).padStart(8)} writes ${fmt(bytes / 2 ** 20, 1).padStart(8)} MiB  avg ${Math.round(bytes / writes)} B\n`,
    );
  }
}

async function main(): Promise<void> {
  const patients = numberArg('patients', 10_000);
  const months = numberArg('months', 1);
  const batchOption = argValue('batch');
  const batchSize = batchOption === undefined ? undefined : Number(batchOption);
  const fresh = process.argv.includes('--fresh');
  const order = (argValue('order') ?? 'interleaved') as EventOrder;
  if (order !== 'interleaved' && order !== 'by-patient')
    throw new Error('--order must be interleaved or by-patient');
  const rebuildOrder = argValue('rebuild-order') ?? 'by-stream';
  if (rebuildOrder !== 'by-stream' && rebuildOrder !== 'store')
    throw new Error('--rebuild-order must be by-stream or store');
  const stores = (argValue('stores') ?? 'sqlite,redis').split(',');
  const sizes = hasFlag('sizes');
  const month = LAST_DAY.slice(0, 7);
  const eventsFile = await seededEventStore(patients, months, order, fresh, numberArg('reads', 0));
  const dir = tempDir('rebuild');
  const redis = stores.includes('redis') ? await startRedisServer() : undefined;
  const rows: BenchRow[] = [];
  const events = new SqliteEventStore({ filename: eventsFile, synchronous: 'NORMAL' });
  const listRows: BenchRow[] = [];
  const rebuildRow = (
    store: string,
    rebuilt: Rebuilt,
    rawSeconds: number,
    baselineLabel: string,
    detail: string,
  ): BenchRow =>
    row({
      bench: 'projection-rebuild',
      figure: `rebuild all read models of ${patients.toLocaleString('en-US')} patients into ${store}: events/s`,
      value: rebuilt.events / rebuilt.seconds,
      unit: 'events/s',
      baselineLabel,
      baseline: rebuilt.events / rawSeconds,
      better: 'higher',
      rssMb: peakRssMb(),
      detail: `${detail}; rebuild ${fmt(rebuilt.seconds)} s (${fmt(rebuilt.cpuSeconds)} s CPU in this process), raw ${fmt(rawSeconds)} s`,
    });
  const listRow = (
    store: string,
    list: { ms: number; lines: number },
    raw: RawList,
    baselineLabel: string,
    unparsedLabel: string,
  ): BenchRow =>
    row({
      bench: 'projection-rebuild',
      figure: `billing month list of ${list.lines.toLocaleString('en-US')} patients, ${store} read model (pages of 1,000)`,
      value: list.ms,
      unit: 'ms',
      baselineLabel,
      baseline: raw.parsed,
      better: 'lower',
      rssMb: peakRssMb(),
      detail: `best of ${LIST_ROUNDS}, each after a full GC; ${unparsedLabel} ${fmt(raw.unparsed, 1)} ms`,
    });
  try {
    if (stores.includes('sqlite')) {
      const sqliteFile = join(dir.path, 'read-models.sqlite');
      const sqliteStore = new SqliteReadModelStore({
        filename: sqliteFile,
        deflateLargeDocuments: hasFlag('deflate'),
      });
      process.stderr.write('rebuilding into SQLite...\n');
      const intoSqlite = await rebuildInto('sqlite', sqliteStore, events, batchSize, rebuildOrder);
      if (sizes) printSizes('SQLite', intoSqlite.batches);
      const rawSqlite = rawSqliteSeconds(intoSqlite.batches, dir.path);
      const writes = intoSqlite.batches.reduce((n, b) => n + b.length, 0);
      const written = intoSqlite.batches.reduce((n, b) => n + b.reduce((m, w) => m + w.bytes, 0), 0);
      const mib = written / 2 ** 20;
      // Issue 16's yardstick: what the read models write for each event, against the event's own size.
      const own = await eventBytes(events);
      rows.push(
        row({
          bench: 'projection-rebuild',
          figure: `SQLite rebuild: read-model bytes written per event (${ALL_PROJECTIONS.length} read models)`,
          value: written / intoSqlite.events,
          unit: 'B',
          baselineLabel: "the event's own JSON (data + metadata)",
          baseline: own.bytes / own.events,
          better: 'lower',
          rssMb: peakRssMb(),
          detail: `${fmt(writes / intoSqlite.events, 2)} document writes per event`,
        }),
      );
      const kept = await keptBytes(sqliteFile);
      rows.push(
        row({
          bench: 'projection-rebuild',
          figure: `SQLite rebuild: read-model bytes kept per event (${ALL_PROJECTIONS.length} read models)`,
          value: kept.stored / intoSqlite.events,
          unit: 'B',
          baselineLabel: 'the same documents as JSON text',
          baseline: kept.json / intoSqlite.events,
          better: 'lower',
          rssMb: peakRssMb(),
          detail: `the rebuilt documents as the file holds them (documents of ${DEFLATE_FROM_CHARS.toLocaleString('en-US')} characters or more deflated), ${fmt(kept.stored / 2 ** 20, 1)} MiB`,
        }),
      );
      rows.push(
        rebuildRow(
          'SQLite',
          intoSqlite,
          rawSqlite,
          'same documents, plain better-sqlite3 inserts',
          `${intoSqlite.events.toLocaleString('en-US')} events, ${ALL_PROJECTIONS.length} read models in one pass, ${rebuildOrder === 'by-stream' ? `groups of streams of about ${batchSize ?? 'the default 5,000'} events` : `the store in order, batches of ${batchSize ?? 'the default 20,000'} events`}; ${writes.toLocaleString('en-US')} document writes, ${fmt(mib, 0)} MiB`,
        ),
      );
      listRows.push(
        listRow(
          'SQLite',
          await listAll(sqliteStore, events, month),
          await rawListSqliteMs(sqliteFile, month),
          'one raw SELECT of the same rows + JSON.parse',
          'the raw SELECT without JSON.parse',
        ),
      );
      await sqliteStore.close();
    }

    if (redis) {
      const redisStore = new RedisReadModelStore({ url: redis.url });
      await redisStore.ready();
      process.stderr.write('rebuilding into Redis...\n');
      const intoRedis = await rebuildInto('redis', redisStore, events, batchSize, rebuildOrder);
      if (sizes) printSizes('Redis', intoRedis.batches);
      const keptInRedis = await usedMemoryMib(redis.url);
      const listRedis = await listAll(redisStore, events, month);
      const rawListRedis = await rawListRedisMs(redis.url, month);
      const rawRedis = await rawRedisSeconds(intoRedis.batches, redis.url);
      rows.push(
        rebuildRow(
          'Redis',
          intoRedis,
          rawRedis,
          'same documents, pipelined HSETs',
          `one script per batch (compare-and-set of the checkpoint, then the writes); Redis used_memory after the rebuild ${fmt(keptInRedis, 1)} MiB`,
        ),
      );
      listRows.push(
        listRow(
          'Redis',
          listRedis,
          rawListRedis,
          'raw ZRANGE + HMGET of the same rows + JSON.parse',
          'the raw reads without JSON.parse',
        ),
      );
      await redisStore.close();
    }
  } finally {
    await events.close();
    await redis?.close();
    dir.remove();
  }
  printRows([...rows, ...listRows]);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `projection-rebuild failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
