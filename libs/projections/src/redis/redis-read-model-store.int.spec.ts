import Redis from 'ioredis';
import { doc } from '../testing/contract-documents';
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
