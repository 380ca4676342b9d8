import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ccm/event-store';
import { Scenario, standardStory } from '../../../libs/projections/src/testing/scenario';
import { jsonLogger, startProjectorProcess, type ProjectorProcess } from './projector-process';

/** The projector process's JSON log, probes and Prometheus metrics on HEALTH_PORT. */

function fetchText(
  port: number,
  path: string,
  authorization?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, headers: authorization ? { authorization } : {} }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

async function until(probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the projector process: logs, probes and metrics', () => {
  let dir: string;
  let running: ProjectorProcess;
  const lines: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ccm-projector-endpoints-'));
    const env = {
      CCM_DATA_DIR: dir,
      EVENT_STORE: 'sqlite',
      READ_MODEL_STORE: 'sqlite',
      HEALTH_PORT: '0',
      CCM_SQLITE_SYNCHRONOUS: 'NORMAL',
      METRICS_TOKEN: 'projector-scrape-token-0123',
      LOG_FORMAT: 'json',
    };
    const writer = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    await standardStory(new Scenario(writer));
    await writer.close();
    running = await startProjectorProcess(
      env,
      jsonLogger(env, { write: (line: string) => lines.push(line) }),
    );
    await until(async () => {
      const health = JSON.parse((await fetchText(running.port, '/health')).body) as {
        projections: { behind: number; version: number | null }[];
      };
      return health.projections.every((p) => p.behind === 0 && p.version !== null);
    });
  }, 60_000);

  afterAll(async () => {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs JSON records with its service name', () => {
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.length).toBeGreaterThan(0);
    expect(records[0]).toMatchObject({ level: 'info', service: 'projector', context: 'projector' });
    expect(lines.join('\n')).not.toContain('pt-1');
  });

  it('is live, and ready while both stores answer', async () => {
    expect((await fetchText(running.port, '/health/live')).status).toBe(200);
    const ready = await fetchText(running.port, '/health/ready');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({
      status: 'ok',
      details: { eventStore: { status: 'up' }, readModels: { status: 'up' } },
    });
    expect((await fetchText(running.port, '/nowhere')).status).toBe(404);
  });

  it('serves metrics to the token only: lag per read model, events applied, event store latency, no ids', async () => {
    expect((await fetchText(running.port, '/metrics')).status).toBe(401);
    const { status, body } = await fetchText(running.port, '/metrics', 'Bearer projector-scrape-token-0123');
    expect(status).toBe(200);
    expect(body).toMatch(/ccm_projection_events_behind\{read_model="patient-months"\} 0/);
    expect(body).toMatch(/ccm_projection_ready\{read_model="audit-trail"\} 1/);
    expect(body).toMatch(/ccm_projector_events_applied_total\{read_model="audit-trail"\} [1-9]/);
    expect(body).toMatch(
      /ccm_event_store_operation_duration_seconds_count\{operation="read_all",result="ok"\} [1-9]/,
    );
    expect(body).not.toMatch(/pt-\d|riverside|lakeside/);
  });
});
