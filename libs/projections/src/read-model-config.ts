import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { MAX_PARTITIONS } from './partitions';
import type { ReadModelStore } from './read-model-store';
import { RedisReadModelStore } from './redis/redis-read-model-store';
import { SqliteReadModelStore } from './sqlite/sqlite-read-model-store';

export type ReadModelStoreConfig = (
  { readonly kind: 'sqlite'; readonly filename: string } | { readonly kind: 'redis'; readonly url: string }
) & {
  /** Keep large documents deflated (READ_MODEL_DEFLATE); unset: the store's default (Redis on, SQLite off). */
  readonly deflate?: boolean;
};

export interface ReadSideConfig {
  readonly store: ReadModelStoreConfig;
  /** `embedded`: the api runs the projector itself; `off`: a separate projector process does (apps/projector). */
  readonly projector: 'embedded' | 'off';
  /**
   * Where an embedded projector runs: `worker`, on a thread of the api process, when the event store is a
   * SQLite file the thread can open too; `main`, on the api's event loop (also the fallback). By default
   * `worker` wherever there is a second core: on two cores, with the load generator beside it, the api
   * did 1.7× the commands with 0.3× the p99 of `main` for about 1.4× its RSS (bench/api-memory.ts, each
   * placement twice, interleaved); on one core they would only take turns.
   */
  readonly projectorThread: 'worker' | 'main';
  /**
   * The nice value of the projector's thread (Linux; 0 to 19): commands first where cores are scarce.
   * At 5 (the default) the api did more commands with a lower p99 under full load, and its read models
   * finished applying a 10 s burst 3-5 s after it rather than about 1 s; 0 keeps them closest.
   */
  readonly projectorNice: number;
  /**
   * Partitions of each read model's versions (1 to 256): several projector processes share them, each
   * working the partitions whose leases it holds. Changing it rebuilds the read models on start.
   */
  readonly partitions: number;
}

export const DEFAULT_PROJECTOR_NICE = 5;

export class ReadModelConfigurationError extends Error {
  override readonly name = 'ReadModelConfigurationError';
}

/**
 * READ_MODEL_STORE=sqlite (default: `<CCM_DATA_DIR>/read-models.sqlite`) or redis (REDIS_URL).
 * CCM_PROJECTOR=embedded|off; by default the api projects itself with SQLite and leaves it to the
 * projector process with Redis (the docker-compose shape). CCM_PROJECTOR_THREAD=worker|main: where the
 * embedded projector runs, CCM_PROJECTOR_NICE=0..19 at which priority, READ_MODEL_PARTITIONS=1..256 into
 * how many partitions (see ReadSideConfig). READ_MODEL_DEFLATE=on|off: whether the store keeps large
 * documents deflated (default: on with Redis, off with SQLite).
 */
export function loadReadSideConfig(
  env: NodeJS.ProcessEnv = process.env,
  cores: number = availableParallelism(),
): ReadSideConfig {
  const dataDir = resolve(env.CCM_DATA_DIR ?? './data');
  const kind = env.READ_MODEL_STORE ?? 'sqlite';
  let store: ReadModelStoreConfig;
  if (kind === 'sqlite') store = { kind, filename: join(dataDir, 'read-models.sqlite') };
  else if (kind === 'redis') store = { kind, url: env.REDIS_URL ?? 'redis://127.0.0.1:6379' };
  else throw new ReadModelConfigurationError('READ_MODEL_STORE must be sqlite or redis');
  const deflate = env.READ_MODEL_DEFLATE;
  if (deflate !== undefined && deflate !== 'on' && deflate !== 'off') {
    throw new ReadModelConfigurationError('READ_MODEL_DEFLATE must be on or off');
  }
  if (deflate !== undefined) store = { ...store, deflate: deflate === 'on' };
  const projector = env.CCM_PROJECTOR ?? (store.kind === 'sqlite' ? 'embedded' : 'off');
  if (projector !== 'embedded' && projector !== 'off') {
    throw new ReadModelConfigurationError('CCM_PROJECTOR must be embedded or off');
  }
  const projectorThread = env.CCM_PROJECTOR_THREAD ?? (cores > 1 ? 'worker' : 'main');
  if (projectorThread !== 'worker' && projectorThread !== 'main') {
    throw new ReadModelConfigurationError('CCM_PROJECTOR_THREAD must be worker or main');
  }
  const nice = env.CCM_PROJECTOR_NICE ?? String(DEFAULT_PROJECTOR_NICE);
  if (!/^\d{1,2}$/.test(nice) || Number(nice) > 19) {
    throw new ReadModelConfigurationError('CCM_PROJECTOR_NICE must be a whole number from 0 to 19');
  }
  const partitions = env.READ_MODEL_PARTITIONS ?? '1';
  if (!/^\d{1,3}$/.test(partitions) || Number(partitions) < 1 || Number(partitions) > MAX_PARTITIONS) {
    throw new ReadModelConfigurationError(
      `READ_MODEL_PARTITIONS must be a whole number from 1 to ${MAX_PARTITIONS}`,
    );
  }
  return { store, projector, projectorThread, projectorNice: Number(nice), partitions: Number(partitions) };
}

export function openReadModelStore(config: ReadModelStoreConfig): ReadModelStore {
  switch (config.kind) {
    case 'sqlite':
      mkdirSync(dirname(config.filename), { recursive: true });
      return new SqliteReadModelStore({ filename: config.filename, deflateLargeDocuments: config.deflate });
    case 'redis':
      return new RedisReadModelStore({ url: config.url, deflateLargeDocuments: config.deflate });
  }
}

/** Where the store is, without credentials (REDIS_URL may carry a password). */
export function describeReadModelStore(config: ReadModelStoreConfig): string {
  if (config.kind === 'sqlite') return `sqlite at ${config.filename}`;
  try {
    const url = new URL(config.url);
    if (config.url.startsWith('redis-cluster://')) return 'redis cluster';
    return `redis at ${url.hostname}:${url.port || '6379'}`;
  } catch {
    return 'redis';
  }
}
