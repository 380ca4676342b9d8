import { SqliteEventStore } from '@ccm/event-store';
import { get } from 'node:http';
import { ProjectionHealth } from '../read-models/projection-health';
import { ReadSide } from '../read-models/read-side';
import { startApi, type ApiHarness } from '../testing/api-harness';
import { enrolBody, enrolledPatient, registerPractices, timeEntryBody } from '../testing/fixtures';
import { MetricsListener } from './metrics-listener';
import { loadObservabilityConfig } from './observability-config';
import { observabilityOptions } from './observability.module';

/**
 * Prometheus metrics after real traffic (http latency by route template, command outcomes, event store
 * latency, projection lag, access-log failures; never an id in a label), how /metrics is exposed, and
 * the terminus liveness and readiness probes beside /health.
 */

const PATIENTS = ['pt-m7q2k', 'pt-m7q2l'];

/** The samples of a metric whose labels include all of `labels`. */
function samples(exposition: string, name: string, labels: Record<string, string> = {}): number[] {
  return exposition
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
    .map((line) => Number(line.slice(line.lastIndexOf(' ') + 1)));
}

function scrapePort(port: number, authorization?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(
      { host: '127.0.0.1', port, path: '/metrics', headers: authorization ? { authorization } : {} },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    ).on('error', reject);
  });
}

