import { DEFAULT_BODY_LIMIT_BYTES } from '@ccm/runtime';
import { MAX_JSON_DEPTH } from '../http/json-depth';
import { expectStreamUnchanged, startApi, type ApiHarness } from '../testing/api-harness';
import {
  consentBody,
  enrolBody,
  enrolledPatient,
  registerPractices,
  timeEntryBody,
} from '../testing/fixtures';

const bearer = (api: ApiHarness, role: Parameters<ApiHarness['token']>[0] = 'care_manager') =>
  `Bearer ${api.token(role)}`;

const contactBody = (overrides: Record<string, unknown> = {}) => ({
  channel: 'phone',
  direction: 'outbound',
  party: 'patient',
  occurredAt: '2026-03-10T14:00',
  outcome: 'reached',
  summary: 'Reviewed home readings.',
  ...overrides,
});

describe('hardened http', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
    await enrolledPatient(api, 'pt-http');
  });
  afterAll(() => api.close());

  describe('headers', () => {
    it('sends security headers and no X-Powered-By on answers about a patient', async () => {
      const res = await api.http.get('/patients/pt-http').set('Authorization', bearer(api)).expect(200);
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    });

    it('says no-store on every api answer: commands, refusals, errors, reads of lists', async () => {
      const answers = [
        await api.http
          .post('/patients/pt-http/time-entries')
          .set('Authorization', bearer(api))
          .send(timeEntryBody('hdr-1')),
        await api.http.get('/patients/pt-nobody').set('Authorization', bearer(api)),
        await api.http.get('/patients/pt-http'),
        await api.http.get('/patients/pt-http/timeline').set('Authorization', bearer(api)),
        await api.http.get('/billing/months/2026-03').set('Authorization', bearer(api, 'biller')),
        await api.http.get('/no-such-route'),
        await api.http.get('/health'),
      ];
      // The read models may still be catching up (the timeline, the billing list): either way, no-store.
      expect(answers.map((r) => r.status)).toEqual([
        201,
        404,
        401,
        expect.any(Number),
        expect.any(Number),
        404,
        200,
      ]);
      for (const res of answers) {
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('leaves the API docs cacheable, under a policy the UI runs with', async () => {
      const page = await api.http.get('/docs').expect(200);
      expect(page.headers['cache-control']).toBeUndefined();
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.headers['x-powered-by']).toBeUndefined();
    });
  });

  describe('bodies', () => {
    it('refuses a body over the size limit with 413, writing nothing', async () => {
      await expectStreamUnchanged(api, 'pt-http', async () => {
        const res = await api.http
          .post('/patients/pt-http/contacts')
          .set('Authorization', bearer(api))
          .send(contactBody({ summary: 'x'.repeat(DEFAULT_BODY_LIMIT_BYTES + 1) }))
          .expect(413);
        expect(res.body).toMatchObject({ statusCode: 413, reason: 'PAYLOAD_TOO_LARGE' });
      });
    });

    it.each([
      ['arrays', '['.repeat(15_000) + ']'.repeat(15_000)],
      ['objects', '{"a":'.repeat(15_000) + '1' + '}'.repeat(15_000)],
      ['one level past the limit', '{"a":'.repeat(MAX_JSON_DEPTH) + '[]' + '}'.repeat(MAX_JSON_DEPTH)],
      // Refused from the raw bytes, before parsing: otherwise this would be a syntax error.
      ['and not even JSON', '['.repeat(MAX_JSON_DEPTH + 1) + 'not json'],
    ])('refuses JSON nested too deep (%s) with 400, not 500', async (_what, text) => {
      await expectStreamUnchanged(api, 'pt-http', async () => {
        const res = await api.http
          .post('/patients/pt-http/contacts')
          .set('Authorization', bearer(api))
          .set('Content-Type', 'application/json')
          .send(text)
          .expect(400);
        expect(res.body).toEqual({
          statusCode: 400,
          reason: 'BODY_TOO_DEEP',
          message: `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`,
        });
      });
    });

    it('takes bodies nested as deep as the limit', async () => {
      const atLimit = '{"a":'.repeat(MAX_JSON_DEPTH - 1) + '{}' + '}'.repeat(MAX_JSON_DEPTH - 1);
      const res = await api.http
        .post('/patients/pt-http/contacts')
        .set('Authorization', bearer(api))
        .set('Content-Type', 'application/json')
        .send(atLimit);
      // Past the depth check, the validator answers: the body is not a contact.
      expect(res.status).toBe(400);
      expect(res.body.reason).toBe('VALIDATION_FAILED');
    });

    it('refuses a form-encoded body with 415, echoing nothing of it', async () => {
      await expectStreamUnchanged(api, 'pt-http', async () => {
        const res = await api.http
          .post('/patients/pt-http/contacts')
          .set('Authorization', bearer(api))
          .type('form')
          .send('hivStatus=positive&diagnosis=F20.9')
          .expect(415);
        expect(res.body).toMatchObject({ statusCode: 415, reason: 'UNSUPPORTED_MEDIA_TYPE' });
        expect(res.text).not.toMatch(/hivStatus|positive|diagnosis|F20/);
      });
    });

    it('refuses other non-JSON bodies with 415, and a body without a type', async () => {
      for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x']) {
        await api.http
          .post('/patients/pt-http/contacts')
          .set('Authorization', bearer(api))
          .set('Content-Type', type)
          .send('secret')
          .expect(415);
      }
      const untyped = await api.http
        .post('/patients/pt-http/contacts')
        .set('Authorization', bearer(api))
        .serialize((body: string) => body)
        .send('{"channel":"phone"}')
        .unset('Content-Type');
      expect(untyped.status).toBe(415);
    });
  });

  describe('validation errors never echo what the client chose', () => {
    it('names no unknown field and no value, at the top level or nested', async () => {
      await expectStreamUnchanged(api, 'pt-http', async () => {
        const res = await api.http
          .post('/patients/pt-http/contacts')
          .set('Authorization', bearer(api))
          .send(contactBody({ hivStatusOfPatient: 'positive-since-2019', channel: 'carrier-pigeon-7' }))
          .expect(400);
        expect(res.text).not.toMatch(/hivStatusOfPatient|positive-since-2019|carrier-pigeon-7/);
        expect(res.body.fields).toEqual(
          expect.arrayContaining([
            { field: 'body', errors: ['holds a field this request does not take'] },
            { field: 'channel', errors: [expect.stringContaining('must be one of')] },
          ]),
        );
      });
      const nested = await api.http
        .post('/patients/pt-http/consent')
        .set('Authorization', bearer(api, 'practitioner'))
        .send(
          consentBody({
            consentId: 'c-nested',
            disclosures: { ...consentBody().disclosures, substanceUseNote: 'opioid-use-disorder' },
          }),
        )
        .expect(400);
      expect(nested.text).not.toMatch(/substanceUseNote|opioid/);
      expect(nested.body.fields).toContainEqual({
        field: 'disclosures',
        errors: ['holds a field this request does not take'],
      });
    });

    it('answers numbers out of range with 422 and the rule, not 500', async () => {
      await expectStreamUnchanged(api, 'pt-http', async () => {
        for (const minutes of [1e13, 1e308, 241, -1]) {
          const res = await api.http
            .post('/patients/pt-http/time-entries')
            .set('Authorization', bearer(api))
            .send(timeEntryBody(`big-${String(minutes).replace(/[^0-9]/g, '')}`, { minutes }))
            .expect(422);
          expect(res.body).toMatchObject({
            reason: 'MINUTES_OUT_OF_RANGE',
            details: { fields: ['minutes'] },
          });
          expect(res.text).not.toContain(String(minutes));
        }
      });
      await api.http
        .post('/patients/pt-http/time-entries')
        .set('Authorization', bearer(api))
        .send(timeEntryBody('to-correct'))
        .expect(201);
      const correction = await api.http
        .post('/patients/pt-http/time-entries/to-correct/corrections')
        .set('Authorization', bearer(api))
        .send({ minutes: 1e13, reason: 'typo' })
        .expect(422);
      expect(correction.body.reason).toBe('MINUTES_OUT_OF_RANGE');
    });
  });

  describe('dates that never were', () => {
    it('refuses year 0000 wherever a date goes in', async () => {
      await api.http
        .post('/patients')
        .set('Authorization', bearer(api, 'admin'))
        .send({ ...enrolBody('pt-year-zero'), dateOfBirth: '0000-01-01' })
        .expect(400);
      await api.http.get('/patients/pt-year-zero').set('Authorization', bearer(api)).expect(404);
      await expectStreamUnchanged(api, 'pt-http', async () => {
        for (const occurredAt of ['0000-03-10T14:00', '0000-03-10T14:00Z']) {
          const res = await api.http
            .post('/patients/pt-http/contacts')
            .set('Authorization', bearer(api))
            .send(contactBody({ occurredAt }))
            .expect(400);
          expect(res.body.fields).toEqual([{ field: 'occurredAt', errors: [expect.any(String)] }]);
        }
        await api.http
          .post('/patients/pt-http/time-entries')
          .set('Authorization', bearer(api))
          .send(timeEntryBody('year-zero', { serviceDate: '0000-03-03' }))
          .expect(400);
      });
      await api.http.get('/billing/months/0000-01').set('Authorization', bearer(api, 'biller')).expect(400);
    });

    it('refuses a local time inside a daylight-saving gap with 422 (Chicago skipped 02:00-02:59 on 8 March 2026)', async () => {
      await expectStreamUnchanged(api, 'pt-http', async () => {
        const contact = await api.http
          .post('/patients/pt-http/contacts')
          .set('Authorization', bearer(api))
          .send(contactBody({ occurredAt: '2026-03-08T02:30' }))
          .expect(422);
        expect(contact.body).toMatchObject({
          reason: 'LOCAL_TIME_SKIPPED',
          details: { fields: ['occurredAt'] },
        });
        const time = await api.http
          .post('/patients/pt-http/time-entries')
          .set('Authorization', bearer(api))
          .send(timeEntryBody('in-the-gap', { serviceDate: '2026-03-08', startTime: '02:15' }))
          .expect(422);
        expect(time.body).toMatchObject({ reason: 'LOCAL_TIME_SKIPPED', details: { fields: ['startTime'] } });
      });
    });

    it('stores a time of the repeated hour with its offset (Chicago showed 01:00-01:59 twice on 2 November 2025)', async () => {
      const record = (contactId: string, occurredAt: string) =>
        api.http
          .post('/patients/pt-http/contacts')
          .set('Authorization', bearer(api))
          .send(contactBody({ contactId, occurredAt }))
          .expect(201);
      await record('fall-back-local', '2025-11-02T01:30');
      await record('fall-back-second', '2025-11-02T07:30Z');
      await record('fall-back-first', '2025-11-02T01:30-05:00');
      await record('ordinary', '2025-11-03T07:30Z');
      await api.http
        .post('/patients/pt-http/time-entries')
        .set('Authorization', bearer(api))
        .send(
          timeEntryBody('fall-back-entry', {
            serviceDate: '2025-11-02',
            startTime: '01:40',
            startTimeOffset: '-06:00',
          }),
        )
        .expect(201);
      await api.http
        .post('/patients/pt-http/time-entries')
        .set('Authorization', bearer(api))
        .send(
          timeEntryBody('wrong-offset', {
            serviceDate: '2025-11-02',
            startTime: '01:40',
            startTimeOffset: '+02:00',
          }),
        )
        .expect(422);

      const events = await api.readPatientStream('pt-http');
      const contact = (id: string) =>
        events.find((e) => e.type === 'ContactRecorded' && e.data.contactId === id)?.data;
      expect(contact('fall-back-local')).toMatchObject({
        occurredAt: '2025-11-02T01:30',
        occurredAtOffset: '-05:00',
      });
      expect(contact('fall-back-second')).toMatchObject({
        occurredAt: '2025-11-02T01:30',
        occurredAtOffset: '-06:00',
      });
      expect(contact('fall-back-first')).toMatchObject({
        occurredAt: '2025-11-02T01:30',
        occurredAtOffset: '-05:00',
      });
      expect(contact('ordinary')).toMatchObject({ occurredAt: '2025-11-03T01:30' });
      expect(contact('ordinary')).not.toHaveProperty('occurredAtOffset');
      const entry = events.find((e) => e.type === 'TimeLogged' && e.data.entryId === 'fall-back-entry')?.data;
      expect(entry).toMatchObject({
        serviceDate: '2025-11-02',
        startTime: '01:40',
        startTimeOffset: '-06:00',
      });
    });
  });
});

