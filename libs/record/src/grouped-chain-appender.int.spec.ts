import { InMemoryEventStore, type EventStore } from '@ccm/event-store';
import { GroupedChainAppender, type ChainEntry } from './grouped-chain-appender';
import { verifyRun } from './integrity/chain-link';
import { readWholeStream } from './stream-reader';

/** A store whose appends take a while (a remote store, a busy disk), counting them. */
function slowStore(inner: EventStore, ms: number): EventStore & { appends: number } {
  const store = Object.create(inner) as EventStore & { appends: number };
  store.appends = 0;
  store.append = async (...args) => {
    store.appends += 1;
    await new Promise((resolve) => setTimeout(resolve, ms));
    return inner.append(...args);
  };
  return store;
}

const entry = (reader: string): ChainEntry => ({
  type: 'PatientRecordAccessed',
  data: { actorId: reader },
  context: {
    actor: { userId: reader, role: 'auditor', practiceId: 'riverside' },
    correlationId: `request-${reader}`,
    causationId: `request-${reader}`,
  },
  recordedAt: new Date('2026-03-31T17:00:00Z'),
});

const STREAM = 'ccm.access.riverside.pt-1';

describe('grouped appends to the end of a chain', () => {
  it('writes fifty concurrent entries in a few appends, each once, in one valid chain', async () => {
    const store = slowStore(new InMemoryEventStore(), 5);
    const appender = new GroupedChainAppender(store);
    const readers = Array.from({ length: 50 }, (_, i) => `reader-${i}`);
    await Promise.all(readers.map((r) => appender.append(STREAM, entry(r))));
    const events = await readWholeStream(store, STREAM);
    expect(events.map((e) => e.data.actorId).sort()).toEqual([...readers].sort());
    expect(events.map((e) => e.metadata.actorId)).toEqual(events.map((e) => e.data.actorId));
    expect(verifyRun(undefined, events)?.revision).toBe(49n);
    // The first entry alone, then everything that waited for it.
    expect(store.appends).toBeLessThanOrEqual(3);
  });

  it('continues the chain after another process appended to the stream, retrying only then', async () => {
    const shared = new InMemoryEventStore();
    const here = new GroupedChainAppender(slowStore(shared, 3));
    const elsewhere = new GroupedChainAppender(slowStore(shared, 2));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? here : elsewhere).append(STREAM, entry(`reader-${i}`)),
      ),
    );
    const events = await readWholeStream(shared, STREAM);
    expect(events).toHaveLength(20);
    expect(new Set(events.map((e) => e.data.actorId)).size).toBe(20);
    expect(verifyRun(undefined, events)?.revision).toBe(19n);
  });

  it('fails the entries of a group the store refuses, and goes on with the next', async () => {
    const inner = new InMemoryEventStore();
    const store = Object.create(inner) as EventStore;
    let fail = true;
    store.append = async (...args) => {
      if (fail) {
        fail = false;
        throw new Error('disk full');
      }
      return inner.append(...args);
    };
    const appender = new GroupedChainAppender(store);
    const first = appender.append(STREAM, entry('first'));
    const second = appender.append(STREAM, entry('second'));
    await expect(first).rejects.toThrow('disk full');
    await expect(second).resolves.toBeUndefined();
    const events = await readWholeStream(inner, STREAM);
    expect(events.map((e) => e.data.actorId)).toEqual(['second']);
    expect(verifyRun(undefined, events)?.revision).toBe(0n);
  });
});
