import { startApi, type ApiHarness } from '../testing/api-harness';
import { registerPractices } from '../testing/fixtures';
import { loadObservabilityConfig } from '../observability/observability-config';
import { captureProcessOutput } from '../testing/process-output';
import { bundleOf, CSV_HEADER, DR_ADAMS_NPI, personEntries } from './testing/panel-fixtures';

/**
 * Names, dates of birth and MBIs from a panel never reach a log line, nor an answer other than the
 * candidate's own read: imported, refused and read through FHIR and CSV with logging at its most verbose.
 * (One api per file: nestjs-pino keeps one root logger per process.)
 */
const MBI = '3EH5FG6HJ78';
const BAD_MBI = '3EH5FG6HJ7S';
const VALUES = [
  'Zebulonia',
  'Higginbottom',
  'Percival',
  'Fotheringay',
  '1937-04-19',
  '1941-11-23',
  MBI,
  BAD_MBI,
  '3EH5',
];

describe('candidate panels in logs and answers: never', () => {
  let api: ApiHarness;
  const lines: string[] = [];
  const answers: string[] = [];
  let output: ReturnType<typeof captureProcessOutput>;

  beforeAll(async () => {
    output = captureProcessOutput();
    const config = loadObservabilityConfig({ LOG_LEVEL: 'trace', LOG_FORMAT: 'json' });
    api = await startApi({
      observability: { config, logSink: { write: (line: string) => lines.push(line) } },
    });
    await registerPractices(api);
  }, 30_000);

  afterAll(async () => {
    await api.close();
    output?.restore();
  });

  const send = async (path: string, type: string, body: string, expected: number) => {
    const res = await api.http
      .post(path)
      .set('Authorization', `Bearer ${api.token('admin')}`)
      .set('Content-Type', type)
      .send(body);
    expect(res.status).toBe(expected);
    answers.push(JSON.stringify(res.headers), res.text);
  };

  it('imports, refuses and reads a panel, and no value is in a log or a refusal', async () => {
    const person = (mbi: string) =>
      personEntries({
        id: 'ehr-log-1',
        family: 'Higginbottom',
        given: 'Zebulonia',
        birthDate: '1937-04-19',
        mbi,
        icd10: ['E11.9', 'I10'],
        coverage: 'part_b',
        visit: { date: '2026-01-15', npi: DR_ADAMS_NPI },
      });
    await send('/fhir', 'application/fhir+json', JSON.stringify(bundleOf(person(BAD_MBI))), 422);
    await send('/fhir', 'application/fhir+json', JSON.stringify(bundleOf(person(MBI))), 200);
    const csvRow = (mbi: string) => `csv-log-1,Percival,Fotheringay,1941-11-23,male,${mbi},E11.9,,,,,`;
    await send('/candidates/panel.csv', 'text/csv', `${CSV_HEADER}\n${csvRow(BAD_MBI)}\n`, 400);
    await send('/candidates/panel.csv', 'text/csv', `${CSV_HEADER}\n${csvRow(MBI)}\n`, 409);
    await send('/fhir', 'application/fhir+json', `{"resourceType":"Bundle","name":"Zebulonia ${MBI}",`, 400);
    const read = await api.http
      .get('/candidates/ehr-log-1')
      .set('Authorization', `Bearer ${api.token('care_manager')}`)
      .expect(200);
    expect(read.body.mbi).toBe(MBI);
    await api.http
      .get('/candidates/eligibility?asOf=2026-03-31')
      .set('Authorization', `Bearer ${api.token('care_manager')}`)
      .expect(200);

    const everything = [...lines, ...output.written].join('\n');
    expect(lines.some((line) => line.includes('"route":"/fhir"'))).toBe(true);
    expect(VALUES.filter((value) => everything.includes(value))).toEqual([]);
    expect(VALUES.filter((value) => answers.join('\n').includes(value))).toEqual([]);
  });
});
