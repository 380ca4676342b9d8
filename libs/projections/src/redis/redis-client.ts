import Redis, { Cluster } from 'ioredis';

/** One Redis server, or a Redis Cluster: the read-model store and the leases work on either. */
export type RedisClient = Redis | Cluster;

const CLUSTER_SCHEME = 'redis-cluster://';

/**
 * `redis-cluster://[[user]:password@]host:port,host:port` names some nodes of a cluster (the client
 * finds the others); any other URL is one server.
 */
export const isClusterUrl = (url: string): boolean => url.startsWith(CLUSTER_SCHEME);

export interface RedisClientOptions {
  readonly commandTimeoutMs?: number;
  readonly connectionName: string;
}

/**
 * Commands fail fast while Redis is down (no offline queue, no resend of in-flight commands); the
 * projector retries whole batches instead. On a cluster, a redirect after a failover is followed.
 */
export function connectRedis(url: string, options: RedisClientOptions): RedisClient {
  const common = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 5000,
    connectTimeout: 2000,
    connectionName: options.connectionName,
    retryStrategy: (attempt: number) => Math.min(50 * 2 ** Math.min(attempt, 6), 2000),
  };
  const cluster = isClusterUrl(url) ? clusterAddress(url) : undefined;
  const client = cluster
    ? new Cluster(cluster.nodes, {
        enableOfflineQueue: false,
        redisOptions: { ...common, ...cluster.credentials },
        clusterRetryStrategy: common.retryStrategy,
        retryDelayOnFailover: 200,
        retryDelayOnClusterDown: 200,
        retryDelayOnTryAgain: 200,
        maxRedirections: 16,
        slotsRefreshTimeout: 2000,
      })
    : new Redis(url, common);
  // Without a listener ioredis prints every failed reconnect; callers report outages themselves.
  client.on('error', () => undefined);
  return client;
}

export function clusterAddress(url: string): {
  nodes: { host: string; port: number }[];
  credentials: { username?: string; password?: string };
} {
  const rest = url.slice(CLUSTER_SCHEME.length);
  const at = rest.lastIndexOf('@');
  const [username, password] = at < 0 ? [] : rest.slice(0, at).split(':').map(decodeURIComponent);
  const credentials = {
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
  };
  return { nodes: clusterNodes(rest.slice(at + 1)), credentials };
}

function clusterNodes(list: string): { host: string; port: number }[] {
  return list
    .split(',')
    .filter((node) => node.trim() !== '')
    .map((node) => {
      const [host, port] = node.trim().replace(/\/.*$/, '').split(':');
      return { host, port: Number(port ?? 6379) };
    });
}

/** Every key matching `pattern`, on each master of a cluster (SCAN is per node). */
export async function* scanKeys(client: RedisClient, pattern: string): AsyncGenerator<string[]> {
  const nodes = client instanceof Cluster ? client.nodes('master') : [client];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) yield keys;
    } while (cursor !== '0');
  }
}

/** Whether the client can answer commands (a cluster once it knows its slots). */
export const isReady = (client: RedisClient): boolean => client.status === 'ready';
