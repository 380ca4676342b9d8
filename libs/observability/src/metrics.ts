import { collectDefaultMetrics, Counter, Gauge, Histogram, register, Registry } from 'prom-client';

/** What the projection-lag gauges are computed from at scrape time (ProjectionLag has these fields). */
export interface ReadModelLag {
  readonly projection: string;
  readonly version: number | null;
  readonly behind: number;
  readonly behindIsLowerBound: boolean;
  /** False while readers may not use the version yet (it has not caught up once); absent: usable. */
  readonly built?: boolean;
}

export type EventStoreOperation = 'append' | 'read_stream' | 'read_all';
export type CommandResult = 'accepted' | 'replayed' | 'refused' | 'conflict' | 'unavailable' | 'failed';

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Seconds: from a cached read (a millisecond) to a slow append under contention or a cold EventStoreDB. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The metrics of one process, in a registry of its own (several apis may run in one test process), with
 * Node's process metrics from the shared default registry merged in at scrape time.
 *
 * No label ever carries an id: routes are templates (`/patients/:id`), commands and reasons are the
 * domain's fixed names, read models are projection names. Anything else becomes `other`.
 */
export class CcmMetrics {
  readonly registry = new Registry();
  private lagSource?: () => Promise<readonly ReadModelLag[]>;

  readonly httpDuration = new Histogram({
    name: 'ccm_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status class (2xx, 4xx, ...)',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'ccm_commands_total',
    help: 'Commands by type and outcome (accepted, replayed, refused, conflict, unavailable, failed), with the refusal reason',
    labelNames: ['command', 'outcome', 'reason'] as const,
    registers: [this.registry],
  });

  readonly eventStoreDuration = new Histogram({
    name: 'ccm_event_store_operation_duration_seconds',
    help: 'Event store calls by operation (append, read_stream, read_all) and result (ok, error)',
    labelNames: ['operation', 'result'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly accessLogFailures = new Counter({
    name: 'ccm_access_log_append_failures_total',
    help: 'Reads refused because their access-log entry could not be appended, by scope (patient, practice)',
    labelNames: ['scope'] as const,
    registers: [this.registry],
  });

  readonly projectorEvents = new Counter({
    name: 'ccm_projector_events_applied_total',
    help: 'Events a projector in this process committed, by read model',
    labelNames: ['read_model'] as const,
    registers: [this.registry],
  });

  readonly projectionBehind = new Gauge({
    name: 'ccm_projection_events_behind',
    help: 'Events stored but not yet applied to a read model (a lower bound past the scan window of 4096)',
    labelNames: ['read_model'] as const,
    registers: [this.registry],
  });

  readonly projectionReady = new Gauge({
    name: 'ccm_projection_ready',
    help: 'Whether a read model has an active version and is within the scan window (0 while it is built or rebuilt)',
    labelNames: ['read_model'] as const,
    registers: [this.registry],
  });

  constructor() {
    // From the start, so the event-loop and GC figures cover the time before the first scrape.
    ensureProcessMetrics();
  }

  /** The read models' lag, measured when Prometheus scrapes (never on a timer). */
  measureLagWith(source: () => Promise<readonly ReadModelLag[]>): void {
    this.lagSource = source;
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe(
      {
        method: HTTP_METHODS.has(method) ? method : 'other',
        route,
        status_class: status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other',
      },
      seconds,
    );
  }

  countCommand(command: string, outcome: CommandResult, reason = ''): void {
    this.commands.inc({ command: labelWord(command), outcome, reason: labelWord(reason, '') });
  }

  /** The text exposition of this registry and the process metrics. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    await this.measureLag();
    const merged = Registry.merge([this.registry, register]);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }

  /** Sets the projection gauges from one measurement; a failed measurement leaves them unset. */
  private async measureLag(): Promise<void> {
    if (!this.lagSource) return;
    const lags = await this.lagSource().catch(() => undefined);
    this.projectionBehind.reset();
    this.projectionReady.reset();
    for (const lag of lags ?? []) {
      const labels = { read_model: /^[a-z][a-z0-9-]{0,40}$/.test(lag.projection) ? lag.projection : 'other' };
      this.projectionBehind.set(labels, lag.behind);
      this.projectionReady.set(
        labels,
        lag.version !== null && lag.built !== false && !lag.behindIsLowerBound ? 1 : 0,
      );
    }
  }
}

/** A command type or reason code is a constant name; anything else is not put in a label. */
function labelWord(value: string, fallback = 'other'): string {
  return /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(value) ? value : fallback;
}

let processMetrics = false;
/** Node's CPU, memory, event-loop and GC metrics, once per process in the shared default registry. */
function ensureProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
}