describe('metrics and probes', () => {
  let api: ApiHarness;
  const caughtUp = () => api.app.get(ReadSide).projector?.waitUntilCaughtUp(10_000);

  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
    for (const id of PATIENTS) await enrolledPatient(api, id, { carePlan: true });
    for (const [i, id] of PATIENTS.entries()) {
      await api.http
        .post(`/patients/${id}/time-entries`)
        .set('Authorization', `Bearer ${api.token('care_manager')}`)
        .send(timeEntryBody(`t-${i}`))
        .expect(201);
      // The same entry again: an idempotent repeat.
      await api.http
        .post(`/patients/${id}/time-entries`)
        .set('Authorization', `Bearer ${api.token('care_manager')}`)
        .send(timeEntryBody(`t-${i}`));
    }
    // Refused: enrolled already, with other details.
    await api.http
      .post('/patients')
      .set('Authorization', `Bearer ${api.token('admin')}`)
      .send({ ...enrolBody(PATIENTS[0]), dateOfBirth: '1950-01-01' })
      .expect((res) => expect(res.status).toBeGreaterThanOrEqual(400));
    for (const id of PATIENTS)
      await api.http
        .get(`/patients/${id}`)
        .set('Authorization', `Bearer ${api.token('auditor')}`)
        .expect(200);
    await api.http.get('/no-such-route').expect(404);
    await caughtUp();
  }, 60_000);
  afterAll(() => api.close());

  it('exposes http latency by route template, command outcomes, event store latency and projection lag', async () => {
    const res = await api.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.text;
    const httpCount = 'ccm_http_request_duration_seconds_count';
    expect(
      samples(text, httpCount, { method: 'POST', route: '/patients/:id/time-entries', status_class: '2xx' }),
    ).toEqual([4]);
    expect(samples(text, httpCount, { method: 'GET', route: '/patients/:id', status_class: '2xx' })).toEqual([
      2,
    ]);
    expect(samples(text, httpCount, { method: 'GET', route: 'unmatched', status_class: '4xx' })).toEqual([1]);
    expect(samples(text, 'ccm_commands_total', { command: 'LogTime', outcome: 'accepted' })).toEqual([2]);
    expect(samples(text, 'ccm_commands_total', { command: 'LogTime', outcome: 'replayed' })).toEqual([2]);
    expect(samples(text, 'ccm_commands_total', { command: 'RegisterPractice', outcome: 'accepted' })).toEqual(
      [2],
    );
    expect(samples(text, 'ccm_commands_total', { command: 'EnrollPatient', outcome: 'refused' })).toEqual([
      1,
    ]);
    expect(text).toMatch(
      /ccm_commands_total\{command="EnrollPatient",outcome="refused",reason="[A-Z_]+"\} 1/,
    );
    expect(
      samples(text, 'ccm_event_store_operation_duration_seconds_count', {
        operation: 'append',
        result: 'ok',
      })[0],
    ).toBeGreaterThan(8);
    expect(
      samples(text, 'ccm_event_store_operation_duration_seconds_count', {
        operation: 'read_stream',
        result: 'ok',
      })[0],
    ).toBeGreaterThan(0);
    for (const readModel of ['audit-trail', 'patient-months', 'care-outcomes']) {
      expect(samples(text, 'ccm_projection_events_behind', { read_model: readModel })).toEqual([0]);
      expect(samples(text, 'ccm_projection_ready', { read_model: readModel })).toEqual([1]);
    }
    expect(text).toContain('# TYPE ccm_access_log_append_failures_total counter');
    expect(samples(text, 'process_cpu_user_seconds_total')).toHaveLength(1);
  });

  it('never puts an id in a label: no patient, practice or user id anywhere in the exposition', async () => {
    const text = (await api.http.get('/metrics').expect(200)).text;
    for (const id of [
      ...PATIENTS,
      'm7q2',
      'riverside',
      'lakeside',
      'rn-lopez',
      'dr-adams',
      't-0',
      'auditor-user',
    ])
      expect(text).not.toContain(id);
    const routes = [...text.matchAll(/route="([^"]*)"/g)].map((m) => m[1]);
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) expect(route === 'unmatched' || /^\/[a-z/:-]*$/.test(route)).toBe(true);
  });

  it('counts a read refused because its access-log entry could not be appended', async () => {
    const append = SqliteEventStore.prototype.append;
    const spy = jest.spyOn(SqliteEventStore.prototype, 'append').mockImplementation(function (
      this: SqliteEventStore,
      ...args: Parameters<SqliteEventStore['append']>
    ) {
      if (args[0].includes('access')) return Promise.reject(new Error('disk full'));
      return append.apply(this, args);
    });
    try {
      const res = await api.http
        .get(`/patients/${PATIENTS[0]}`)
        .set('Authorization', `Bearer ${api.token('auditor')}`);
      expect(res.status).toBeGreaterThanOrEqual(500);
    } finally {
      spy.mockRestore();
    }
    const text = (await api.http.get('/metrics').expect(200)).text;
    expect(samples(text, 'ccm_access_log_append_failures_total', { scope: 'patient' })).toEqual([1]);
    expect(
      samples(text, 'ccm_event_store_operation_duration_seconds_count', {
        operation: 'append',
        result: 'error',
      })[0],
    ).toBeGreaterThan(0);
  });

  it('liveness answers while the process runs; readiness when the store answers and the read models are caught up', async () => {
    const live = await api.http.get('/health/live').expect(200);
    expect(live.body).toMatchObject({ status: 'ok', info: { process: { status: 'up' } } });
    const ready = await api.http.get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      info: {
        eventStore: { status: 'up' },
        readModels: { status: 'up', store: 'sqlite', projector: 'embedded' },
      },
    });
    // The existing reports are unchanged.
    expect((await api.http.get('/health').expect(200)).body).toMatchObject({
      status: 'ok',
      eventStore: 'sqlite',
    });
    expect((await api.http.get('/health/projections').expect(200)).body).toMatchObject({ status: 'ok' });
  });

  it('is not ready while the event store does not answer, and stays live', async () => {
    const readStream = SqliteEventStore.prototype.readStream;
    const spy = jest.spyOn(SqliteEventStore.prototype, 'readStream').mockImplementation(function (
      this: SqliteEventStore,
      ...args: Parameters<SqliteEventStore['readStream']>
    ) {
      if (args[0] === 'ccm.health-probe')
        return Promise.reject(new Error('SQLITE_CANTOPEN at /var/lib/ccm/events.sqlite'));
      return readStream.apply(this, args);
    });
    try {
      const res = await api.http.get('/health/ready').expect(503);
      expect(res.body).toMatchObject({
        statusCode: 503,
        reason: 'NOT_READY',
        details: { status: 'error', error: { eventStore: { status: 'down' } } },
      });
      expect(JSON.stringify(res.body)).not.toContain('SQLITE_CANTOPEN');
      await api.http.get('/health/live').expect(200);
    } finally {
      spy.mockRestore();
    }
    await api.http.get('/health/ready').expect(200);
  });

  it('is not ready while a read model is built from nothing or too far behind', async () => {
    const report = ProjectionHealth.prototype.report;
    const spy = jest.spyOn(ProjectionHealth.prototype, 'report').mockImplementation(async function (
      this: ProjectionHealth,
    ) {
      const real = await report.call(this);
      return {
        ...real,
        status: 'lagging' as const,
        projections: real.projections.map((p) =>
          p.projection === 'patient-months'
            ? { ...p, version: null, checkpoint: null }
            : p.projection === 'care-outcomes'
              ? { ...p, behind: 1500 }
              : p.projection === 'audit-trail'
                ? { ...p, built: false }
                : p,
        ),
      };
    });
    try {
      const res = await api.http.get('/health/ready').expect(503);
      expect(res.body.details.error.readModels).toMatchObject({
        status: 'down',
        notReady: ['audit-trail', 'patient-months', 'care-outcomes'],
      });
      const metrics = (await api.http.get('/metrics').expect(200)).text;
      expect(samples(metrics, 'ccm_projection_ready', { read_model: 'patient-months' })).toEqual([0]);
      expect(samples(metrics, 'ccm_projection_ready', { read_model: 'audit-trail' })).toEqual([0]);
      expect(samples(metrics, 'ccm_projection_events_behind', { read_model: 'care-outcomes' })).toEqual([
        1500,
      ]);
      await api.http.get('/health/live').expect(200);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('how /metrics is exposed', () => {
  const quietWith = (env: NodeJS.ProcessEnv) =>
    observabilityOptions({ config: loadObservabilityConfig({ LOG_LEVEL: 'silent', ...env }) });

  it('asks for METRICS_TOKEN as a bearer token when one is set', async () => {
    const api = await startApi({ observability: quietWith({ METRICS_TOKEN: 'scrape-token-0123456789' }) });
    try {
      await api.http.get('/metrics').expect(401);
      await api.http.get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789').expect(401);
      // A patient-data token is not a metrics token.
      await api.http
        .get('/metrics')
        .set('Authorization', `Bearer ${api.token('admin')}`)
        .expect(401);
      const res = await api.http
        .get('/metrics')
        .set('Authorization', 'Bearer scrape-token-0123456789')
        .expect(200);
      expect(res.text).toContain('ccm_http_request_duration_seconds');
    } finally {
      await api.close();
    }
  });

  it('moves to a listener of its own with METRICS_PORT, and leaves the api port', async () => {
    const api = await startApi({
      observability: quietWith({ METRICS_PORT: '0', METRICS_HOST: '127.0.0.1' }),
    });
    try {
      await api.http.get('/health').expect(200);
      await api.http.get('/metrics').expect(404);
      const port = api.app.get(MetricsListener).port;
      expect(port).toBeGreaterThan(0);
      const scrape = await scrapePort(port as number);
      expect(scrape.status).toBe(200);
      expect(samples(scrape.body, 'ccm_http_request_duration_seconds_count', { route: '/health' })).toEqual([
        1,
      ]);
    } finally {
      await api.close();
    }
  });

  it('is off in production until METRICS_PORT or METRICS_TOKEN says where, and off with CCM_METRICS=off', () => {
    const production = loadObservabilityConfig({ NODE_ENV: 'production' }).metrics;
    expect(production.enabled).toBe(false);
    expect(production.warning).toMatch(/METRICS_PORT or METRICS_TOKEN/);
    expect(loadObservabilityConfig({ NODE_ENV: 'production', METRICS_PORT: '9464' }).metrics).toMatchObject({
      enabled: true,
      port: 9464,
    });
    expect(
      loadObservabilityConfig({ NODE_ENV: 'production', METRICS_TOKEN: 'x'.repeat(32) }).metrics.enabled,
    ).toBe(true);
    expect(loadObservabilityConfig({ CCM_METRICS: 'off' }).metrics).toEqual({ enabled: false });
    expect(() => loadObservabilityConfig({ METRICS_TOKEN: 'short' })).toThrow('METRICS_TOKEN');
    expect(() => loadObservabilityConfig({ METRICS_PORT: 'ninety' })).toThrow('METRICS_PORT');
  });
});
