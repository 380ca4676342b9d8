/**
 * Append throughput and latency of the embedded store (SqliteEventStore on a temp file), single events
 * and batches, at synchronous FULL and NORMAL, against
 *  - the limit: plain better-sqlite3 inserts into an equivalent table (same columns, same unique
 *    constraints, one transaction per append), and
 *  - a peer: @event-driven-io/emmett-sqlite 0.38.5 on the same workload.
 *
 * and single events from `--writers` concurrent appenders (10 by default, as an api's concurrent requests),
 * where the store's group commit shares one fsync among the appends that arrive together.
 *
 *   npx ts-node --transpile-only -r ./scripts/register-aliases.js bench/append.ts [--seconds=0.7] [--rounds=3] [--writers=10]
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { SqliteEventStore, type NewEvent } from '@ccm/event-store';
import { benchStreamId, EVENT_JSON_BYTES, timeLoggedEvent } from './lib/events';
import { fmt, fmtInt, now, numberArg, peakRssMb, settle, summarise, tempDir } from './lib/measure';
import { log, printRows, row, type BenchRow } from './lib/report';

type Durability = 'FULL' | 'NORMAL';

interface Appender {
  /** Appends `events` at the end of stream `streamIndex`, with the revision the writer knows. */
  append(streamIndex: number, events: readonly NewEvent[]): Promise<void>;
  close(): Promise<void>;
  /** Appends that had to be tried again (SQLITE_BUSY inside the peer), if the target retries. */
  readonly retried?: () => number;
}

interface Target {
  readonly key: 'raw' | 'ccm' | 'emmett' | 'emmett-api';
  readonly label: string;
  /** A peer that fails is reported as such; the product and the raw baseline failing ends the run. */
  readonly peer?: boolean;
  /** Undefined when the target cannot run at this durability (the reason is printed). */
  open(filename: string, durability: Durability): Promise<Appender> | undefined;
}

const STREAMS = 1000;
const BATCH = 100;

/** Tracks each stream's last revision (-1: none), as a writer that read the stream would know it. */
class Revisions {
  private readonly last = new Int32Array(STREAMS).fill(-1);
  get(stream: number): number {
    return this.last[stream];
  }
  advance(stream: number, count: number): void {
    this.last[stream] += count;
  }
}

