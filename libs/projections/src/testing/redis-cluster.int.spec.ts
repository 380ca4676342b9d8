/**
 * The test cluster is a real Redis Cluster: keys spread over the masters, transactions stay inside one hash
 * slot, and a killed master is replaced by its replica while an ioredis Cluster client keeps working.
 */
import Redis, { Cluster } from 'ioredis';
import { startRedisCluster, type TestRedisCluster } from './redis-cluster';

const MINUTE = 60_000;

/** Retries `attempt` until it succeeds: during a failover a client sees errors for a moment. */
async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startRedisCluster', () => {
  let cluster: TestRedisCluster;
  let client: Cluster;
  let killedMaster = 0;
  const direct: Redis[] = [];
  const connect = (port: number): Redis => {
    const connection = new Redis({
      host: '127.0.0.1',
      port,
      maxRetriesPerRequest: 1,
      retryStrategy: () => null,
    });
    direct.push(connection);
    return connection;
  };

  beforeAll(async () => {
    cluster = await startRedisCluster();
    client = new Cluster(cluster.startupNodes, {
      clusterRetryStrategy: () => 100,
      retryDelayOnFailover: 200,
      retryDelayOnClusterDown: 200,
      redisOptions: { connectTimeout: 1000, maxRetriesPerRequest: 1 },
    });
    await new Promise((resolve) => client.once('ready', resolve));
  }, MINUTE);

  /** A second disconnect of an ended connection leaves a timer behind that keeps jest waiting. */
  const disconnectClients = (): void => {
    for (const connection of [...direct.splice(0), client]) {
      if (connection && connection.status !== 'end') connection.disconnect();
    }
  };

  afterAll(async () => {
    disconnectClients();
    await cluster?.close();
  }, MINUTE);

  it('starts three masters with one replica each', async () => {
    const masters = cluster.nodes.filter((node) => node.role === 'master');
    expect(cluster.nodes).toHaveLength(6);
    expect(masters).toHaveLength(3);
    expect(cluster.startupNodes).toEqual(
      cluster.nodes.map((node) => ({ host: '127.0.0.1', port: node.port })),
    );
    expect(cluster.url).toBe(`redis-cluster://${masters.map((node) => `127.0.0.1:${node.port}`).join(',')}`);
    const info = String(await client.cluster('INFO'));
    expect(info).toContain('cluster_state:ok');
    expect(info).toContain('cluster_slots_ok:16384');
  });

  it('spreads keys over every master and reads them back', async () => {
    const keys = Array.from({ length: 200 }, (_, index) => `spread:${index}`);
    await Promise.all(keys.map((key, index) => client.set(key, String(index))));
    const values = await Promise.all(keys.map((key) => client.get(key)));
    expect(values).toEqual(keys.map((_, index) => String(index)));
    const sizes = await Promise.all(client.nodes('master').map((node) => node.dbsize()));
    expect(sizes).toHaveLength(3);
    sizes.forEach((size) => expect(size).toBeGreaterThan(0));
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(200);
  });

  it('finds the master that serves a key', async () => {
    const port = await cluster.masterForKey('{t1}:a');
    const slot = Number(await client.cluster('KEYSLOT', '{t1}:a'));
    expect(await cluster.masterOf(slot)).toBe(port);
    expect(cluster.nodes.find((node) => node.port === port)?.role).toBe('master');
    await client.set('{t1}:owner', 'x');
    expect(await connect(port).get('{t1}:owner')).toBe('x');
  });

  it('runs a transaction inside one hash tag and refuses one across two with CROSSSLOT', async () => {
    const results = await client.multi().set('{t1}:a', 'a1').set('{t1}:b', 'b1').exec();
    expect(results).toEqual([
      [null, 'OK'],
      [null, 'OK'],
    ]);
    // Straight to the node, so that the server refuses and not only the client's slot check; the second tag
    // lives on the same master in another slot, so that the answer is CROSSSLOT rather than MOVED.
    const port = await cluster.masterForKey('{t1}');
    let other = 2;
    while ((await cluster.masterForKey(`{t${other}}`)) !== port) other += 1;
    const refused = connect(port).multi().set('{t1}:a', 'a2').set(`{t${other}}:b`, 'b2').exec();
    // Each SET is queued; EXEC sees the two slots together and discards the transaction.
    await expect(refused).rejects.toThrow(/^CROSSSLOT/);
    expect(await client.mget('{t1}:a', '{t1}:b')).toEqual(['a1', 'b1']);
  });

  it(
    'promotes a replica when the master of {t1} dies, and the client carries on',
    async () => {
      const doomed = (killedMaster = await cluster.masterForKey('{t1}'));
      // Replication is asynchronous: make sure the replica holds the keys before the master dies.
      expect(await connect(doomed).wait(1, 5000)).toBe(1);
      const killedAt = Date.now();
      await cluster.killMaster(doomed);
      const promoted = await cluster.waitForFailover(doomed, 20_000);
      expect(Date.now() - killedAt).toBeLessThan(10_000);
      expect(promoted).not.toBe(doomed);
      expect(cluster.nodes.find((node) => node.port === promoted)?.role).toBe('replica');
      expect(await cluster.masterForKey('{t1}')).toBe(promoted);

      expect(await eventually(() => client.mget('{t1}:a', '{t1}:b'))).toEqual(['a1', 'b1']);
      await eventually(() => client.multi().set('{t1}:a', 'a3').set('{t1}:b', 'b3').exec());
      expect(await client.mget('{t1}:a', '{t1}:b')).toEqual(['a3', 'b3']);
    },
    MINUTE,
  );

  it(
    'restarts the killed node as a replica of its successor',
    async () => {
      const port = killedMaster;
      expect(cluster.nodes.find((node) => node.port === port)?.process.signalCode).toBe('SIGKILL');
      await cluster.restartNode(port);
      const replication = String(await connect(port).info('replication'));
      expect(replication).toContain('role:slave');
      expect(replication).toContain(`master_port:${await cluster.masterForKey('{t1}')}`);
      expect(await eventually(() => client.get('{t1}:a'))).toBe('a3');
    },
    MINUTE,
  );

  it(
    'leaves no redis-server of its own running after close',
    async () => {
      const pids = cluster.nodes.map((node) => node.process.pid);
      pids.forEach((pid) => expect(pid).toEqual(expect.any(Number)));
      disconnectClients();
      await cluster.close();
      expect(pids.filter((pid) => pid !== undefined && isRunning(pid))).toEqual([]);
    },
    MINUTE,
  );
});
