/**
 * The event store contract: every adapter runs this same suite (see the *.int.spec.ts beside each).
 * Streams get a fresh random prefix per test, so the suite also runs against a shared real server.
 */
import { randomUUID } from 'node:crypto';
import { WrongExpectedVersionError } from '../errors';
import {
  MAX_PAGE_SIZE,
  type AllStreamFilter,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
  type Subscription,
  type SubscriptionMessage,
} from '../port';
import {
  comparePositions,
  formatPosition,
  parsePosition,
  positionOf,
  type GlobalPosition,
} from '../position';
import { streamInventory } from '../stream-inventory';

export interface EventStoreContractSubject {
  /** A store for one test; `close` is called by the suite. */
  open(): Promise<EventStore>;
  /**
   * A second, independent connection to the same store as the last `open()` (another process would
   * hold one in production). Adapters that have no such notion return the same instance.
   */
  openSecondConnection(): Promise<EventStore>;
}

function newEvent(type: string, data: NewEvent['data'] = {}): NewEvent {
  return { id: randomUUID(), type, data, metadata: { correlationId: randomUUID() } };
}

function events(count: number, type = 'Counted'): NewEvent[] {
  return Array.from({ length: count }, (_, i) => newEvent(type, { n: i }));
}

async function takeUntil(
  subscription: Subscription,
  done: (received: SubscriptionMessage[]) => boolean,
  timeoutMs = 10_000,
): Promise<SubscriptionMessage[]> {
  const received: SubscriptionMessage[] = [];
  const timer = setTimeout(() => void subscription.close(), timeoutMs);
  try {
    for await (const message of subscription) {
      received.push(message);
      if (done(received)) break;
    }
  } finally {
    clearTimeout(timer);
  }
  return received;
}

const eventsOf = (messages: SubscriptionMessage[]): RecordedEvent[] =>
  messages.flatMap((m) => (m.kind === 'event' ? [m.event] : []));

async function expectConflict(promise: Promise<unknown>, actual: bigint | undefined): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  expect((error as WrongExpectedVersionError).actual).toBe(actual);
}

