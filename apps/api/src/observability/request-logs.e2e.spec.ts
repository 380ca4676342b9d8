import { SqliteEventStore } from '@ccm/event-store';
import { loadLogConfig, REDACTED } from '@ccm/observability';
import { PinoLogger } from 'nestjs-pino';
import { startApi, type ApiHarness } from '../testing/api-harness';
import { carePlanElements, registerPractices, timeEntryBody } from '../testing/fixtures';
import { loadObservabilityConfig } from './observability-config';
import { captureProcessOutput } from '../testing/process-output';

/**
 * The request log through the real api: one JSON record per request with its id, who, the route template
 * and the outcome; and no health information anywhere in what the process logs, whatever the request.
 * (nestjs-pino keeps one root logger per process, so this file starts one api, the one capturing.)
 */

const PATIENT = 'pt-zq7xk41';
const DATE_OF_BIRTH = '1937-11-23';
const NOTE = 'Patient reports dizziness after the new lisinopril dose';
const SUMMARY = 'Discussed glucose diary; daughter will bring meter on Friday';
const PHI = [
  PATIENT,
  'zq7xk41',
  DATE_OF_BIRTH,
  '1937',
  'E11.9',
  'I10',
  'Type 2 diabetes mellitus',
  'Essential hypertension',
  NOTE,
  'dizziness',
  SUMMARY,
  'glucose diary',
  carePlanElements.medicationManagement,
  'Metformin',
];

interface LogRecord {
  readonly level: string;
  readonly msg?: string;
  readonly service?: string;
  readonly requestId?: string;
  readonly method?: string;
  readonly route?: string;
  readonly status?: number;
  readonly outcome?: string;
  readonly reason?: string;
  readonly durationMs?: number;
  readonly user?: string;
  readonly role?: string;
  readonly practice?: string;
  readonly [key: string]: unknown;
}

