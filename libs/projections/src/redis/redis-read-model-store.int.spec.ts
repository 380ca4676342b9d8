import Redis from 'ioredis';
import { doc, storeTwoLargeDocuments } from '../testing/contract-documents';
import { redisKeys } from './redis-keys';
import { describeReadModelStoreContract } from '../testing/read-model-store-contract';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server';
import { RedisReadModelStore } from './redis-read-model-store';
import { ReadModelStoreUnavailableError } from '../read-model-store';

let server: TestRedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(() => server.close());

describeReadModelStoreContract('Redis (private redis-server)', async () => {
  const store = new RedisReadModelStore({ url: server.url });
  await store.ready();
  return { store, close: () => store.close() };
});

describe('Redis read-model store while Redis is down', () => {
  it('fails fast with ReadModelStoreUnavailableError and works again once Redis is back', async () => {
    const store = new RedisReadModelStore({ url: server.url, commandTimeoutMs: 1000 });
    await store.ready();
    const version = await store.createVersion('outage-probe', 1);
    await server.stop();
    await expect(store.checkpoint({ projection: 'outage-probe', version })).rejects.toBeInstanceOf(
      ReadModelStoreUnavailableError,
    );
    await expect(
      store.applyBatch(
        { projection: 'outage-probe', version },
        { expectedCheckpoint: null, checkpoint: '1/1', writes: [] },
      ),
    ).rejects.toBeInstanceOf(ReadModelStoreUnavailableError);
    await server.start();
    await store.ready();
    // A fresh server (no persistence) has lost everything: the version is gone, which is a conflict.
    expect(await store.activeVersion('outage-probe')).toBeUndefined();
    await store.close();
  });
});

describe('Redis read-model keys of the layout before partitions', () => {
  it('are removed on request; keys of the current layout and of other applications stay', async () => {
    const store = new RedisReadModelStore({ url: server.url });
    await store.ready();
    const admin = new Redis(server.url);
    const version = await store.createVersion('earlier-layout', 1);
    await store.applyBatch(
      { projection: 'earlier-layout', version },
      { expectedCheckpoint: null, checkpoint: '1/1', writes: [doc('p1', 'c', 'x', { kept: true })] },
    );
    await admin.hset('ccm:@rm:patient-months', 'active', '1');
    await admin.set('ccm:@rm:patient-months:v1:checkpoint', '5/5');
    await admin.hset('ccm:p1:patient-months:v1:d:month', 'pt-1', '{}');
    await admin.set('other-app:key', 'mine');
    // Nothing of an earlier layout for these names: no scan, nothing removed.
    expect(await store.removeEarlierKeyLayout(['care-outcomes'])).toBe(0);
    expect(await admin.exists('ccm:p1:patient-months:v1:d:month')).toBe(1);
    expect(await store.removeEarlierKeyLayout(['care-outcomes', 'patient-months'])).toBe(3);
    expect(await admin.exists('ccm:@rm:patient-months', 'ccm:p1:patient-months:v1:d:month')).toBe(0);
    expect(await admin.get('other-app:key')).toBe('mine');
    const [kept] = await store.getDocuments({ projection: 'earlier-layout', version }, [
      { practiceId: 'p1', collection: 'c', id: 'x' },
    ]);
    expect(kept?.json).toBe('{"kept":true}');
    admin.disconnect();
    await store.close();
  });
});

describe('a large document in Redis', () => {
  it('is kept deflated by default, and one kept as its JSON text (deflating turned off) still reads', async () => {
    const store = new RedisReadModelStore({ url: server.url });
    await store.ready();
    const admin = new Redis(server.url);
    try {
      const { ref, json } = await storeTwoLargeDocuments(store);
      const documents = redisKeys.documents({ ...ref, partition: 0 }, 'p1', 'c');
      expect((await admin.hget(documents, 'deflated'))?.length).toBeLessThan(json.length / 3);
      await admin.hset(documents, 'plain', json);
      const found = await store.getDocuments(ref, [
        { practiceId: 'p1', collection: 'c', id: 'deflated' },
        { practiceId: 'p1', collection: 'c', id: 'plain' },
      ]);
      expect(found.map((d) => d?.json)).toEqual([json, json]);
      const plain = new RedisReadModelStore({ url: server.url, deflateLargeDocuments: false });
      await plain.ready();
      await plain.applyBatch(ref, {
        expectedCheckpoint: '1/1',
        checkpoint: '2/2',
        writes: [
          { key: { practiceId: 'p1', collection: 'c', id: 'written-plain' }, document: { json, lists: [] } },
        ],
      });
      expect(await admin.hget(documents, 'written-plain')).toBe(json);
      expect(
        (await store.getDocuments(ref, [{ practiceId: 'p1', collection: 'c', id: 'written-plain' }]))[0]
          ?.json,
      ).toBe(json);
      await plain.close();
    } finally {
      admin.disconnect();
      await store.close();
    }
  });
});
