import { startApi, type ApiHarness } from '../testing/api-harness';
import { enrolledPatient, registerPractices } from '../testing/fixtures';
import { loadObservabilityConfig } from '../observability/observability-config';
import { captureProcessOutput } from '../testing/process-output';

/**
 * An export answers with the record (that is what it is for, access-logged), but nothing of it reaches a
 * log line: exported, searched, refused and failed, none of the patient's values is in what the api logs.
 * (One api per file: nestjs-pino keeps one root logger per process.)
 */
const VALUES = [
  'Philippa',
  'Thistlewood',
  'Vandersloot',
  '1EG4TE5MK73',
  '1938-11-23',
  '41 Larkspur Ln',
  'Banning',
  '9515550163',
];

describe('FHIR export in logs: never a name or another value', () => {
  let api: ApiHarness;
  const lines: string[] = [];
  let output: ReturnType<typeof captureProcessOutput>;

  beforeAll(async () => {
    output = captureProcessOutput();
    const config = loadObservabilityConfig({ LOG_LEVEL: 'trace', LOG_FORMAT: 'json' });
    api = await startApi({
      observability: { config, logSink: { write: (line: string) => lines.push(line) } },
    });
    await registerPractices(api);
    await enrolledPatient(api, 'pt-fl');
    await api.http
      .post('/patients/pt-fl/demographics')
      .set('Authorization', `Bearer ${api.token('admin')}`)
      .send({
        name: { given: ['Philippa', 'Thistlewood'], family: 'Vandersloot' },
        dateOfBirth: '1938-11-23',
        sex: 'female',
        mbi: '1EG4-TE5-MK73',
        address: { lines: ['41 Larkspur Ln'], city: 'Banning', state: 'CA', postalCode: '92220' },
        phone: '951 555 0163',
      })
      .expect(201);
  }, 30_000);

  afterAll(async () => {
    await api.close();
    output?.restore();
  });

  it('exports, searches and refuses, and no value of the record is in a log', async () => {
    const auditor = `Bearer ${api.token('auditor')}`;
    const exported = await api.http
      .get('/fhir/Patient/pt-fl/$everything')
      .set('Authorization', auditor)
      .expect(200);
    // The answer carries the record: the test would prove nothing if the values were not there to leak.
    expect(VALUES.filter((value) => exported.text.includes(value))).toEqual(VALUES);
    await api.http.get('/fhir/Patient?patient=pt-fl').set('Authorization', auditor).expect(200);
    await api.http.get('/fhir/Claim?patient=pt-fl').set('Authorization', auditor).expect(200);
    await api.http
      .get('/fhir/Patient/pt-fl/$everything')
      .set('Authorization', auditor)
      .set('X-Purpose-Of-Use', 'x')
      .expect(400);
    await api.http.get('/fhir/Medication?patient=pt-fl').set('Authorization', auditor).expect(400);
    await api.http.get('/fhir/Patient/pt-fl/$everything').expect(401);

    const logged = [...lines, ...output.written].join('\n');
    expect(lines.some((line) => line.includes('"route":"/fhir/Patient/:id/:operation"'))).toBe(true);
    expect(VALUES.filter((value) => logged.includes(value))).toEqual([]);
  });
});