describe('request logs: structured, attributable, and free of health information', () => {
  let api: ApiHarness;
  const lines: string[] = [];
  const records = (): LogRecord[] => lines.map((line) => JSON.parse(line) as LogRecord);
  const requestLines = () => records().filter((r) => r.msg === 'request' || r.msg === 'request failed');
  let output: ReturnType<typeof captureProcessOutput>;

  beforeAll(async () => {
    output = captureProcessOutput();
    const config = loadObservabilityConfig({
      LOG_LEVEL: 'trace',
      LOG_FORMAT: 'json',
      LOG_REDACT_PATHS: 'mrn,*.mrn',
    });
    api = await startApi({
      observability: { config, logSink: { write: (line: string) => lines.push(line) } },
    });
    await registerPractices(api);
  }, 30_000);

  afterAll(async () => {
    await api.close();
    output?.restore();
  });

  it('records a patient through the api, and neither the log nor any output holds the patient’s data', async () => {
    const as = (role: 'admin' | 'practitioner' | 'care_manager' | 'auditor') => `Bearer ${api.token(role)}`;
    await api.http
      .post('/patients')
      .set('Authorization', as('admin'))
      .send({
        patientId: PATIENT,
        dateOfBirth: DATE_OF_BIRTH,
        billingPractitionerId: 'dr-adams',
        conditions: [
          {
            icd10: 'E11.9',
            description: 'Type 2 diabetes mellitus',
            expectedDuration: '12_months_or_more',
            significantRisk: true,
          },
          {
            icd10: 'I10',
            description: 'Essential hypertension',
            expectedDuration: '12_months_or_more',
            significantRisk: true,
          },
        ],
        careTeam: ['rn-lopez'],
      })
      .expect(201);
    await api.http
      .post(`/patients/${PATIENT}/consent`)
      .set('Authorization', as('practitioner'))
      .send({
        method: 'verbal_by_phone',
        obtainedAt: '2026-03-02T10:15',
        obtainedBy: 'dr-adams',
        disclosures: {
          availabilityAndScope: true,
          costSharing: true,
          rightToStopEffectiveMonthEnd: true,
          onePractitionerPerMonth: true,
        },
      })
      .expect(201);
    await api.http
      .post(`/patients/${PATIENT}/care-plan`)
      .set('Authorization', as('practitioner'))
      .send({ elements: carePlanElements, establishedOn: '2026-03-02' })
      .expect(201);
    await api.http
      .post(`/patients/${PATIENT}/time-entries`)
      .set('Authorization', as('care_manager'))
      .send(timeEntryBody('t-1', { note: NOTE }))
      .expect(201);
    await api.http
      .post(`/patients/${PATIENT}/contacts`)
      .set('Authorization', as('care_manager'))
      .send({
        channel: 'phone',
        direction: 'outbound',
        party: 'patient',
        occurredAt: '2026-03-03T10:00',
        outcome: 'reached',
        summary: SUMMARY,
      })
      .expect(201);
    // Refusals and invalid input, with the data in the body and in the path.
    await api.http
      .post('/patients')
      .set('Authorization', as('admin'))
      .send({ patientId: PATIENT, dateOfBirth: DATE_OF_BIRTH, conditions: [{ icd10: 'E11.9' }] })
      .expect((res) => expect(res.status).toBeGreaterThanOrEqual(400));
    await api.http
      .post(`/patients/${PATIENT}/time-entries`)
      .set('Authorization', as('care_manager'))
      .send(timeEntryBody('t-2', { minutes: -3, note: NOTE }))
      .expect((res) => expect(res.status).toBeGreaterThanOrEqual(400));
    const malformed = await api.http
      .post(`/patients/${PATIENT}/time-entries`)
      .set('Authorization', as('care_manager'))
      .set('Content-Type', 'application/json')
      .send(`{"note": "${NOTE}", `)
      .expect(400);
    await api.http.get(`/patients/${PATIENT}/no-such-thing?dob=${DATE_OF_BIRTH}`).expect(404);
    await api.http.get(`/patients/${PATIENT}`).set('Authorization', 'Bearer not-a-token').expect(401);
    // Reads, through the access log and the read models.
    await api.http.get(`/patients/${PATIENT}`).set('Authorization', as('auditor')).expect(200);
    await api.http
      .get(`/patients/${PATIENT}/history?asOf=2026-03-31T17:00:00Z&month=2026-03`)
      .set('Authorization', as('auditor'))
      .expect(200);
    await api.http
      .get(`/patients/${PATIENT}/months/2026-03`)
      .set('Authorization', as('auditor'))
      .expect((res) => expect([200, 404, 503]).toContain(res.status));
    // An infrastructure failure whose error message quotes the stream (and so the patient id).
    const failing = jest
      .spyOn(SqliteEventStore.prototype, 'append')
      .mockImplementationOnce(async (streamId: string) => {
        throw new Error(`disk I/O error while writing ${streamId} for ${DATE_OF_BIRTH}`);
      });
    await api.http
      .post(`/patients/${PATIENT}/time-entries`)
      .set('Authorization', as('care_manager'))
      .send(timeEntryBody('t-3', { note: NOTE }))
      .expect(500);
    failing.mockRestore();
    // Someone logging a request object or patient fields later: the redaction paths censor them.
    const logger = await api.app.resolve(PinoLogger);
    logger.setContext('careless-code');
    logger.info(
      {
        req: {
          url: `/patients/${PATIENT}`,
          headers: { authorization: `Bearer ${api.token('admin')}` },
          body: { note: NOTE },
        },
        patientId: PATIENT,
        mrn: 'mrn0042-zq7xk41',
        event: { streamId: `ccm.patient.riverside.${PATIENT}`, data: { dateOfBirth: DATE_OF_BIRTH } },
        err: new Error(`failed for ${PATIENT}`),
      },
      'something happened',
    );

    expect(requestLines().length).toBeGreaterThanOrEqual(14);
    // Refused by the body parser, before any route: still one record, under its request id.
    expect(requestLines().find((r) => r.requestId === malformed.headers['x-request-id'])).toMatchObject({
      route: 'unmatched',
      status: 400,
      outcome: 'refused',
    });
    const everything = [...lines, ...output.written].join('\n');
    const found = PHI.filter((value) => everything.includes(value));
    expect(found).toEqual([]);
    expect(everything).not.toMatch(/Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/);
    const careless = records().find((r) => r.context === 'careless-code');
    expect(careless).toMatchObject({
      msg: 'something happened',
      patientId: REDACTED,
      mrn: REDACTED,
      req: { url: REDACTED, headers: { authorization: REDACTED } },
    });
    expect((careless?.err as { type?: string } | undefined)?.type).toBe('Error');
  });

  it('writes one record per request: id, method, route template, status, outcome, duration, user and practice', async () => {
    const res = await api.http
      .post(`/patients/${PATIENT}/time-entries`)
      .set('Authorization', `Bearer ${api.token('care_manager')}`)
      .set('X-Request-Id', 'lb-7f3a9c.0001')
      .send(timeEntryBody('t-4', { minutes: 5 }))
      .expect(201);
    expect(res.headers['x-request-id']).toBe('lb-7f3a9c.0001');
    const line = requestLines().find((r) => r.requestId === 'lb-7f3a9c.0001');
    expect(line).toMatchObject({
      level: 'info',
      service: 'api',
      method: 'POST',
      route: '/patients/:id/time-entries',
      status: 201,
      outcome: 'success',
      user: 'rn-lopez',
      role: 'care_manager',
      practice: 'riverside',
    });
    expect(typeof line?.durationMs).toBe('number');
    expect(typeof line?.time).toBe('string');

    const repeat = await api.http
      .post(`/patients/${PATIENT}/time-entries`)
      .set('Authorization', `Bearer ${api.token('care_manager')}`)
      .send(timeEntryBody('t-4', { minutes: 5 }));
    expect(requestLines().find((r) => r.requestId === repeat.headers['x-request-id'])).toMatchObject({
      outcome: 'replayed',
    });
  });

  it('names the reason of a refusal, and generates an id when the incoming one is not a sane id', async () => {
    const res = await api.http
      .post('/patients/pt-nobody/time-entries')
      .set('Authorization', `Bearer ${api.token('care_manager')}`)
      .set('X-Request-Id', 'a b <script>')
      .send(timeEntryBody('t-9'));
    expect(res.status).toBe(404);
    const id = res.headers['x-request-id'] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestLines().find((r) => r.requestId === id)).toMatchObject({
      level: 'warn',
      route: '/patients/:id/time-entries',
      status: 404,
      outcome: 'refused',
      reason: res.body.reason,
    });
  });

  it('logs the unexpected error by type and stack frames, with the request id, never its message', async () => {
    const failed = requestLines().filter((r) => r.status === 500);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: 'error', outcome: 'failed', reason: 'INTERNAL_ERROR' });
    const error = records().find((r) => r.msg === 'unexpected error');
    expect(error).toMatchObject({ level: 'error', requestId: failed[0].requestId });
    expect((error?.err as { type: string; stack: string }).type).toBe('Error');
    expect((error?.err as { type: string; stack: string }).stack).toMatch(/^\s+at /);
  });

  it('never puts a concrete path in a record: only route templates or "unmatched"', () => {
    for (const line of requestLines())
      expect(line.route === 'unmatched' || /^\/[a-z/:{}*-]*$/.test(line.route ?? '')).toBe(true);
    expect(requestLines().some((r) => r.route === 'unmatched' && r.status === 404)).toBe(true);
  });
});

