/**
 * Tokens from a real OpenID provider: oidc-provider, started here on a loopback port, issues
 * client-credentials JWT access tokens (RS256 and ES256) for the api's audience; the api verifies them
 * against the provider's published JWKS, found through its discovery document.
 */
import { signAccessToken, DEFAULT_TOKEN_POLICY, type IdentityConfig } from '@ccm/auth';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startApi, TEST_SECRET, type ApiHarness } from '../testing/api-harness';
import { practiceBody } from '../testing/fixtures';

const AUDIENCE = 'https://ccm.example/api';

async function startProvider(): Promise<{ issuer: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [join(__dirname, '..', 'testing', 'oidc-provider.mjs'), AUDIENCE], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the OpenID provider exited (${code}): ${stderr}`)));
  });
  return { issuer: (JSON.parse(first) as { issuer: string }).issuer, process: child };
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

describe('tokens from a real OpenID provider (oidc-provider on a loopback port)', () => {
  let provider: { issuer: string; process: ChildProcess };
  let discovery: { issuer: string; jwks_uri: string; token_endpoint: string };
  let api: ApiHarness;

  /** A client-credentials access token for the api, as a service of the practice would get one. */
  const tokenFor = async (clientId: string, resource = AUDIENCE): Promise<string> => {
    const response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientId}-secret`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'ccm', resource }).toString(),
    });
    return (await json<{ access_token: string }>(response)).access_token;
  };

  beforeAll(async () => {
    provider = await startProvider();
    discovery = await json(await fetch(`${provider.issuer}/.well-known/openid-configuration`));
    const identity: IdentityConfig = {
      keys: { kind: 'jwks', jwksUrl: discovery.jwks_uri, algorithms: ['RS256', 'ES256'] },
      policy: { ...DEFAULT_TOKEN_POLICY, issuer: discovery.issuer, audience: AUDIENCE },
    };
    // Real time: the provider stamps its tokens with the clock of this machine.
    api = await startApi({ now: new Date().toISOString(), config: { identity } });
  });
  // The api's clock follows the machine's, as the provider's does.
  beforeEach(() => api.clock.set(new Date().toISOString()));
  afterAll(async () => {
    await api?.close();
    provider?.process.kill();
  });

  it('issues JWT access tokens for the api (RFC 9068) with the practice and role claims', async () => {
    const [header, payload] = (await tokenFor('ccm-auditor'))
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(payload).toMatchObject({
      iss: provider.issuer,
      aud: AUDIENCE,
      sub: 'ccm-auditor',
      practice: 'riverside',
      role: 'auditor',
    });
  });

  it('lets the api be used with them: a practice registered with an RS256 token, read with an ES256 one', async () => {
    await api.http
      .post('/practices')
      .set('Authorization', `Bearer ${await tokenFor('ccm-admin')}`)
      .send(practiceBody())
      .expect(201);
    const read = await api.http
      .get('/practices/riverside')
      .set('Authorization', `Bearer ${await tokenFor('ccm-auditor')}`)
      .expect(200);
    expect(read.body).toMatchObject({ practiceId: 'riverside' });
    const events = await api.store.readStream('ccm.practice.riverside', { maxCount: 10 });
    expect(events[0].metadata).toMatchObject({ actorId: 'ccm-admin', actorRole: 'admin' });
  });

  it('keeps practices apart: another practice’s service sees 404', async () => {
    await api.http
      .get('/practices/riverside')
      .set('Authorization', `Bearer ${await tokenFor('ccm-lakeside')}`)
      .expect(404);
  });

  it('refuses a provider token whose practice is not an id (it would name another stream)', async () => {
    const res = await api.http
      .get('/practices/riverside')
      .set('Authorization', `Bearer ${await tokenFor('ccm-dotted')}`)
      .expect(401);
    expect(res.body).toMatchObject({ reason: 'UNAUTHENTICATED' });
    expect(res.text).not.toContain('pt-alpha-1');
  });

  it('refuses a tampered provider token, and HS256 tokens altogether', async () => {
    const [h, p, s] = (await tokenFor('ccm-auditor')).split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const elevated = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    await api.http
      .get('/practices/riverside')
      .set('Authorization', `Bearer ${h}.${elevated}.${s}`)
      .expect(401);
    const local = signAccessToken(
      { userId: 'admin-user', role: 'admin', practiceId: 'riverside' },
      TEST_SECRET,
      { now: new Date(), ttlSeconds: 300, issuer: discovery.issuer, audience: AUDIENCE },
    );
    await api.http.get('/practices/riverside').set('Authorization', `Bearer ${local}`).expect(401);
  });

  it('refuses a token of the provider for another audience', async () => {
    // The provider serves one resource: a token for another is refused by the provider itself,
    // and the api never sees it. A token without the api's audience is covered by the unit specs.
    await expect(tokenFor('ccm-auditor', 'https://elsewhere.example/')).rejects.toThrow(/400/);
  });

  it('answers 503, not 401, when the provider’s keys cannot be fetched', async () => {
    const unreachable = await startApi({
      now: new Date().toISOString(),
      config: {
        identity: {
          keys: { kind: 'jwks', jwksUrl: 'http://127.0.0.1:9/jwks', algorithms: ['RS256', 'ES256'] },
          policy: { ...DEFAULT_TOKEN_POLICY, issuer: discovery.issuer, audience: AUDIENCE },
        },
      },
    });
    try {
      const res = await unreachable.http
        .get('/practices/riverside')
        .set('Authorization', `Bearer ${await tokenFor('ccm-auditor')}`)
        .expect(503);
      expect(res.body.reason).toBe('IDENTITY_PROVIDER_UNAVAILABLE');
    } finally {
      await unreachable.close();
    }
  });
});
