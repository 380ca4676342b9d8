import type { DocumentKey, ReadModelStore, StoredDocument } from '../read-model-store';
import { DocumentSession, keyOf } from './document-session';

const REF = { projection: 'p', version: 1 };
const key = (id: string): DocumentKey => ({ practiceId: 'pr', collection: 'c', id });

/** A store holding a few documents that counts what it is asked to read. */
function storeWith(documents: Record<string, StoredDocument>) {
  const read: string[] = [];
  const store = {
    getDocuments: async (_ref: unknown, keys: readonly DocumentKey[]) => {
      read.push(...keys.map((k) => k.id));
      return keys.map((k) => documents[k.id]);
    },
  } as unknown as ReadModelStore;
  return { store, read };
}

describe('DocumentSession', () => {
  it('hands each write the memberships it read, and none when it never read the key', async () => {
    const { store } = storeWith({ a: { json: '{"v":1}', lists: [{ list: 'l', sortKey: '1' }] } });
    const session = new DocumentSession(store, REF);
    await session.prefetch([key('a'), key('b')]);
    session.put(key('a'), { v: 2 });
    session.put(key('b'), { v: 1 }, [{ list: 'l', sortKey: '2' }]);
    session.put(key('c'), { v: 1 });
    expect(session.writes()).toEqual([
      {
        key: key('a'),
        document: { json: '{"v":2}', lists: [] },
        previousLists: [{ list: 'l', sortKey: '1' }],
      },
      {
        key: key('b'),
        document: { json: '{"v":1}', lists: [{ list: 'l', sortKey: '2' }] },
        previousLists: [],
      },
      { key: key('c'), document: { json: '{"v":1}', lists: [] } },
    ]);
  });

  it('with known keys (a rebuild), reads only keys the version may hold and learns the keys it writes', async () => {
    const { store, read } = storeWith({ a: { json: '{"v":1}', lists: [] } });
    const knownKeys = new Set([keyOf(key('a'))]);
    const first = new DocumentSession(store, REF, { knownKeys });
    expect(await first.get(key('a'))).toEqual({ v: 1 });
    expect(await first.get(key('b'))).toBeUndefined();
    expect(read).toEqual(['a']);
    first.put(key('b'), { v: 1 });
    expect(first.writes()[0]).toMatchObject({ key: key('b'), previousLists: [] });
    expect(knownKeys.has(keyOf(key('b')))).toBe(true);
    const second = new DocumentSession(store, REF, { knownKeys });
    await second.get(key('b'));
    expect(read).toEqual(['a', 'b']);
  });

  it('serialises a document shared by several sessions once, to the same text', () => {
    const { store } = storeWith({});
    const shared = { v: [1, 2, 3] };
    const one = new DocumentSession(store, REF);
    const two = new DocumentSession(store, { projection: 'q', version: 1 });
    one.put(key('a'), shared);
    two.put(key('z'), shared);
    expect(one.writes()[0].document?.json).toBe(two.writes()[0].document?.json);
  });
});
