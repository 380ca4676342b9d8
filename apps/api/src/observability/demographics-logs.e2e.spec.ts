import { PinoLogger } from 'nestjs-pino';
import { REDACTED } from '@ccm/observability';
import { startApi, type ApiHarness } from '../testing/api-harness';
import { enrolledPatient, registerPractices } from '../testing/fixtures';
import { loadObservabilityConfig } from './observability-config';
import { captureProcessOutput } from '../testing/process-output';

/**
 * Demographics never reach a log line, an error message or a problem body: recorded with a bad MBI and a
 * good one, corrected, refused and read, and none of the values is found in what the api logs or answers.
 * (nestjs-pino keeps one root logger per process, so this file starts one api, the one capturing.)
 */

const GOOD_MBI = '1EG4-TE5-MK73';
const BAD_MBI = '1EG4-TE5-MK7S';
const CORRECTED_MBI = '9AC0D12EF34';
const VALUES = [
  'Wilhelmina',
  'Ozymandias',
  'Quackenbush',
  GOOD_MBI,
  '1EG4TE5MK73',
  '1eg4',
  BAD_MBI,
  'MK7S',
  CORRECTED_MBI,
  '9AC0',
  '1939-07-21',
  '77 Juniper Hollow Rd',
  'Apt 9Q',
  'Yucaipa',
  '92399',
  '(909) 555-0187',
  '9095550187',
  '555-0187',
  '5550187',
  '909 555 0164',
];

describe('demographics in logs and answers: never', () => {
  let api: ApiHarness;
  const lines: string[] = [];
  let output: ReturnType<typeof captureProcessOutput>;
  const answers: string[] = [];

  beforeAll(async () => {
    output = captureProcessOutput();
    const config = loadObservabilityConfig({ LOG_LEVEL: 'trace', LOG_FORMAT: 'json' });
    api = await startApi({
      observability: { config, logSink: { write: (line: string) => lines.push(line) } },
    });
    await registerPractices(api);
    await enrolledPatient(api, 'pt-dl', { consent: false });
  }, 30_000);

  afterAll(async () => {
    await api.close();
    output?.restore();
  });

  const body = (mbi: string) => ({
    name: { given: ['Wilhelmina', 'Ozymandias'], family: 'Quackenbush' },
    dateOfBirth: '1939-07-21',
    sex: 'female',
    mbi,
    address: { lines: ['77 Juniper Hollow Rd', 'Apt 9Q'], city: 'Yucaipa', state: 'CA', postalCode: '92399' },
    phone: '(909) 555-0187',
  });
  const send = async (path: string, payload: object, expected: number) => {
    const res = await api.http
      .post(path)
      .set('Authorization', `Bearer ${api.token('admin')}`)
      .send(payload);
    expect(res.status).toBe(expected);
    answers.push(JSON.stringify(res.headers), res.text);
    return res;
  };

  it('records with a bad MBI and a good one, corrects and reads, and no value is in a log or an answer', async () => {
    await send('/patients/pt-dl/demographics', body(BAD_MBI), 400);
    await send('/patients/pt-dl/demographics', { ...body(GOOD_MBI), dateOfBirth: '2030-01-01' }, 422);
    await send('/patients/pt-dl/demographics', body(GOOD_MBI), 201);
    await send('/patients/pt-dl/demographics', body(GOOD_MBI), 201);
    await send('/patients/pt-dl/demographics', { ...body(GOOD_MBI), phone: '909 555 0164' }, 409);
    await send('/patients/pt-dl/demographics/corrections', { mbi: BAD_MBI, reason: 'card' }, 400);
    await send('/patients/pt-dl/demographics/corrections', { mbi: CORRECTED_MBI, reason: 'card' }, 201);
    await send('/patients/pt-dl/demographics/corrections', { mbi: CORRECTED_MBI, reason: 'card' }, 422);
    await send('/patients/pt-nobody/demographics', body(GOOD_MBI), 404);
    // The read answers with the record (that is what it is for, access-logged); its log line holds none.
    const read = await api.http
      .get('/patients/pt-dl')
      .set('Authorization', `Bearer ${api.token('auditor')}`)
      .expect(200);
    expect(read.body.demographics.mbi).toBe(CORRECTED_MBI);
    // Malformed JSON quoting the values: refused by the body parser, before any route.
    const malformed = await api.http
      .post('/patients/pt-dl/demographics')
      .set('Authorization', `Bearer ${api.token('admin')}`)
      .set('Content-Type', 'application/json')
      .send(`{"mbi": "${GOOD_MBI}", "phone": "(909) 555-0187",`);
    expect(malformed.status).toBe(400);
    answers.push(malformed.text);
    // Someone logging demographics later: the redaction paths censor them.
    const logger = await api.app.resolve(PinoLogger);
    logger.setContext('careless-code');
    logger.info(
      { demographics: body(GOOD_MBI), patient: { mbi: GOOD_MBI, phone: '9095550187' }, address: 'Yucaipa' },
      'careless',
    );

    const everything = [...lines, ...output.written].join('\n');
    expect(lines.some((line) => line.includes('"route":"/patients/:id/demographics"'))).toBe(true);
    expect(VALUES.filter((value) => everything.includes(value))).toEqual([]);
    // Every answer but the read's is silent about the values.
    expect(VALUES.filter((value) => answers.join('\n').includes(value))).toEqual([]);
    const careless = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((r) => r.msg === 'careless');
    expect(careless).toMatchObject({ demographics: REDACTED, patient: { mbi: REDACTED, phone: REDACTED } });
  });
});