export function describeEventStoreContract(
  adapterName: string,
  subject: () => EventStoreContractSubject,
): void {
  describe(`event store contract: ${adapterName}`, () => {
    let store: EventStore;
    let second: EventStore | undefined;
    let prefix: string;
    let s: EventStoreContractSubject;

    beforeEach(async () => {
      s = subject();
      store = await s.open();
      second = undefined;
      prefix = `contract${randomUUID().replace(/-/g, '').slice(0, 12)}-`;
    });

    afterEach(async () => {
      if (second && second !== store) await second.close();
      await store.close();
    });

    const stream = (name: string): string => `${prefix}${name}`;

    describe('ordering', () => {
      it('reads back appended events in order with revisions from 0 and growing global positions', async () => {
        const first = await store.append(stream('a'), events(3), 'no_stream');
        const next = await store.append(stream('a'), events(2), first.nextExpectedRevision);
        expect(first.nextExpectedRevision).toBe(2n);
        expect(next.nextExpectedRevision).toBe(4n);
        expect(comparePositions(next.position, first.position)).toBeGreaterThan(0);

        const read = await store.readStream(stream('a'), { maxCount: 100 });
        expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
        expect(read.map((e) => e.data.n)).toEqual([0, 1, 2, 0, 1]);
        for (let i = 1; i < read.length; i++) {
          expect(comparePositions(read[i].position, read[i - 1].position)).toBeGreaterThan(0);
        }
        expect(formatPosition(read[4].position)).toBe(formatPosition(next.position));
      });

      it('keeps the event id, type, JSON data and metadata exactly', async () => {
        const event = newEvent('ConsentRecorded', {
          nested: { list: [1, 'two', null, true], text: 'Zoë — 患者' },
          number: 12.5,
        });
        await store.append(stream('json'), [event], 'no_stream');
        const [read] = await store.readStream(stream('json'), { maxCount: 1 });
        expect(read.id).toBe(event.id);
        expect(read.type).toBe('ConsentRecorded');
        expect(read.streamId).toBe(stream('json'));
        expect(read.data).toEqual(event.data);
        expect(read.metadata).toEqual(event.metadata);
      });

      it('reads a stream that does not exist as empty', async () => {
        expect(await store.readStream(stream('missing'), { maxCount: 10 })).toEqual([]);
        expect(await store.readStream(stream('missing'), { maxCount: 10, direction: 'backwards' })).toEqual(
          [],
        );
      });
    });

    describe('reading what others wrote', () => {
      it("finds at a stream's end what another connection appended after it was read there", async () => {
        second = await s.openSecondConnection();
        await store.append(stream('tail'), events(2), 'no_stream');
        // Read up to the end, past it, and of a stream that does not exist yet: all empty tails.
        expect(await store.readStream(stream('tail'), { maxCount: 10 })).toHaveLength(2);
        expect(await store.readStream(stream('tail'), { fromRevision: 2n, maxCount: 10 })).toEqual([]);
        expect(await store.readStream(stream('tail'), { fromRevision: 4n, maxCount: 10 })).toEqual([]);
        expect(await store.readStream(stream('later'), { maxCount: 10 })).toEqual([]);
        await second.append(stream('tail'), events(4), 1n);
        await second.append(stream('later'), events(1), 'no_stream');
        const revisions = async (name: string, fromRevision: bigint) =>
          (await store.readStream(stream(name), { fromRevision, maxCount: 10 })).map((e) => e.revision);
        expect(await revisions('tail', 2n)).toEqual([2n, 3n, 4n, 5n]);
        expect(await revisions('tail', 4n)).toEqual([4n, 5n]);
        expect(await revisions('later', 0n)).toEqual([0n]);
        // And what this connection appends itself, with a late retry of an earlier batch (it writes nothing).
        const batch = events(1);
        await store.append(stream('own'), events(1), 'no_stream');
        await store.append(stream('own'), batch, 0n);
        expect(await revisions('own', 2n)).toEqual([]);
        await store.append(stream('own'), events(1), 1n);
        await store.append(stream('own'), batch, 0n);
        expect(await revisions('own', 2n)).toEqual([2n]);
      });
    });

    describe('expected revision', () => {
      it('refuses no_stream when the stream exists, naming its revision', async () => {
        await store.append(stream('x'), events(2), 'no_stream');
        await expectConflict(store.append(stream('x'), events(1), 'no_stream'), 1n);
      });

      it('refuses stream_exists when the stream does not exist', async () => {
        await expectConflict(store.append(stream('x'), events(1), 'stream_exists'), undefined);
        await store.append(stream('x'), events(1), 'any');
        await expect(store.append(stream('x'), events(1), 'stream_exists')).resolves.toBeDefined();
      });

      it('refuses a stale or future revision and writes nothing', async () => {
        await store.append(stream('x'), events(3), 'no_stream');
        await expectConflict(store.append(stream('x'), events(1), 1n), 2n);
        await expectConflict(store.append(stream('x'), events(1), 7n), 2n);
        await expectConflict(store.append(stream('fresh'), events(1), 0n), undefined);
        expect(await store.readStream(stream('x'), { maxCount: 100 })).toHaveLength(3);
        expect(await store.readStream(stream('fresh'), { maxCount: 100 })).toHaveLength(0);
      });

      it('accepts any revision with any', async () => {
        await store.append(stream('x'), events(1), 'any');
        const result = await store.append(stream('x'), events(1), 'any');
        expect(result.nextExpectedRevision).toBe(1n);
      });

      it('treats a retried batch with the same event ids at the same revision as already done', async () => {
        await store.append(stream('x'), events(1), 'no_stream');
        const batch = events(2);
        const first = await store.append(stream('x'), batch, 0n);
        const retry = await store.append(stream('x'), batch, 0n);
        expect(retry.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(formatPosition(retry.position)).toBe(formatPosition(first.position));
        expect(await store.readStream(stream('x'), { maxCount: 100 })).toHaveLength(3);
      });
    });

    describe('concurrent appenders on one stream', () => {
      it('lets exactly one of several appenders at the same revision win, and loses nothing of it', async () => {
        second = await s.openSecondConnection();
        await store.append(stream('race'), events(1), 'no_stream');
        const writers = [store, second, store, second, store, second];
        const batches = writers.map((_, i) => [newEvent('Raced', { writer: i })]);
        const outcomes = await Promise.allSettled(
          writers.map((w, i) => w.append(stream('race'), batches[i], 0n)),
        );

        const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
        expect(winners).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(WrongExpectedVersionError);
        }
        const read = await store.readStream(stream('race'), { maxCount: 100 });
        expect(read).toHaveLength(2);
        expect(read[1].id).toBe(batches[winners[0]][0].id);
      });

      it('keeps every write of appenders that reload and retry on conflict', async () => {
        second = await s.openSecondConnection();
        const writers = [store, second, store, second];
        const appendWithRetry = async (writer: EventStore, n: number): Promise<void> => {
          for (let attempt = 0; attempt < 50; attempt++) {
            const [last] = await writer.readStream(stream('retry'), { maxCount: 1, direction: 'backwards' });
            const expected: ExpectedRevision = last ? last.revision : 'no_stream';
            try {
              await writer.append(stream('retry'), [newEvent('Retried', { n })], expected);
              return;
            } catch (error) {
              if (!(error instanceof WrongExpectedVersionError)) throw error;
            }
          }
          throw new Error('gave up');
        };
        await Promise.all(
          writers.flatMap((w, i) => [appendWithRetry(w, i * 2), appendWithRetry(w, i * 2 + 1)]),
        );
        const read = await store.readStream(stream('retry'), { maxCount: 100 });
        expect(read.map((e) => e.data.n).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
        expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n]);
      });
    });

    describe('appends in one burst (group commit where the adapter does it)', () => {
      it('lets each of many appends sent at once stand or fall on its own', async () => {
        await store.append(stream('burst-a'), events(1), 'no_stream');
        const sent = [
          store.append(stream('burst-a'), [newEvent('Won')], 0n),
          store.append(stream('burst-a'), [newEvent('Lost')], 0n),
          store.append(stream('burst-b'), events(3), 'no_stream'),
          store.append(stream('burst-c'), events(1), 'stream_exists'),
          store.append(stream('burst-d'), events(2), 'no_stream'),
        ];
        const outcomes = await Promise.allSettled(sent);
        expect(outcomes.map((o) => o.status)).toEqual([
          'fulfilled',
          'rejected',
          'fulfilled',
          'rejected',
          'fulfilled',
        ]);
        for (const [name, length] of [
          ['burst-a', 2],
          ['burst-b', 3],
          ['burst-c', 0],
          ['burst-d', 2],
        ] as const) {
          expect(await store.readStream(stream(name), { maxCount: 10 })).toHaveLength(length);
        }
        const positions = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.position] : []));
        expect(new Set(positions.map((p) => `${p.commit}`)).size).toBe(positions.length);
      });
    });

    describe('paging', () => {
      it('pages a stream forwards and backwards', async () => {
        await store.append(stream('p'), events(10), 'no_stream');
        const page1 = await store.readStream(stream('p'), { maxCount: 4 });
        const page2 = await store.readStream(stream('p'), { fromRevision: 4n, maxCount: 4 });
        const page3 = await store.readStream(stream('p'), { fromRevision: 8n, maxCount: 4 });
        expect([...page1, ...page2, ...page3].map((e) => e.revision)).toEqual(
          Array.from({ length: 10 }, (_, i) => BigInt(i)),
        );
        const back = await store.readStream(stream('p'), { maxCount: 3, direction: 'backwards' });
        expect(back.map((e) => e.revision)).toEqual([9n, 8n, 7n]);
        const backFrom = await store.readStream(stream('p'), {
          fromRevision: 2n,
          maxCount: 5,
          direction: 'backwards',
        });
        expect(backFrom.map((e) => e.revision)).toEqual([2n, 1n, 0n]);
      });

      it('pages all streams after a position, filtered by stream prefix and event type', async () => {
        const marker = await store.append(stream('marker'), events(1), 'no_stream');
        for (let i = 0; i < 5; i++) {
          await store.append(
            stream(`s${i}`),
            [newEvent('Kept', { i }), newEvent('Dropped', { i })],
            'no_stream',
          );
        }
        const filter = { streamPrefixes: [prefix], eventTypes: ['Kept'] };
        const seen: RecordedEvent[] = [];
        let after: GlobalPosition | undefined = marker.position;
        for (let guard = 0; guard < 20; guard++) {
          const page = await store.readAll({ after, maxCount: 2, filter });
          expect(page.events.length).toBeLessThanOrEqual(2);
          seen.push(...page.events);
          after = page.lastPosition;
          if (page.isEnd) break;
        }
        expect(seen.map((e) => e.data.i)).toEqual([0, 1, 2, 3, 4]);
        expect(seen.every((e) => e.type === 'Kept' && e.streamId.startsWith(prefix))).toBe(true);
      });

      it('counts, where it can, exactly what reading everything with the filter gives', async () => {
        if (!store.countAll) return; // An adapter may only read (EventStoreDB).
        for (let i = 0; i < 3; i++) {
          await store.append(
            stream(`c${i}`),
            [newEvent('Kept', { i }), newEvent('Dropped', { i })],
            'no_stream',
          );
        }
        const readCount = async (filter: AllStreamFilter): Promise<number> => {
          let n = 0;
          for (let after: GlobalPosition | undefined; ;) {
            const page = await store.readAll({ after, maxCount: MAX_PAGE_SIZE, filter });
            n += page.events.length;
            after = page.lastPosition ?? after;
            if (page.isEnd) return n;
          }
        };
        for (const filter of [
          { streamPrefixes: [prefix] },
          { streamPrefixes: [prefix], eventTypes: ['Kept'] },
          { streamPrefixes: [`${prefix}-nothing-`, prefix] },
          { streamPrefixes: [] },
          { eventTypes: ['Dropped', 'Nothing'] },
        ]) {
          expect(await store.countAll(filter)).toBe(await readCount(filter));
        }
        expect(await store.countAll({ streamPrefixes: [prefix], eventTypes: ['Kept'] })).toBe(3);
      });

      it('lists the streams reading everything with the filter visits, by their first event, with counts', async () => {
        // Interleaved, as a clinic records them: the inventory orders streams by where they start.
        await store.append(stream('s-b'), [newEvent('Kept', { i: 0 })], 'no_stream');
        await store.append(stream('s-a'), [newEvent('Dropped', { i: 0 })], 'no_stream');
        await store.append(stream('s-b'), [newEvent('Dropped', { i: 1 })], 0n);
        await store.append(stream('s-c'), [newEvent('Kept', { i: 0 })], 'no_stream');
        const last = await store.append(stream('s-a'), [newEvent('Kept', { i: 1 })], 0n);
        const scanned = async (filter: AllStreamFilter) => {
          const counts = new Map<string, number>();
          for (let after: GlobalPosition | undefined; ;) {
            const page = await store.readAll({ after, maxCount: MAX_PAGE_SIZE, filter });
            for (const e of page.events) counts.set(e.streamId, (counts.get(e.streamId) ?? 0) + 1);
            after = page.lastPosition ?? after;
            if (page.isEnd) return [...counts].map(([streamId, events]) => ({ streamId, events }));
          }
        };
        for (const filter of [
          { streamPrefixes: [stream('s-')] },
          { streamPrefixes: [stream('s-')], eventTypes: ['Kept'] },
          { streamPrefixes: [stream('s-c'), stream('s-a')] },
          { streamPrefixes: [] },
        ]) {
          const inventory = await streamInventory(store, filter);
          expect(inventory.streams).toEqual(await scanned(filter));
          expect(
            comparePositions(inventory.lastPosition ?? positionOf(0), last.position),
          ).toBeGreaterThanOrEqual(0);
        }
        const all = await streamInventory(store, { streamPrefixes: [stream('s-')] });
        expect(all.streams.map((s) => [s.streamId.slice(prefix.length), s.events])).toEqual([
          ['s-b', 2],
          ['s-a', 2],
          ['s-c', 1],
        ]);
      });

      it('ends a filtered read past the events it left out, so the next read starts after them', async () => {
        const kept = await store.append(stream('kept'), events(1), 'no_stream');
        const skipped = await store.append(`other-${prefix}`, events(3), 'no_stream');
        const page = await store.readAll({
          after: kept.position,
          maxCount: 10,
          filter: { streamPrefixes: [prefix] },
        });
        expect(page.events).toEqual([]);
        expect(page.isEnd).toBe(true);
        expect(comparePositions(page.lastPosition ?? kept.position, skipped.position)).toBeGreaterThanOrEqual(
          0,
        );
        const withKept = await store.readAll({
          maxCount: MAX_PAGE_SIZE,
          filter: { streamPrefixes: [prefix] },
        });
        expect(withKept.events.map((e) => e.streamId)).toEqual([stream('kept')]);
      });

      it('reads all with a position that survives formatting as a string', async () => {
        const first = await store.append(stream('a'), events(1), 'no_stream');
        await store.append(stream('b'), events(1), 'no_stream');
        const after = parsePosition(formatPosition(first.position));
        const page = await store.readAll({ after, maxCount: 10, filter: { streamPrefixes: [prefix] } });
        expect(page.events.map((e) => e.streamId)).toEqual([stream('b')]);
      });
    });

    describe('subscription', () => {
      it('catches up on stored events, signals it, then delivers live appends in order', async () => {
        const marker = await store.append(stream('marker'), events(1), 'no_stream');
        await store.append(stream('one'), events(3), 'no_stream');
        const subscription = store.subscribeToAll({
          after: marker.position,
          filter: { streamPrefixes: [prefix] },
        });
        let appendedLive = false;
        const received = await takeUntil(subscription, (messages) => {
          if (messages.at(-1)?.kind === 'caught_up' && !appendedLive) {
            appendedLive = true;
            void store.append(stream('two'), events(2), 'no_stream');
          }
          return eventsOf(messages).length === 5;
        });
        await subscription.close();
        const kinds = received.map((m) =>
          m.kind === 'event' ? m.event.streamId.slice(prefix.length) : m.kind,
        );
        expect(kinds).toEqual(['one', 'one', 'one', 'caught_up', 'two', 'two']);
        const positions = eventsOf(received).map((e) => e.position);
        for (let i = 1; i < positions.length; i++)
          expect(comparePositions(positions[i], positions[i - 1])).toBe(1);
      });

      it('resumes strictly after the given position', async () => {
        const marker = await store.append(stream('marker'), events(1), 'no_stream');
        await store.append(stream('r'), events(4), 'no_stream');
        const all = await store.readStream(stream('r'), { maxCount: 10 });
        const subscription = store.subscribeToAll({
          after: all[1].position,
          filter: { streamPrefixes: [prefix] },
        });
        const received = await takeUntil(subscription, (m) => m.at(-1)?.kind === 'caught_up');
        await subscription.close();
        expect(eventsOf(received).map((e) => e.revision)).toEqual([2n, 3n]);
        expect(comparePositions(all[0].position, marker.position)).toBe(1);
      });

      it('applies the filter to live events and ends when closed', async () => {
        const marker = await store.append(stream('marker'), events(1), 'no_stream');
        const subscription = store.subscribeToAll({
          after: marker.position,
          filter: { streamPrefixes: [prefix], eventTypes: ['Wanted'] },
        });
        const received = takeUntil(subscription, (m) => eventsOf(m).length === 2);
        await store.append(stream('f'), [newEvent('Unwanted'), newEvent('Wanted', { k: 1 })], 'no_stream');
        await store.append(stream('f'), [newEvent('Unwanted'), newEvent('Wanted', { k: 2 })], 1n);
        const messages = await received;
        expect(eventsOf(messages).map((e) => e.data.k)).toEqual([1, 2]);
        await subscription.close();
        await subscription.close();
      });
    });
  });
}
