/**
 * The read-model store contract: every adapter runs these same tests (SQLite on a file, Redis on a
 * redis-server the suite starts itself).
 */
import {
  CheckpointConflictError,
  prefixEnd,
  type DocumentWrite,
  type ReadModelStore,
  type VersionRef,
} from '../read-model-store';
import { doc, largeDocument, uniqueProjection } from './contract-documents';
import { describeBatchesContract } from './read-model-store-batches-contract';
import { describePartitionContract } from './read-model-store-partition-contract';
import { describeVersionContract } from './read-model-store-version-contract';

export interface ContractSubject {
  readonly store: ReadModelStore;
  close(): Promise<void>;
}

export function describeReadModelStoreContract(name: string, open: () => Promise<ContractSubject>): void {
  describe(`read-model store contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: ReadModelStore;
    let projection: string;
    let ref: VersionRef;

    beforeEach(async () => {
      subject = await open();
      store = subject.store;
      projection = uniqueProjection();
      ref = { projection, version: await store.createVersion(projection, 1) };
    });
    afterEach(() => subject.close());
    describeVersionContract(() => ({ store, projection, ref }));
    describe('partitions', () => describePartitionContract(() => ({ store, projection })));
    describe('several read models at once', () => describeBatchesContract(() => ({ store, ref })));

    it('writes documents and the checkpoint together and returns documents byte for byte', async () => {
      const json = '{"b":1,"a":"é","nested":{"z":[1,2]}}';
      await store.applyBatch(ref, {
        expectedCheckpoint: null,
        checkpoint: '7/7',
        writes: [
          {
            key: { practiceId: 'p1', collection: 'c', id: 'x' },
            document: { json, lists: [{ list: 'l', sortKey: 'k' }] },
          },
        ],
      });
      expect(await store.checkpoint(ref)).toBe('7/7');
      const [found, missing] = await store.getDocuments(ref, [
        { practiceId: 'p1', collection: 'c', id: 'x' },
        { practiceId: 'p1', collection: 'c', id: 'y' },
      ]);
      expect(found).toEqual({ json, lists: [{ list: 'l', sortKey: 'k' }] });
      expect(missing).toBeUndefined();
    });

    it('returns a document of many kilobytes byte for byte, read by key and in a list', async () => {
      const json = largeDocument();
      const key = { practiceId: 'p1', collection: 'c', id: 'big' };
      await store.applyBatch(ref, {
        expectedCheckpoint: null,
        checkpoint: '1/1',
        writes: [{ key, document: { json, lists: [{ list: 'l', sortKey: 'k' }] } }],
      });
      expect((await store.getDocuments(ref, [key]))[0]?.json).toBe(json);
      const listed = await store.list(ref, { practiceId: 'p1', collection: 'c', list: 'l', limit: 10 });
      expect(listed.map((d) => d.json)).toEqual([json]);
    });

    it('refuses a batch whose expected checkpoint is not the stored one, writing nothing', async () => {
      await store.applyBatch(ref, { expectedCheckpoint: null, checkpoint: '1/1', writes: [] });
      await expect(
        store.applyBatch(ref, {
          expectedCheckpoint: null,
          checkpoint: '2/2',
          writes: [doc('p1', 'c', 'x', { v: 1 })],
        }),
      ).rejects.toBeInstanceOf(CheckpointConflictError);
      expect(await store.checkpoint(ref)).toBe('1/1');
      expect(await store.getDocuments(ref, [{ practiceId: 'p1', collection: 'c', id: 'x' }])).toEqual([
        undefined,
      ]);
    });

    it('keeps practices apart: same collection and id, different documents and lists', async () => {
      await store.applyBatch(ref, {
        expectedCheckpoint: null,
        checkpoint: '1/1',
        writes: [
          {
            key: { practiceId: 'p1', collection: 'c', id: 'x' },
            document: { json: '{"p":1}', lists: [{ list: 'all', sortKey: 'a' }] },
          },
          {
            key: { practiceId: 'p2', collection: 'c', id: 'x' },
            document: { json: '{"p":2}', lists: [{ list: 'all', sortKey: 'a' }] },
          },
        ],
      });
      const [one, two] = await store.getDocuments(ref, [
        { practiceId: 'p1', collection: 'c', id: 'x' },
        { practiceId: 'p2', collection: 'c', id: 'x' },
      ]);
      expect([one?.json, two?.json]).toEqual(['{"p":1}', '{"p":2}']);
      const listed = await store.list(ref, { practiceId: 'p2', collection: 'c', list: 'all', limit: 10 });
      expect(listed.map((d) => d.json)).toEqual(['{"p":2}']);
    });

    it('lists by sort key then id, with bounds, a cursor and a limit', async () => {
      const entries: [string, string][] = [
        ['b', 'id2'],
        ['a', 'id9'],
        ['b', 'id1'],
        ['c', 'id0'],
        ['ba', 'id3'],
      ];
      await store.applyBatch(ref, {
        expectedCheckpoint: null,
        checkpoint: '1/1',
        writes: entries.map(([sortKey, id]) => ({
          key: { practiceId: 'p1', collection: 'c', id },
          document: { json: JSON.stringify({ id }), lists: [{ list: 'l', sortKey }] },
        })),
      });
      const all = await store.list(ref, { practiceId: 'p1', collection: 'c', list: 'l', limit: 100 });
      expect(all.map((d) => `${d.sortKey}:${d.id}`)).toEqual(['a:id9', 'b:id1', 'b:id2', 'ba:id3', 'c:id0']);
      const page = await store.list(ref, {
        practiceId: 'p1',
        collection: 'c',
        list: 'l',
        after: { sortKey: 'b', id: 'id1' },
        limit: 2,
      });
      expect(page.map((d) => d.id)).toEqual(['id2', 'id3']);
      const prefixed = await store.list(ref, {
        practiceId: 'p1',
        collection: 'c',
        list: 'l',
        gte: 'b',
        lt: prefixEnd('b'),
        limit: 100,
      });
      expect(prefixed.map((d) => d.id)).toEqual(['id1', 'id2', 'id3']);
      const below = await store.list(ref, {
        practiceId: 'p1',
        collection: 'c',
        list: 'l',
        lt: 'b',
        limit: 100,
      });
      expect(below.map((d) => d.id)).toEqual(['id9']);
      expect(JSON.parse(all[0].json)).toEqual({ id: 'id9' });
    });

    it('moves a document within and between lists when its memberships change, and unlists it on delete', async () => {
      const key = { practiceId: 'p1', collection: 'c', id: 'x' };
      await store.applyBatch(ref, {
        expectedCheckpoint: null,
        checkpoint: '1/1',
        writes: [
          {
            key,
            document: {
              json: '{"v":1}',
              lists: [
                { list: 'a', sortKey: '1' },
                { list: 'b', sortKey: '1' },
              ],
            },
          },
        ],
      });
      await store.applyBatch(ref, {
        expectedCheckpoint: '1/1',
        checkpoint: '2/2',
        writes: [{ key, document: { json: '{"v":2}', lists: [{ list: 'a', sortKey: '2' }] } }],
      });
      const listA = await store.list(ref, { practiceId: 'p1', collection: 'c', list: 'a', limit: 10 });
      expect(listA.map((d) => [d.sortKey, d.json])).toEqual([['2', '{"v":2}']]);
      expect(await store.list(ref, { practiceId: 'p1', collection: 'c', list: 'b', limit: 10 })).toEqual([]);
      await store.applyBatch(ref, {
        expectedCheckpoint: '2/2',
        checkpoint: '3/3',
        writes: [{ key, document: null }],
      });
      expect(await store.list(ref, { practiceId: 'p1', collection: 'c', list: 'a', limit: 10 })).toEqual([]);
      expect(await store.getDocuments(ref, [key])).toEqual([undefined]);
    });

    it('trusts the memberships the writer read (previousLists) instead of reading them again', async () => {
      const key = { practiceId: 'p1', collection: 'c', id: 'x' };
      const listed = async (list: string) =>
        (await store.list(ref, { practiceId: 'p1', collection: 'c', list, limit: 10 })).map((d) => [
          d.sortKey,
          d.id,
          d.json,
        ]);
      await store.applyBatch(ref, {
        expectedCheckpoint: null,
        checkpoint: '1/1',
        writes: [
          { key, document: { json: '{"v":1}', lists: [{ list: 'a', sortKey: '1' }] }, previousLists: [] },
          { ...doc('p1', 'c', 'y', { v: 1 }, [{ list: 'a', sortKey: '0' }]), previousLists: [] },
        ],
      });
      await store.applyBatch(ref, {
        expectedCheckpoint: '1/1',
        checkpoint: '2/2',
        writes: [
          {
            key,
            document: { json: '{"v":2}', lists: [{ list: 'b', sortKey: '2' }] },
            previousLists: [{ list: 'a', sortKey: '1' }],
          },
          {
            key: { practiceId: 'p1', collection: 'c', id: 'y' },
            document: null,
            previousLists: [{ list: 'a', sortKey: '0' }],
          },
        ],
      });
      expect(await listed('a')).toEqual([]);
      expect(await listed('b')).toEqual([['2', 'x', '{"v":2}']]);
      const [x, y] = await store.getDocuments(ref, [key, { practiceId: 'p1', collection: 'c', id: 'y' }]);
      expect(x).toEqual({ json: '{"v":2}', lists: [{ list: 'b', sortKey: '2' }] });
      expect(y).toBeUndefined();
    });

    it('ends a key written twice in one batch as its last write', async () => {
      const key = { practiceId: 'p1', collection: 'c', id: 'x' };
      await store.applyBatch(ref, {
        expectedCheckpoint: null,
        checkpoint: '1/1',
        writes: [
          { key, document: { json: '{"v":1}', lists: [{ list: 'a', sortKey: '1' }] } },
          { key, document: { json: '{"v":2}', lists: [{ list: 'a', sortKey: '2' }] } },
          { key: { ...key, id: 'gone' }, document: { json: '{}', lists: [{ list: 'a', sortKey: '3' }] } },
          { key: { ...key, id: 'gone' }, document: null },
        ],
      });
      const listed = await store.list(ref, { practiceId: 'p1', collection: 'c', list: 'a', limit: 10 });
      expect(listed.map((d) => [d.sortKey, d.id, d.json])).toEqual([['2', 'x', '{"v":2}']]);
      expect(await store.getDocuments(ref, [{ ...key, id: 'gone' }])).toEqual([undefined]);
    });

    it('applies nothing of a batch that fails partway through', async () => {
      const poisoned: DocumentWrite = {
        get key(): DocumentWrite['key'] {
          throw new Error('injected failure');
        },
        document: { json: '{}', lists: [] },
      };
      await expect(
        store.applyBatch(ref, {
          expectedCheckpoint: null,
          checkpoint: '5/5',
          writes: [doc('p1', 'c', 'first', { ok: true }, []), poisoned, doc('p1', 'c', 'last', {})],
        }),
      ).rejects.toThrow('injected failure');
      expect(await store.checkpoint(ref)).toBeNull();
      expect(await store.getDocuments(ref, [{ practiceId: 'p1', collection: 'c', id: 'first' }])).toEqual([
        undefined,
      ]);
      // The store is still usable afterwards.
      await store.applyBatch(ref, {
        expectedCheckpoint: null,
        checkpoint: '5/5',
        writes: [doc('p1', 'c', 'first', {})],
      });
      expect(await store.checkpoint(ref)).toBe('5/5');
    });
  });
}