const rawTarget: Target = {
  key: 'raw',
  label: 'better-sqlite3 raw inserts',
  open(filename, durability) {
    const db = new Database(filename);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${durability}`);
    // The same table as SqliteEventStore's: same columns, same unique constraints; nothing else.
    db.exec(`CREATE TABLE events (
      position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
      event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
      UNIQUE (stream_id, revision))`);
    const insert = db.prepare(
      'INSERT INTO events (stream_id, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const revisions = new Revisions();
    const write = db.transaction((stream: number, events: readonly NewEvent[]) => {
      const streamId = benchStreamId(stream);
      let revision = revisions.get(stream);
      for (const e of events) {
        revision += 1;
        insert.run(streamId, revision, e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata));
      }
    });
    return Promise.resolve({
      async append(stream, events) {
        write.immediate(stream, events);
        revisions.advance(stream, events.length);
      },
      async close() {
        db.close();
      },
    });
  },
};

const ccmTarget: Target = {
  key: 'ccm',
  label: 'SqliteEventStore (ccm)',
  open(filename, durability) {
    const store = new SqliteEventStore({ filename, synchronous: durability });
    const revisions = new Revisions();
    return Promise.resolve({
      async append(stream, events) {
        const last = revisions.get(stream);
        await store.append(benchStreamId(stream), events, last < 0 ? 'no_stream' : BigInt(last));
        revisions.advance(stream, events.length);
      },
      close: () => store.close(),
    });
  },
};

type EmmettModule = typeof import('@event-driven-io/emmett-sqlite');

async function loadEmmett(): Promise<EmmettModule | string> {
  try {
    return await import('@event-driven-io/emmett-sqlite');
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}

/**
 * emmett-sqlite 0.38.5 can fail a COMMIT with SQLITE_BUSY ("SQL statements in progress"): each new
 * connection fires `PRAGMA journal_mode = WAL` without awaiting it. A caller would retry, so we do, a
 * bounded number of times, and count the retries; emmett rolls the failed transaction back first.
 */
async function retryingBusy(attempt: () => Promise<void>, counter: { retries: number }): Promise<void> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== 'SQLITE_BUSY' || tries >= 5) throw error;
      counter.retries++;
    }
  }
}

const toEmmettEvents = (events: readonly NewEvent[]) =>
  events.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata }));

/** emmett-sqlite's own append (appendToStream) on one connection held for the run: the fair peer. */
function emmettHeldTarget(emmett: EmmettModule): Target {
  return {
    key: 'emmett',
    label: 'emmett-sqlite appendToStream (held connection)',
    peer: true,
    async open(filename, durability) {
      const connection = emmett.sqliteConnection({ fileName: filename });
      await connection.command('PRAGMA journal_mode = WAL');
      await connection.command(`PRAGMA synchronous = ${durability}`);
      await emmett.createEventStoreSchema(connection);
      const revisions = new Revisions();
      const counter = { retries: 0 };
      return {
        async append(stream, events) {
          await retryingBusy(async () => {
            const result = await emmett.appendToStream(
              connection,
              benchStreamId(stream),
              'patient',
              toEmmettEvents(events),
              { expectedStreamVersion: BigInt(revisions.get(stream) + 1) },
            );
            if (!result.success) throw new Error(`emmett append refused on stream ${stream}`);
          }, counter);
          revisions.advance(stream, events.length);
        },
        retried: () => counter.retries,
        async close() {
          connection.close();
        },
      };
    },
  };
}

/**
 * emmett-sqlite's public event store (getSQLiteEventStore): it opens and closes a connection per call,
 * so it always runs at SQLite's default synchronous (FULL in WAL) and cannot be set to NORMAL.
 */
function emmettApiTarget(emmett: EmmettModule): Target {
  return {
    key: 'emmett-api',
    label: 'emmett-sqlite getSQLiteEventStore (connection per call)',
    peer: true,
    open(filename, durability) {
      if (durability !== 'FULL') return undefined;
      const store = emmett.getSQLiteEventStore({ fileName: filename });
      const revisions = new Revisions();
      const counter = { retries: 0 };
      return Promise.resolve({
        async append(stream, events) {
          await retryingBusy(async () => {
            await store.appendToStream(benchStreamId(stream), toEmmettEvents(events), {
              expectedStreamVersion: BigInt(revisions.get(stream) + 1),
            });
          }, counter);
          revisions.advance(stream, events.length);
        },
        retried: () => counter.retries,
        async close() {
          return undefined;
        },
      });
    },
  };
}

interface Measured {
  readonly events: number;
  readonly appends: number;
  /** Sum of the time spent inside append calls, ms. */
  readonly busyMs: number;
  readonly latencies: number[];
  readonly retries: number;
}

/** Appends round-robin over the streams for `seconds`; events are built outside the timed window. */
async function drive(
  appender: Appender,
  batch: number,
  seconds: number,
  counter: { next: number },
): Promise<Measured> {
  const latencies: number[] = [];
  let events = 0;
  let busyMs = 0;
  let stream = 0;
  const deadline = now() + seconds * 1000;
  while (now() < deadline) {
    const payload: NewEvent[] = [];
    for (let i = 0; i < batch; i++) payload.push(timeLoggedEvent(counter.next++));
    const started = now();
    await appender.append(stream, payload);
    const elapsed = now() - started;
    latencies.push(elapsed);
    busyMs += elapsed;
    events += batch;
    stream = (stream + 1) % STREAMS;
  }
  return { events, appends: latencies.length, busyMs, latencies, retries: 0 };
}

/**
 * `writers` appenders at once, each on its own streams, as an api's concurrent requests are: events/s
 * over wall time. A store that commits concurrent appends together shares the fsync among them.
 */
async function driveConcurrently(
  appender: Appender,
  writers: number,
  seconds: number,
  counter: { next: number },
): Promise<{ events: number; wallMs: number; latencies: number[] }> {
  const latencies: number[] = [];
  let events = 0;
  const started = now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let stream = writer; now() < deadline; stream = (stream + writers) % STREAMS) {
        const payload = [timeLoggedEvent(counter.next++)];
        const t = now();
        await appender.append(stream, payload);
        latencies.push(now() - t);
        events += 1;
      }
    }),
  );
  return { events, wallMs: now() - started, latencies };
}

async function concurrentRow(durability: Durability, writers: number, seconds: number): Promise<BenchRow> {
  const measured = new Map<Target['key'], { events: number; wallMs: number; latencies: number[] }>();
  for (const target of [rawTarget, ccmTarget]) {
    const dir = tempDir('append-concurrent');
    try {
      const appender = await target.open(join(dir.path, 'events.sqlite'), durability);
      if (!appender) throw new Error('the raw baseline and the ccm store always open');
      const counter = { next: 1 };
      await driveConcurrently(appender, writers, Math.min(0.2, seconds / 4), counter);
      await settle();
      log(`append: ${writers} concurrent writers, synchronous=${durability}: ${target.label}...`);
      measured.set(target.key, await driveConcurrently(appender, writers, seconds, counter));
      await appender.close();
    } finally {
      dir.remove();
    }
  }
  const ccm = measured.get('ccm');
  const raw = measured.get('raw');
  if (!ccm || !raw) throw new Error('both ran');
  const rate = (m: { events: number; wallMs: number }) => (m.events / m.wallMs) * 1000;
  const c = summarise(ccm.latencies);
  const r = summarise(raw.latencies);
  return row({
    bench: 'append',
    figure: `append single events from ${writers} concurrent writers, synchronous=${durability}: SqliteEventStore (group commit) vs raw better-sqlite3, a transaction per append`,
    value: rate(ccm),
    unit: 'events/s',
    baselineLabel: 'raw inserts',
    baseline: rate(raw),
    better: 'higher',
    rssMb: peakRssMb(),
    detail: `ccm p50/p99 ${fmt(c.p50, 3)}/${fmt(c.p99, 3)} ms per append; raw ${fmt(r.p50, 3)}/${fmt(r.p99, 3)} ms`,
  });
}

/** One round of one store on a fresh file: a short warm-up, then `seconds` measured. */
async function runRound(
  target: Target,
  durability: Durability,
  batch: number,
  seconds: number,
): Promise<Measured | undefined> {
  const dir = tempDir('append');
  try {
    const opening = target.open(join(dir.path, 'events.sqlite'), durability);
    if (!opening) return undefined;
    const appender = await opening;
    const counter = { next: 1 };
    await drive(appender, batch, Math.min(0.2, seconds / 4), counter); // warm-up, not counted
    await settle();
    const before = appender.retried?.() ?? 0;
    const measured = await drive(appender, batch, seconds, counter);
    const retries = (appender.retried?.() ?? 0) - before;
    await appender.close();
    return { ...measured, retries };
  } finally {
    dir.remove();
  }
}

const merge = (a: Measured | undefined, b: Measured): Measured =>
  a === undefined
    ? b
    : {
        events: a.events + b.events,
        appends: a.appends + b.appends,
        busyMs: a.busyMs + b.busyMs,
        latencies: a.latencies.concat(b.latencies),
        retries: a.retries + b.retries,
      };

/**
 * Rounds are interleaved across the stores (and the order rotates each round), so drift in the
 * machine's disk or CPU over the run falls on every store alike rather than on whichever ran last.
 */
async function runWorkload(
  targets: readonly Target[],
  name: string,
  durability: Durability,
  batch: number,
  seconds: number,
  rounds: number,
): Promise<{ results: Map<Target['key'], Measured>; failures: Map<Target['key'], string> }> {
  const results = new Map<Target['key'], Measured>();
  const failures = new Map<Target['key'], string>();
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < targets.length; i++) {
      const target = targets[(i + round) % targets.length];
      if (failures.has(target.key)) continue;
      log(`append: ${name}: round ${round + 1}/${rounds}: ${target.label}...`);
      try {
        const measured = await runRound(target, durability, batch, seconds);
        if (measured) results.set(target.key, merge(results.get(target.key), measured));
      } catch (error) {
        if (!target.peer) throw error;
        failures.set(target.key, error instanceof Error ? error.message : String(error));
        results.delete(target.key);
      }
    }
  }
  return { results, failures };
}

const eventsPerSecond = (m: Measured): number => (m.events / m.busyMs) * 1000;

function describe(m: Measured): string {
  const s = summarise(m.latencies);
  const retries = m.retries > 0 ? `, ${m.retries} appends retried after SQLITE_BUSY` : '';
  return `${fmtInt(eventsPerSecond(m))} ev/s, p50 ${fmt(s.p50, 3)} ms, p99 ${fmt(s.p99, 3)} ms${retries}`;
}

async function main(): Promise<void> {
  const seconds = numberArg('seconds', 0.7);
  const rounds = numberArg('rounds', 3);
  const emmett = await loadEmmett();
  const targets: Target[] = [rawTarget, ccmTarget];
  if (typeof emmett === 'string') {
    process.stdout.write(`peer unavailable: ${emmett}\n`);
  } else {
    targets.push(emmettHeldTarget(emmett), emmettApiTarget(emmett));
  }
  process.stdout.write(
    `append: ${EVENT_JSON_BYTES} bytes of JSON per event (TimeLogged data + metadata), ${STREAMS} streams ` +
      `round-robin, ${rounds} interleaved round(s) of ${seconds} s per store (fresh file each), expected revision on every append\n`,
  );
  const rows: BenchRow[] = [];
  const workloads: { batch: number; durability: Durability }[] = [
    { batch: 1, durability: 'FULL' },
    { batch: 1, durability: 'NORMAL' },
    { batch: BATCH, durability: 'FULL' },
    { batch: BATCH, durability: 'NORMAL' },
  ];
  for (const { batch, durability } of workloads) {
    const name = `${batch === 1 ? 'single event' : `batch of ${batch}`}, synchronous=${durability}`;
    const { results, failures } = await runWorkload(targets, name, durability, batch, seconds, rounds);
    for (const target of targets) {
      const measured = results.get(target.key);
      const failure = failures.get(target.key);
      if (measured) process.stdout.write(`  ${name} | ${target.label}: ${describe(measured)}\n`);
      if (failure) process.stdout.write(`  ${name} | ${target.label}: peer failed: ${failure}\n`);
    }
    const ccm = results.get('ccm');
    const raw = results.get('raw');
    if (!ccm || !raw) throw new Error('the ccm store and the raw baseline always run');
    const ccmLatency = summarise(ccm.latencies);
    const rawLatency = summarise(raw.latencies);
    rows.push(
      row({
        bench: 'append',
        figure: `append ${name}: SqliteEventStore vs raw better-sqlite3 (the limit)`,
        value: eventsPerSecond(ccm),
        unit: 'events/s',
        baselineLabel: 'raw inserts',
        baseline: eventsPerSecond(raw),
        better: 'higher',
        rssMb: peakRssMb(),
        detail:
          `ccm p50/p99 ${fmt(ccmLatency.p50, 3)}/${fmt(ccmLatency.p99, 3)} ms per append; ` +
          `raw ${fmt(rawLatency.p50, 3)}/${fmt(rawLatency.p99, 3)} ms`,
      }),
    );
    const peer = results.get('emmett');
    const peerApi = results.get('emmett-api');
    const peerApiText = peerApi
      ? describe(peerApi)
      : failures.has('emmett-api')
        ? `failed: ${failures.get('emmett-api')}`
        : undefined;
    if (peer) {
      const peerLatency = summarise(peer.latencies);
      rows.push(
        row({
          bench: 'append',
          figure: `append ${name}: SqliteEventStore vs emmett-sqlite 0.38.5 (peer)`,
          value: eventsPerSecond(ccm),
          unit: 'events/s',
          baselineLabel: 'emmett-sqlite, held connection',
          baseline: eventsPerSecond(peer),
          better: 'higher',
          rssMb: peakRssMb(),
          detail:
            `emmett p50/p99 ${fmt(peerLatency.p50, 3)}/${fmt(peerLatency.p99, 3)} ms` +
            (peer.retries > 0 ? ` (${peer.retries} appends retried after SQLITE_BUSY)` : '') +
            (peerApiText ? `; emmett getSQLiteEventStore (connection per call): ${peerApiText}` : ''),
        }),
      );
    } else {
      const reason =
        typeof emmett === 'string'
          ? `peer unavailable: ${emmett}`
          : `peer failed: ${failures.get('emmett') ?? '?'}`;
      rows.push(
        row({
          bench: 'append',
          figure: `append ${name}: SqliteEventStore vs emmett-sqlite (peer)`,
          value: eventsPerSecond(ccm),
          unit: 'events/s',
          baselineLabel: 'emmett-sqlite',
          baseline: Number.NaN,
          better: 'higher',
          rssMb: peakRssMb(),
          detail: reason,
        }),
      );
    }
  }
  const writers = numberArg('writers', 10);
  rows.push(await concurrentRow('FULL', writers, seconds * rounds));
  rows.push(await concurrentRow('NORMAL', writers, seconds * rounds));
  process.stdout.write(`peak RSS: ${fmt(peakRssMb(), 0)} MiB\n`);
  printRows(rows);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `append benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
