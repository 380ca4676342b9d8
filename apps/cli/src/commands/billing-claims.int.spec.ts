import { AccessLog } from '@ccm/audit';
import { read837p } from '@ccm/interop';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  billableInMarch,
  billingSetupBody,
  recordDemographics,
} from '../../../api/src/billing-claims/testing/claim-scenario';
import { startReadApi, type ReadApiHarness } from '../../../api/src/read-models/testing/read-api-harness';
import { registerPractices } from '../../../api/src/testing/fixtures';
import { CliUsageError } from '../cli-command';
import { runCommand } from '../testing/run-command';
import { billingClaimsCommand } from './billing-claims';

/** The api's clock in the harness (DEFAULT_NOW) on the practice's wall clock (Chicago). */
const API_NOW_LOCAL = '2026-03-31T12:00';

describe('billing claims (the command line): the bytes GET /billing/months/{m}/claims serves', () => {
  let api: ReadApiHarness;
  let env: NodeJS.ProcessEnv;
  const run = (args: string[]) =>
    runCommand(billingClaimsCommand, ['--month', '2026-03', '--practice', 'riverside', ...args], env);
  const served = async (query: string) =>
    (
      await api
        .get(`/billing/months/2026-03/claims${query}`, 'biller')
        .set('X-Purpose-Of-Use', 'payment')
        .expect(200)
    ).text;

  beforeAll(async () => {
    api = await startReadApi();
    env = { CCM_DATA_DIR: api.dataDir, CCM_SQLITE_SYNCHRONOUS: 'NORMAL', CCM_CLI_USER: 'cli-biller' };
    await registerPractices(api);
    await billableInMarch(api, 'pt-1', 24);
    await billableInMarch(api, 'pt-2', 48);
    await recordDemographics(api, 'pt-1');
    await api.caughtUp();
  }, 120_000);
  afterAll(() => api?.close());

  it('refuses a month while no billing setup is in force, saying so', async () => {
    const result = await run(['--format', 'csv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no billing setup in force for 2026-03');
  });

  it('prints the same JSON, CSV and 837P as the api, or writes them with --out', async () => {
    await api.http
      .post('/practices/riverside/billing-setup')
      .set('Authorization', `Bearer ${api.token('admin')}`)
      .send(
        billingSetupBody({
          fees: [
            { code: '99490', chargeCents: 9000 },
            { code: '99439', chargeCents: 7000 },
          ],
        }),
      )
      .expect(201);
    await api.caughtUp();
    for (const format of ['json', 'csv'] as const) {
      const cli = await run(['--format', format]);
      expect(cli.code).toBe(0);
      expect(cli.stdout).toBe(await served(`?format=${format}`));
    }
    const x12 = await run(['--format', '837p', '--generation', '3', '--created-at', API_NOW_LOCAL]);
    expect(x12.stdout).toBe(await served('?format=837p&generation=3'));
    expect(read837p(x12.stdout).lines.map((l) => l.code)).toEqual(['99490']);
    // pt-2 has no demographics: not in the 837P, named with its reason in the JSON and on stderr.
    expect(JSON.parse((await run([])).stdout).notReady).toEqual([
      { patientId: 'pt-2', serviceMonth: '2026-03', reasons: ['NO_DEMOGRAPHICS'] },
    ]);
    expect(x12.stderr).toContain('1 billable month(s) not ready');
    const out = join(api.dataDir, 'claims.csv');
    expect((await run(['--format', 'csv', '--out', out])).stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(await served('?format=csv'));
  });

  it('logs the read in the access stream of each patient carried, under the CLI user', async () => {
    const reads = await new AccessLog(api.store, api.clock).readsOf('riverside', 'pt-1');
    expect(reads.some((r) => r.data.channel === 'cli' && r.data.actorId === 'cli-biller')).toBe(true);
  });

  it('refuses a bad format or generation as usage errors (the command line prints them with the usage)', async () => {
    await expect(run(['--format', 'xlsx'])).rejects.toThrow(
      new CliUsageError('--format must be json, csv or 837p'),
    );
    await expect(run(['--generation', '0'])).rejects.toThrow(CliUsageError);
  });
});
