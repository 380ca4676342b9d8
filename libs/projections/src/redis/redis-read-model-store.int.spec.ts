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
