import {
  MAX_ACCESS_LOG_SHARDS,
  parsePatientAccessStreamId,
  practiceAccessShardStreamId,
  practiceAccessStreamId,
  type Actor,
} from '@ccm/domain';
import { comparePositions, InMemoryEventStore, SqliteEventStore } from '@ccm/event-store';
import { readWholeStream, type Clock } from '@ccm/record';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessLog, type AccessEntry } from './access-log';
import { verifyStream } from './verify-chain';

const clock: Clock = { now: () => new Date('2026-03-31T17:00:00Z') };
const PRACTICE = 'riverside';
const auditor: Actor = { userId: 'u-auditor', role: 'auditor', practiceId: PRACTICE };
const entry = (requestId: string): AccessEntry => ({
  what: 'GET /worklist',
  purpose: 'operations',
  channel: 'api',
  requestId,
});

/** Each "process" logs `count` practice-wide reads at once, request ids prefixed with its name. */
const logReads = (log: AccessLog, name: string, count: number): Promise<void>[] =>
  Array.from({ length: count }, (_, i) => log.practiceRead(auditor, entry(`${name}-${i}`)));

const requestIds = (events: readonly { data: Record<string, unknown> }[]): string[] =>
  events.map((e) => String(e.data.requestId));

describe('the practice-wide access log, sharded across processes on one SQLite file', () => {
  let dir: string;
  let filename: string;
  const stores: SqliteEventStore[] = [];
  /** One store connection per "process", as replicas each open the file. */
  const openStore = (): SqliteEventStore => {
    const store = new SqliteEventStore({ filename });
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ccm-access-shards-'));
    filename = join(dir, 'events.sqlite');
  });

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs every read once, in shard chains that verify, and reads them back as one log', async () => {
    const first = new AccessLog(openStore(), clock, { practiceShards: 4, shard: 0 });
    const second = new AccessLog(openStore(), clock, { practiceShards: 4, shard: 1 });
    const unsharded = new AccessLog(openStore(), clock);
    await Promise.all([
      ...logReads(first, 'first', 100),
      ...logReads(second, 'second', 100),
      ...logReads(unsharded, 'legacy', 100),
    ]);

    const store = openStore();
    const streams = {
      [practiceAccessShardStreamId(PRACTICE, 0)]: 'first',
      [practiceAccessShardStreamId(PRACTICE, 1)]: 'second',
      [practiceAccessStreamId(PRACTICE)]: 'legacy',
    };
    for (const [streamId, name] of Object.entries(streams)) {
      const events = await readWholeStream(store, streamId);
      expect(new Set(requestIds(events))).toEqual(
        new Set(Array.from({ length: 100 }, (_, i) => `${name}-${i}`)),
      );
      expect(events).toHaveLength(100);
      expect(await verifyStream(store, streamId)).toMatchObject({ ok: true, eventsChecked: 100 });
    }
    expect(await readWholeStream(store, practiceAccessShardStreamId(PRACTICE, 2))).toEqual([]);

    const reads = await new AccessLog(store, clock).practiceReadsOf(PRACTICE);
    expect(reads).toHaveLength(300);
    expect(new Set(requestIds(reads)).size).toBe(300);
    for (let i = 1; i < reads.length; i++)
      expect(comparePositions(reads[i - 1].position, reads[i].position)).toBeLessThan(0);
  });

  it('logs everything once when two processes write the same shard, in one chain', async () => {
    const first = new AccessLog(openStore(), clock, { practiceShards: 4, shard: 3 });
    const second = new AccessLog(openStore(), clock, { practiceShards: 4, shard: 3 });
    await Promise.all([...logReads(first, 'first', 100), ...logReads(second, 'second', 100)]);

    const store = openStore();
    const streamId = practiceAccessShardStreamId(PRACTICE, 3);
    const events = await readWholeStream(store, streamId);
    expect(events).toHaveLength(200);
    expect(new Set(requestIds(events)).size).toBe(200);
    expect(await verifyStream(store, streamId)).toMatchObject({ ok: true, eventsChecked: 200 });
    expect(requestIds(await first.practiceReadsOf(PRACTICE))).toEqual(requestIds(events));
  });

  it('moves a process that raced another for its shard to another shard, so the two stop contending', async () => {
    const lastStreamOf = async (log: AccessLog, prefix: string): Promise<string> => {
      const reads = await log.practiceReadsOf(PRACTICE);
      return reads.filter((e) => String(e.data.requestId).startsWith(prefix)).pop()?.streamId ?? '';
    };
    // Two processes that picked the same shard at random (one read each, apart, tells which they picked).
    let pair: [AccessLog, AccessLog] | undefined;
    for (let attempt = 0; pair === undefined; attempt++) {
      const candidates: [AccessLog, AccessLog] = [
        new AccessLog(openStore(), clock, { practiceShards: 4 }),
        new AccessLog(openStore(), clock, { practiceShards: 4 }),
      ];
      await candidates[0].practiceRead(auditor, entry(`pick-${attempt}-a`));
      await candidates[1].practiceRead(auditor, entry(`pick-${attempt}-b`));
      const [a, b] = [
        await lastStreamOf(candidates[0], `pick-${attempt}-a`),
        await lastStreamOf(candidates[0], `pick-${attempt}-b`),
      ];
      if (a === b) pair = candidates;
    }
    const [first, second] = pair;
    let apart = false;
    for (let round = 0; round < 30 && !apart; round++) {
      await Promise.all([
        ...logReads(first, `first-${round}-`, 20),
        ...logReads(second, `second-${round}-`, 20),
      ]);
      apart =
        (await lastStreamOf(first, `first-${round}-`)) !== (await lastStreamOf(first, `second-${round}-`));
    }
    expect(apart).toBe(true);
    const reads = await first.practiceReadsOf(PRACTICE);
    expect(new Set(requestIds(reads)).size).toBe(reads.length);
    const store = openStore();
    for (const streamId of new Set(reads.map((e) => e.streamId)))
      expect(await verifyStream(store, streamId)).toMatchObject({ ok: true });
  });
});

describe('access log options', () => {
  const store = new InMemoryEventStore();

  it('writes the unsharded stream with one shard, and a shard chosen at random with several', async () => {
    await new AccessLog(store, clock, { practiceShards: 1 }).practiceRead(auditor, entry('one'));
    expect(requestIds(await readWholeStream(store, practiceAccessStreamId(PRACTICE)))).toEqual(['one']);
    await new AccessLog(store, clock, { practiceShards: 3 }).practiceRead(auditor, entry('random'));
    const reads = await new AccessLog(store, clock).practiceReadsOf(PRACTICE);
    expect(requestIds(reads)).toEqual(['one', 'random']);
    expect(reads[1].streamId).toMatch(/^ccm\.access\.riverside\.~[0-2]$/);
  });

  it('refuses shard counts and shards out of range', () => {
    for (const practiceShards of [0, -1, 1.5, MAX_ACCESS_LOG_SHARDS + 1, Number.NaN])
      expect(() => new AccessLog(store, clock, { practiceShards })).toThrow(RangeError);
    for (const shard of [-1, 4, 0.5])
      expect(() => new AccessLog(store, clock, { practiceShards: 4, shard })).toThrow(RangeError);
    expect(() => new AccessLog(store, clock, { shard: 1 })).toThrow(RangeError);
  });

  it('never takes a shard stream for a patient access stream', () => {
    expect(parsePatientAccessStreamId(practiceAccessShardStreamId(PRACTICE, 0))).toBeUndefined();
  });
});