describe('log configuration', () => {
  it('is pretty only on a terminal outside production, and JSON everywhere else', () => {
    expect(loadLogConfig('api', {}, true).format).toBe('pretty');
    expect(loadLogConfig('api', {}, false).format).toBe('json');
    expect(loadLogConfig('api', { NODE_ENV: 'production' }, true).format).toBe('json');
    expect(loadLogConfig('api', { NODE_ENV: 'production', LOG_FORMAT: 'pretty' }, true).format).toBe('json');
    expect(loadLogConfig('api', { LOG_FORMAT: 'json' }, true).format).toBe('json');
    expect(loadLogConfig('api', { LOG_FORMAT: 'pretty' }, false).format).toBe('pretty');
  });

  it('adds LOG_REDACT_PATHS to the defaults, which cannot be taken away', () => {
    const config = loadLogConfig('api', { LOG_REDACT_PATHS: 'mrn, *.ssn' }, false);
    expect(config.redact).toEqual(
      expect.arrayContaining([
        'mrn',
        '*.ssn',
        'req.headers.authorization',
        'req.body',
        'req.url',
        'patientId',
      ]),
    );
    expect(() => loadLogConfig('api', { LOG_REDACT_PATHS: 'a b' }, false)).toThrow('LOG_REDACT_PATHS');
    expect(() => loadLogConfig('api', { LOG_LEVEL: 'loud' }, false)).toThrow('LOG_LEVEL');
  });
});
