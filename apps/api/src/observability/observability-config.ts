import { loadLogConfig, type LogConfig } from '@ccm/observability';

/** Where GET /metrics answers, and who may read it. Metrics carry no ids, but say how the practice works. */
export interface MetricsExposure {
  /** `CCM_METRICS=off` turns the endpoint off (the process still counts). */
  readonly enabled: boolean;
  /** METRICS_PORT: a listener of its own for Prometheus; then the api's port does not serve /metrics. */
  readonly port?: number;
  /** METRICS_HOST: where that listener binds (all interfaces by default, for a scraper in the network). */
  readonly host?: string;
  /** METRICS_TOKEN: when set, a scrape must send `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Said once at startup when the endpoint is off although metrics were not turned off. */
  readonly warning?: string;
}

export interface ReadinessConfig {
  /** READY_MAX_LAG: a read model more events behind than this makes the api not ready (default 1000). */
  readonly maxLag: number;
  /** How long the event store may take to answer the readiness probe (READY_TIMEOUT_MS, 2000). */
  readonly timeoutMs: number;
}

export interface ObservabilityConfig {
  readonly log: LogConfig;
  readonly metrics: MetricsExposure;
  readonly readiness: ReadinessConfig;
}

export class ObservabilityConfigurationError extends Error {
  override readonly name = 'ObservabilityConfigurationError';
}

/**
 * In production /metrics is served only on METRICS_PORT or with METRICS_TOKEN: never, by default, to
 * whoever reaches the api's port. In development it is open on the api's port.
 */
export function loadObservabilityConfig(env: NodeJS.ProcessEnv = process.env): ObservabilityConfig {
  const production = env.NODE_ENV === 'production';
  const metricsSwitch = (env.CCM_METRICS ?? 'on').trim().toLowerCase();
  if (metricsSwitch !== 'on' && metricsSwitch !== 'off')
    throw new ObservabilityConfigurationError('CCM_METRICS must be on or off');
  const port = optionalWholeNumber(env.METRICS_PORT, 'METRICS_PORT', 0, 65535);
  const token = env.METRICS_TOKEN === undefined || env.METRICS_TOKEN === '' ? undefined : env.METRICS_TOKEN;
  if (token !== undefined && !/^[\x21-\x7e]{16,256}$/.test(token))
    throw new ObservabilityConfigurationError(
      'METRICS_TOKEN must be 16 to 256 printable characters, no spaces',
    );
  const host = env.METRICS_HOST?.trim() || undefined;
  const exposed = metricsSwitch === 'on' && (!production || port !== undefined || token !== undefined);
  return {
    log: loadLogConfig('api', env),
    metrics: {
      enabled: exposed,
      ...(port !== undefined ? { port } : {}),
      ...(host !== undefined ? { host } : {}),
      ...(token !== undefined ? { token } : {}),
      ...(metricsSwitch === 'on' && !exposed
        ? { warning: 'GET /metrics is off in production until METRICS_PORT or METRICS_TOKEN is set' }
        : {}),
    },
    readiness: {
      maxLag: optionalWholeNumber(env.READY_MAX_LAG, 'READY_MAX_LAG', 0, 4096) ?? 1000,
      timeoutMs: optionalWholeNumber(env.READY_TIMEOUT_MS, 'READY_TIMEOUT_MS', 1, 60_000) ?? 2000,
    },
  };
}

function optionalWholeNumber(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ObservabilityConfigurationError(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}
