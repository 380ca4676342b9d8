import { InMemoryEventStore } from '@ccm/event-store';
import {
  acceptRequestId,
  CcmMetrics,
  createLogger,
  errorFields,
  formatLine,
  loadLogConfig,
  meterEventStore,
} from './index';

describe('request ids', () => {
  it('keeps a sane incoming id and refuses anything else', () => {
    expect(acceptRequestId('lb-7f3a9c.0001')).toBe('lb-7f3a9c.0001');
    expect(acceptRequestId('0b5c2a8e-1d7f-4c1e-9a37-8f6d2b1c4e5a')).toBe(
      '0b5c2a8e-1d7f-4c1e-9a37-8f6d2b1c4e5a',
    );
    for (const bad of ['', 'a b', '<script>', 'x'.repeat(129), '-leading', 'ünï'])
      expect(acceptRequestId(bad)).toBeUndefined();
    expect(acceptRequestId(['a', 'b'])).toBeUndefined();
    expect(acceptRequestId(undefined)).toBeUndefined();
  });
});

describe('errors in logs', () => {
  it('keep their type and stack frames, never their message', () => {
    const fields = errorFields(new TypeError('stream ccm.patient.riverside.pt-42 is broken'));
    expect(fields.type).toBe('TypeError');
    expect(fields.stack).toMatch(/^\s+at /);
    expect(JSON.stringify(fields)).not.toContain('pt-42');
    expect(errorFields('pt-42')).toEqual({ type: 'string' });
    expect(errorFields(Object.assign(new Error('x'), { name: 'pt-42 <b>' })).type).toBe('Error');
  });

  it('are reduced by the logger however they are passed', () => {
    const lines: string[] = [];
    const logger = createLogger(loadLogConfig('test', { LOG_FORMAT: 'json' }, false), {
      write: (l: string) => lines.push(l),
    });
    logger.error(new Error('for pt-42'));
    logger.error({ err: new Error('for pt-42') }, 'failed');
    logger.error(
      { err: { type: 'Error', message: 'for pt-42', stack: 'Error: for pt-42\n    at here (x.ts:1:1)' } },
      'failed',
    );
    expect(lines).toHaveLength(3);
    expect(lines.join('')).not.toContain('pt-42');
  });
});

describe('pretty lines', () => {
  it('show time, level, context, message and the other fields, from the record as written', () => {
    const line = formatLine(
      JSON.stringify({
        level: 'warn',
        time: '2026-03-31T17:00:00.123Z',
        service: 'api',
        context: 'http',
        msg: 'request',
        status: 404,
        route: '/patients/:id',
      }),
    );
    const plain = line.replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain).toBe('17:00:00.123 WARN  [http] request status=404 route=/patients/:id\n');
    expect(line).toContain('\x1b[33m');
    expect(formatLine('not json')).toBe('not json\n');
  });
});

describe('the metered event store', () => {
  it('is the same adapter to its users, with append and read latency observed', async () => {
    const metrics = new CcmMetrics();
    const inner = new InMemoryEventStore();
    const store = meterEventStore(inner, metrics);
    expect(store).toBeInstanceOf(InMemoryEventStore);
    await store.append(
      's-1',
      [{ id: '7d5c5e9e-4a57-4c55-9f0e-2b8f6a0f0a01', type: 'T', data: {}, metadata: {} }],
      'no_stream',
    );
    await store.readStream('s-1', { maxCount: 10 });
    await store.readAll({ maxCount: 10 });
    await expect(store.append('s-1', [], 'no_stream')).rejects.toThrow();
    const { body } = await metrics.exposition();
    for (const [operation, result] of [
      ['append', 'ok'],
      ['read_stream', 'ok'],
      ['read_all', 'ok'],
      ['append', 'error'],
    ])
      expect(body).toContain(
        `ccm_event_store_operation_duration_seconds_count{operation="${operation}",result="${result}"} 1`,
      );
    await store.close();
  });
});

describe('command metrics', () => {
  it('put only constant names in labels', async () => {
    const metrics = new CcmMetrics();
    metrics.countCommand('LogTime', 'refused', 'CONSENT_REQUIRED');
    metrics.countCommand('pt-42 did something', 'failed', 'for pt-42');
    const { body } = await metrics.exposition();
    expect(body).toContain(
      'ccm_commands_total{command="LogTime",outcome="refused",reason="CONSENT_REQUIRED"} 1',
    );
    expect(body).toContain('ccm_commands_total{command="other",outcome="failed",reason=""} 1');
    expect(body).not.toContain('pt-42');
  });
});
