import { loadObservabilityConfig } from '../observability/observability-config';
import { ReadSide } from '../read-models/read-side';
import { startApi, type ApiHarness } from '../testing/api-harness';
import { registerPractices } from '../testing/fixtures';
import { captureProcessOutput } from '../testing/process-output';
import { billableInMarch, billingSetupBody, recordDemographics } from './testing/claim-scenario';

/**
 * The claim file carries names, dates of birth, MBIs and addresses (that is what it is for): none of
 * them reaches a log line, and no refusal on the way quotes one. One api per file: nestjs-pino keeps one
 * root logger per process.
 */
const VALUES = [
  'Wilhelmina',
  'Quackenbush',
  '1EG4-TE5-MK73',
  '1EG4TE5MK73',
  'QUACKENBUSH',
  '1939-07-21',
  '19390721',
  '77 Juniper Hollow Rd',
  '77 JUNIPER HOLLOW RD',
  'Yucaipa',
  'YUCAIPA',
  '92399',
];

describe('the claim file in logs: never a patient value', () => {
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
    await billableInMarch(api, 'pt-1', 24);
    await recordDemographics(api, 'pt-1');
  }, 120_000);

  afterAll(async () => {
    await api.close();
    output?.restore();
  });

  it('serves the three formats with the values in them, and logs none of them', async () => {
    const answers: string[] = [];
    const bad = await api.http
      .post('/practices/riverside/billing-setup')
      .set('Authorization', `Bearer ${api.token('admin')}`)
      .send(billingSetupBody({ payer: { name: 'Yucaipa 92399', id: '1EG4-TE5-MK73' } }))
      .expect(400);
    answers.push(bad.text);
    await api.http
      .post('/practices/riverside/billing-setup')
      .set('Authorization', `Bearer ${api.token('admin')}`)
      .send(billingSetupBody())
      .expect(201);
    await api.app.get(ReadSide).projector?.waitUntilCaughtUp(60_000);
    for (const format of ['json', 'csv', '837p']) {
      const res = await api.http
        .get(`/billing/months/2026-03/claims?format=${format}`)
        .set('Authorization', `Bearer ${api.token('biller')}`)
        .expect(200);
      expect(res.text).toMatch(/QUACKENBUSH|Quackenbush/);
    }
    expect(VALUES.filter((value) => answers.join('\n').includes(value))).toEqual([]);
    expect(lines.some((line) => line.includes('"route":"/billing/months/:month/claims"'))).toBe(true);
    const everything = [...lines, ...output.written].join('\n');
    expect(VALUES.filter((value) => everything.includes(value))).toEqual([]);
  });
});
