import { loadIdentityConfig, type IdentityConfig } from '@ccm/auth';
import { MAX_ACCESS_LOG_SHARDS } from '@ccm/domain';
import { DEFAULT_STATE_CACHE_CAPACITY } from '@ccm/record';
import { loadHttpConfig, type HttpConfig } from './http-config';
import { join, resolve } from 'node:path';

export type EventStoreKind = 'sqlite' | 'eventstoredb' | 'memory';

export interface AppConfig {
  readonly port: number;
  readonly dataDir: string;
  readonly eventStore:
    | { readonly kind: 'sqlite'; readonly filename: string; readonly synchronous: 'FULL' | 'NORMAL' }
    | { readonly kind: 'eventstoredb'; readonly connectionString: string }
    | { readonly kind: 'memory' };
  /** The HS256 secret; empty when tokens come from an identity provider (`identity.keys.kind === 'jwks'`). */
  readonly jwtSecret: string;
  readonly isDevelopmentSecret: boolean;
  /** How bearer tokens are verified (CCM_JWT_*); absent: HS256 with `jwtSecret` and the default policy. */
  readonly identity?: IdentityConfig;
  /**
   * Limits and exposure of the http api (CCM_HTTP_*, CCM_PANEL_IMPORT_LIMIT_BYTES, CCM_RATE_LIMIT_*,
   * CCM_DOCS); absent: see HttpConfig.
   */
  readonly http?: HttpConfig;
  readonly production: boolean;
  /** Signs audit anchors (CCM_ANCHOR_KEY, CCM_ANCHOR_KEY_ID); anchors are refused without it. */
  readonly anchorKey?: { readonly keyId: string; readonly secret: string };
  /**
   * With a key, how often this process signs an anchor of everything new (CCM_ANCHOR_INTERVAL_MINUTES,
   * 60 by default; 0 or absent: off. Leave it on in one process per store).
   */
  readonly anchorIntervalMinutes?: number;
  /**
   * How many events the api's cached patient states may have been folded from, all patients together
   * (CCM_STATE_CACHE_EVENTS, 50,000 by default; a patient's state takes 1-2 KiB an event; the practices'
   * states have an allowance of their own, as large). Past it the least recently used patients are dropped
   * and read again from the store when next needed; 0 caches nothing.
   */
  readonly stateCacheEvents?: number;
  /**
   * How many streams each practice's practice-wide access log is spread over (ACCESS_LOG_SHARDS, 1 to
   * 32, 1 by default: one stream). Each api process writes one shard, chosen at random when it starts
   * and changed when it races another process for it; set it to at least the number of api replicas.
   */
  readonly accessLogShards?: number;
}

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** ACCESS_LOG_SHARDS: read apart too, by CLI commands that log reads without the rest of the config. */
export function accessLogShardsOf(env: NodeJS.ProcessEnv): number {
  const shards = Number(env.ACCESS_LOG_SHARDS ?? 1);
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_ACCESS_LOG_SHARDS)
    throw new ConfigurationError(
      `ACCESS_LOG_SHARDS must be a whole number of streams from 1 to ${MAX_ACCESS_LOG_SHARDS}`,
    );
  return shards;
}

/** Everything the api reads from its environment; with nothing set it runs embedded, on one machine. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigurationError('PORT must be a port number');
  const dataDir = resolve(env.CCM_DATA_DIR ?? './data');
  const kind = (env.EVENT_STORE ?? 'sqlite') as EventStoreKind;
  const identity = loadIdentityConfig(env);
  const anchorKey = env.CCM_ANCHOR_KEY
    ? { keyId: env.CCM_ANCHOR_KEY_ID ?? 'default', secret: env.CCM_ANCHOR_KEY }
    : undefined;
  const anchorIntervalMinutes = Number(env.CCM_ANCHOR_INTERVAL_MINUTES ?? 60);
  if (!Number.isInteger(anchorIntervalMinutes) || anchorIntervalMinutes < 0)
    throw new ConfigurationError('CCM_ANCHOR_INTERVAL_MINUTES must be a whole number of minutes (0: off)');
  const stateCacheEvents = Number(env.CCM_STATE_CACHE_EVENTS ?? DEFAULT_STATE_CACHE_CAPACITY.events);
  if (!Number.isInteger(stateCacheEvents) || stateCacheEvents < 0)
    throw new ConfigurationError('CCM_STATE_CACHE_EVENTS must be a whole number of events (0: no cache)');
  const accessLogShards = accessLogShardsOf(env);
  const base = {
    port,
    dataDir,
    jwtSecret: identity.keys.kind === 'secret' ? identity.keys.secret : '',
    isDevelopmentSecret: identity.keys.kind === 'secret' && identity.keys.isDevelopmentSecret,
    identity,
    http: loadHttpConfig(env),
    production: env.NODE_ENV === 'production',
    ...(anchorKey ? { anchorKey } : {}),
    anchorIntervalMinutes,
    stateCacheEvents,
    accessLogShards,
  };
  switch (kind) {
    case 'sqlite': {
      const synchronous = (env.CCM_SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
      if (synchronous !== 'FULL' && synchronous !== 'NORMAL') {
        throw new ConfigurationError('CCM_SQLITE_SYNCHRONOUS must be FULL or NORMAL');
      }
      return { ...base, eventStore: { kind, filename: join(dataDir, 'events.sqlite'), synchronous } };
    }
    case 'eventstoredb': {
      const connectionString = env.EVENTSTORE_CONNECTION_STRING;
      if (!connectionString)
        throw new ConfigurationError(
          'EVENTSTORE_CONNECTION_STRING is required with EVENT_STORE=eventstoredb',
        );
      return { ...base, eventStore: { kind, connectionString } };
    }
    case 'memory':
      if (base.production)
        throw new ConfigurationError('EVENT_STORE=memory keeps nothing and is refused in production');
      return { ...base, eventStore: { kind } };
    default:
      throw new ConfigurationError('EVENT_STORE must be sqlite, eventstoredb or memory');
  }
}