describe('http in production', () => {
  it('does not serve /docs unless told to', async () => {
    const hidden = await startApi({ config: { production: true } });
    try {
      await hidden.http.get('/docs').expect(404);
      await hidden.http.get('/docs/json').expect(404);
      await hidden.http.get('/health').expect(200);
    } finally {
      await hidden.close();
    }
    const shown = await startApi({
      config: { production: true, http: { docs: true, bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES } },
    });
    try {
      await shown.http.get('/docs/json').expect(200);
    } finally {
      await shown.close();
    }
  });
});

describe('rate limiting per token', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({
      config: {
        http: {
          docs: true,
          bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
          rateLimit: { limit: 5, windowSeconds: 60 },
        },
      },
    });
    await registerPractices(api);
  });
  afterAll(() => api.close());

  it('answers 429 with Retry-After once a token has spent its budget, across routes, and only for that token', async () => {
    const token = api.token('auditor', 'riverside', 'auditor-busy');
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await api.http
        .get(i % 2 === 0 ? '/patients/pt-none' : '/practices/riverside')
        .set('Authorization', `Bearer ${token}`);
      statuses.push(last.status);
    }
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(statuses.slice(0, 5)).not.toContain(429);
    expect(last?.headers['retry-after']).toMatch(/^\d+$/);
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    expect(last?.headers['cache-control']).toBe('no-store');
    expect(last?.body).toMatchObject({ statusCode: 429, reason: 'TOO_MANY_REQUESTS' });

    const other = api.token('auditor', 'riverside', 'auditor-calm');
    await api.http.get('/practices/riverside').set('Authorization', `Bearer ${other}`).expect(200);
  });

  it('counts a request before its token is verified: a forged token repeated is refused with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await api.http.get('/practices/riverside').set('Authorization', 'Bearer forged.token.x')).status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('never limits liveness, readiness or metrics: the platform polls them on a schedule', async () => {
    for (let i = 0; i < 8; i++) await api.http.get('/health/live').expect(200);
  });
});
