import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '../testing/event-store-contract';
import { SqliteEventStore } from './sqlite-event-store';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describeEventStoreContract('sqlite file', () => {
  let filename = '';
  return {
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ccm-es-'));
      dirs.push(dir);
      filename = join(dir, 'events.sqlite');
      return new SqliteEventStore({ filename, pollIntervalMs: 50 });
    },
    openSecondConnection: async () => new SqliteEventStore({ filename, pollIntervalMs: 50 }),
  };
});

/** A fresh file in a directory removed after the suite. */
function newFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ccm-es-'));
  dirs.push(dir);
  return join(dir, 'events.sqlite');
}

describe('sqlite group commit', () => {
  const event = (type: string) => ({ id: randomUUID(), type, data: {}, metadata: {} });

  it('writes nothing of an append that fails halfway (an event id already stored) and keeps its neighbours', async () => {
    const store = new SqliteEventStore({ filename: newFile() });
    try {
      const stored = event('Stored');
      await store.append('source', [stored], 'no_stream');
      const outcomes = await Promise.allSettled([
        store.append('before', [event('Fine')], 'no_stream'),
        store.append('halfway', [event('Fine'), { ...stored, type: 'Reused' }], 'no_stream'),
        store.append('after', [event('Fine')], 'no_stream'),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await store.readStream('halfway', { maxCount: 10 })).toHaveLength(0);
      expect(await store.readStream('before', { maxCount: 10 })).toHaveLength(1);
      expect(await store.readStream('after', { maxCount: 10 })).toHaveLength(1);
      // The stream's revision was not advanced by the append that failed.
      await store.append('halfway', [event('Fine')], 'no_stream');
    } finally {
      await store.close();
    }
  });

  it('commits appends already accepted when the store is closed', async () => {
    const filename = newFile();
    const store = new SqliteEventStore({ filename });
    const accepted = store.append('late', [event('Late')], 'no_stream');
    await store.close();
    await expect(accepted).resolves.toMatchObject({ nextExpectedRevision: 0n });
    const reopened = new SqliteEventStore({ filename });
    expect(await reopened.readStream('late', { maxCount: 10 })).toHaveLength(1);
    await reopened.close();
  });

  it('tells a second connection of its appends without waiting for the poll (a projector thread)', async () => {
    const filename = newFile();
    const writer = new SqliteEventStore({ filename });
    // A poll this slow would fail the test: only the nudge can deliver in time.
    const follower = new SqliteEventStore({ filename, pollIntervalMs: 60_000 });
    const unlisten = writer.onAppended(() => follower.appendedElsewhere());
    const subscription = follower.subscribeToAll({});
    try {
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await iterator.next()).value).toEqual({ kind: 'caught_up' });
      await writer.append('nudged', [event('Nudged')], 'no_stream');
      let timer: NodeJS.Timeout | undefined;
      const delivered = await Promise.race([
        iterator.next(),
        new Promise((resolve) => (timer = setTimeout(() => resolve('timed out'), 5_000))),
      ]);
      clearTimeout(timer);
      expect(delivered).toMatchObject({ value: { kind: 'event', event: { streamId: 'nudged' } } });
      expect(writer.filename).toBe(filename);
      const inMemory = new SqliteEventStore({ filename: ':memory:' });
      expect(inMemory.filename).toBeUndefined();
      await inMemory.close();
    } finally {
      unlisten();
      await subscription.close();
      await follower.close();
      await writer.close();
    }
  });

  it('sees a commit made elsewhere in the middle of a turn from the next turn on', async () => {
    const filename = newFile();
    const store = new SqliteEventStore({ filename });
    const elsewhere = new Database(filename);
    try {
      await store.append('racing', [event('Mine')], 'no_stream');
      const tail = () => store.readStream('racing', { fromRevision: 1n, maxCount: 10 });
      expect(await tail()).toEqual([]);
      // Another connection commits within this turn, between two reads of the stream's known end.
      elsewhere
        .prepare(
          "INSERT INTO events (stream_id, revision, event_id, type, data, metadata) VALUES ('racing', 1, ?, 'Theirs', '{}', '{}')",
        )
        .run(randomUUID());
      elsewhere.prepare("UPDATE streams SET revision = 1 WHERE stream_id = 'racing'").run();
      await new Promise((turn) => setImmediate(turn));
      expect((await tail()).map((e) => e.type)).toEqual(['Theirs']);
      // Appending on the older end is refused, so a command decided on it is decided again.
      await expect(store.append('racing', [event('Late')], 0n)).rejects.toThrow();
    } finally {
      elsewhere.close();
      await store.close();
    }
  });

  it('answers followers asking for the same page with one read, and reads again after any append', async () => {
    const filename = newFile();
    const store = new SqliteEventStore({ filename });
    const other = new SqliteEventStore({ filename });
    try {
      await store.append('a', [event('First')], 'no_stream');
      const question = { maxCount: 512, filter: { streamPrefixes: ['a', 'b'] } };
      const first = await store.readAll(question);
      expect(await store.readAll({ ...question, filter: { streamPrefixes: ['a', 'b'] } })).toBe(first);
      // Another filter, or another connection's append, is another answer.
      expect((await store.readAll({ ...question, filter: { streamPrefixes: ['b'] } })).events).toHaveLength(
        0,
      );
      await other.append('b', [event('Elsewhere')], 'no_stream');
      const again = await store.readAll(question);
      expect(again.events.map((e) => e.type)).toEqual(['First', 'Elsewhere']);
      await store.append('a', [event('Here')], 0n);
      expect((await store.readAll(question)).events.map((e) => e.type)).toEqual([
        'First',
        'Elsewhere',
        'Here',
      ]);
    } finally {
      await other.close();
      await store.close();
    }
  });
});
