import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import {
  DEFAULT_TOKEN_POLICY,
  identityForSecret,
  type IdentityConfig,
  type ProviderAlgorithm,
} from './identity-config';
import { InvalidTokenError, signAccessToken } from './jwt';
import { AccessTokenVerifier, TokenKeysUnavailableError, verifyAccessToken } from './token-verifier';

const SECRET = 'unit-test-secret-0123456789-abcdefghij';
const now = new Date('2026-03-10T12:00:00Z');
const NOW = now.getTime() / 1000;
const claims = { userId: 'rn-lopez', role: 'care_manager' as const, practiceId: 'practice-a' };
const identity = identityForSecret(SECRET);

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An HS256 token with exactly these header and payload fields, however wrong they are. */
function hs256(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256' }) {
  const input = `${b64(header)}.${b64(payload)}`;
  const algorithm = header.alg === 'HS512' ? 'sha512' : 'sha256';
  return `${input}.${createHmac(algorithm, SECRET).update(input).digest('base64url')}`;
}

const valid = { sub: 'rn-lopez', role: 'care_manager', practice: 'practice-a', iat: NOW, exp: NOW + 600 };

const refused = (token: string, config: IdentityConfig = identity, at: Date = now) =>
  expect(verifyAccessToken(token, config, at)).rejects.toBeInstanceOf(InvalidTokenError);

describe('access tokens (HS256, verified with jose)', () => {
  it('round-trips user, role and practice', async () => {
    const token = signAccessToken(claims, SECRET, { now, ttlSeconds: 60 });
    await expect(verifyAccessToken(token, identity, now)).resolves.toMatchObject({
      sub: 'rn-lopez',
      role: 'care_manager',
      practice: 'practice-a',
    });
  });

  it('refuses a token signed with another secret', async () => {
    await refused(signAccessToken(claims, 'another-secret', { now, ttlSeconds: 60 }));
  });

  it('refuses a tampered payload and a tampered signature', async () => {
    const [h, p, s] = signAccessToken(claims, SECRET, { now, ttlSeconds: 60 }).split('.');
    await expect(
      verifyAccessToken(`${h}.${b64({ ...valid, role: 'admin' })}.${s}`, identity, now),
    ).rejects.toThrow('bad signature');
    const flipped = `${s.slice(0, -2)}${s.endsWith('AA') ? 'AB' : 'AA'}`;
    await expect(verifyAccessToken(`${h}.${p}.${flipped}`, identity, now)).rejects.toThrow('bad signature');
    await refused(`${h}.${p}.`);
    await refused('not-a-token');
  });

  it('refuses the none algorithm and any algorithm but HS256, even keyed with the right secret', async () => {
    await refused(`${b64({ alg: 'none' })}.${b64(valid)}.`);
    await expect(verifyAccessToken(hs256(valid, { alg: 'HS512' }), identity, now)).rejects.toThrow(
      'unsupported algorithm',
    );
  });

  it('refuses a token whose nbf is ahead of the clock by more than the skew', async () => {
    await expect(verifyAccessToken(hs256({ ...valid, nbf: NOW + 120 }), identity, now)).rejects.toThrow(
      InvalidTokenError,
    );
    await expect(verifyAccessToken(hs256({ ...valid, nbf: NOW + 10 }), identity, now)).resolves.toBeDefined();
    await expect(verifyAccessToken(hs256({ ...valid, nbf: 'soon' }), identity, now)).rejects.toThrow(
      InvalidTokenError,
    );
  });

  it('refuses a token issued in the future (beyond the skew)', async () => {
    await expect(
      verifyAccessToken(hs256({ ...valid, iat: NOW + 3600, exp: NOW + 4000 }), identity, now),
    ).rejects.toThrow('issued in the future');
    await expect(
      verifyAccessToken(hs256({ ...valid, iat: NOW + 20, exp: NOW + 600 }), identity, now),
    ).resolves.toBeDefined();
  });

  it('refuses exp 1e308, a missing exp, and an exp that is not a number', async () => {
    await expect(verifyAccessToken(hs256({ ...valid, exp: 1e308 }), identity, now)).rejects.toThrow(
      'lifetime longer than allowed',
    );
    const { exp: _exp, ...noExp } = valid;
    await refused(hs256(noExp));
    await refused(hs256({ ...valid, exp: 'never' }));
    const { iat: _iat, ...noIat } = valid;
    await refused(hs256(noIat));
  });

  it('refuses a lifetime (exp - iat) longer than the maximum, and accepts exactly the maximum', async () => {
    const max = DEFAULT_TOKEN_POLICY.maxLifetimeSeconds;
    await expect(verifyAccessToken(hs256({ ...valid, exp: NOW + max + 1 }), identity, now)).rejects.toThrow(
      'lifetime longer than allowed',
    );
    await expect(
      verifyAccessToken(hs256({ ...valid, exp: NOW + max }), identity, now),
    ).resolves.toBeDefined();
    const short = identityForSecret(SECRET, { maxLifetimeSeconds: 300 });
    await refused(signAccessToken(claims, SECRET, { now, ttlSeconds: 301 }), short);
    await refused(hs256({ ...valid, exp: NOW - 1, iat: NOW }));
  });

  it('refuses an expired token beyond the skew, and accepts one inside it', async () => {
    await expect(
      verifyAccessToken(hs256({ ...valid, iat: NOW - 600, exp: NOW - 31 }), identity, now),
    ).rejects.toThrow('expired');
    await expect(
      verifyAccessToken(hs256({ ...valid, iat: NOW - 600, exp: NOW - 10 }), identity, now),
    ).resolves.toBeDefined();
  });

  it.each([
    ['a practice that names another stream', { practice: 'alpha.pt-alpha-1' }, 'practice is not an id'],
    ['an empty practice', { practice: '' }, 'practice is not an id'],
    ['a practice that is not a string', { practice: ['practice-a'] }, 'practice is not an id'],
    ['a user id with a dot', { sub: 'rn.lopez' }, 'user id is not an id'],
    ['a user id of 65 characters', { sub: 'u'.repeat(65) }, 'user id is not an id'],
    ['no user id', { sub: undefined }, 'user id is not an id'],
    ['an unknown role', { role: 'root' }, 'role is not one of the known roles'],
  ])('refuses %s', async (_why, change, message) => {
    await expect(verifyAccessToken(hs256({ ...valid, ...change }), identity, now)).rejects.toThrow(message);
  });

  it('checks issuer and audience when configured', async () => {
    const strict = identityForSecret(SECRET, { issuer: 'https://idp.example', audience: 'ccm-api' });
    const sign = (issuer?: string, audience?: string) =>
      signAccessToken(claims, SECRET, { now, ttlSeconds: 60, issuer, audience });
    await expect(
      verifyAccessToken(sign('https://idp.example', 'ccm-api'), strict, now),
    ).resolves.toBeDefined();
    await refused(sign('https://evil.example', 'ccm-api'), strict);
    await refused(sign('https://idp.example', 'other-api'), strict);
    await refused(sign(undefined, 'ccm-api'), strict);
    await refused(sign('https://idp.example', undefined), strict);
  });

  it('reads practice and role from the claims the configuration names', async () => {
    const named = identityForSecret(SECRET, { practiceClaim: 'https://ccm/practice', roleClaim: 'ccm_role' });
    const token = hs256({
      sub: 'rn-lopez',
      'https://ccm/practice': 'practice-a',
      ccm_role: 'biller',
      iat: NOW,
      exp: NOW + 60,
    });
    await expect(verifyAccessToken(token, named, now)).resolves.toMatchObject({
      practice: 'practice-a',
      role: 'biller',
    });
    await refused(hs256(valid), named);
  });
});

describe('a verifier keeps tokens it verified, and checks their times on every call', () => {
  it('answers as verifyAccessToken does, on first sight and when the token comes again', async () => {
    const verifier = new AccessTokenVerifier(identity);
    const token = signAccessToken(claims, SECRET, { now, ttlSeconds: 60 });
    const expected = await verifyAccessToken(token, identity, now);
    await expect(verifier.verify(token, now)).resolves.toEqual(expected);
    await expect(verifier.verify(token, now)).resolves.toEqual(expected);
  });

  it('refuses a known token once it has expired, and keeps refusing it', async () => {
    const verifier = new AccessTokenVerifier(identity);
    const token = signAccessToken(claims, SECRET, { now, ttlSeconds: 60 });
    await verifier.verify(token, now);
    const later = new Date(now.getTime() + 120_000);
    await expect(verifier.verify(token, later)).rejects.toThrow('expired');
    await expect(verifier.verify(token, later)).rejects.toThrow('expired');
  });

  it('checks nbf and iat on a cached token too (a clock set back does not help)', async () => {
    const verifier = new AccessTokenVerifier(identity);
    const token = hs256({ ...valid, nbf: NOW });
    await verifier.verify(token, now);
    await expect(verifier.verify(token, new Date(now.getTime() - 3_600_000))).rejects.toThrow(
      InvalidTokenError,
    );
  });

  it('never accepts what verifyAccessToken refuses, however often it is sent', async () => {
    const verifier = new AccessTokenVerifier(identity);
    const other = signAccessToken(claims, 'other-secret', { now, ttlSeconds: 60 });
    const [h, , s] = signAccessToken(claims, SECRET, { now, ttlSeconds: 60 }).split('.');
    for (let i = 0; i < 2; i++) {
      await expect(verifier.verify(other, now)).rejects.toThrow('bad signature');
      await expect(verifier.verify(`${h}.${b64({ ...valid, role: 'admin' })}.${s}`, now)).rejects.toThrow(
        'bad signature',
      );
      await expect(verifier.verify(hs256({ ...valid, practice: 'a.b' }), now)).rejects.toThrow(
        InvalidTokenError,
      );
    }
  });

  it('keeps at most its capacity of tokens and still verifies those it dropped', async () => {
    const verifier = new AccessTokenVerifier(identity, 2);
    const tokens = ['a', 'b', 'c'].map((userId) =>
      signAccessToken({ ...claims, userId }, SECRET, { now, ttlSeconds: 60 }),
    );
    for (const token of [...tokens, ...tokens])
      expect((await verifier.verify(token, now)).role).toBe('care_manager');
  });
});

describe('tokens from a provider’s key set (RS256, ES256 over a JWKS URL)', () => {
  let server: Server;
  const jwks: { keys: JWK[] } = { keys: [] };
  let url = '';
  const keys = new Map<ProviderAlgorithm, PrivateKey>();

  beforeAll(async () => {
    for (const alg of ['RS256', 'ES256'] as const) {
      const pair = await generateKeyPair(alg, { extractable: true });
      keys.set(alg, pair.privateKey);
      jwks.keys.push({ ...(await exportJWK(pair.publicKey)), kid: alg, alg, use: 'sig' });
    }
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const provider = (): IdentityConfig => ({
    keys: { kind: 'jwks', jwksUrl: url, algorithms: ['RS256', 'ES256'] },
    policy: { ...DEFAULT_TOKEN_POLICY, issuer: 'https://idp.example', audience: 'ccm-api' },
  });

  const issue = (alg: ProviderAlgorithm, payload: Record<string, unknown> = {}, kid: string = alg) =>
    new SignJWT({ role: 'auditor', practice: 'practice-a', ...payload })
      .setProtectedHeader({ alg, kid })
      .setSubject('auditor-1')
      .setIssuer('https://idp.example')
      .setAudience('ccm-api')
      .setIssuedAt(NOW)
      .setExpirationTime(NOW + 300)
      .sign(keys.get(alg) as PrivateKey);

  it.each(['RS256', 'ES256'] as const)('accepts %s from the provider’s keys', async (alg) => {
    await expect(verifyAccessToken(await issue(alg), provider(), now)).resolves.toMatchObject({
      sub: 'auditor-1',
      role: 'auditor',
    });
  });

  it('refuses HS256 with the provider, even keyed with its public key (algorithm confusion)', async () => {
    const publicJwk = jwks.keys[0];
    const confused = new SignJWT({ role: 'admin', practice: 'practice-a' })
      .setProtectedHeader({ alg: 'HS256', kid: 'RS256' })
      .setSubject('x')
      .setIssuer('https://idp.example')
      .setAudience('ccm-api')
      .setIssuedAt(NOW)
      .setExpirationTime(NOW + 60)
      .sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
    await expect(verifyAccessToken(await confused, provider(), now)).rejects.toThrow('unsupported algorithm');
  });

  it('refuses a token signed by a key the provider does not publish, and a wrong issuer', async () => {
    const stranger = await generateKeyPair('ES256');
    const foreign = await new SignJWT({ role: 'admin', practice: 'practice-a' })
      .setProtectedHeader({ alg: 'ES256', kid: 'ES256' })
      .setSubject('x')
      .setIssuer('https://idp.example')
      .setAudience('ccm-api')
      .setIssuedAt(NOW)
      .setExpirationTime(NOW + 60)
      .sign(stranger.privateKey);
    await expect(verifyAccessToken(foreign, provider(), now)).rejects.toThrow('bad signature');
    await expect(verifyAccessToken(await issue('RS256', {}, 'unknown-kid'), provider(), now)).rejects.toThrow(
      InvalidTokenError,
    );
    const wrongIssuer = await new SignJWT({ role: 'admin', practice: 'practice-a' })
      .setProtectedHeader({ alg: 'RS256', kid: 'RS256' })
      .setSubject('x')
      .setIssuer('https://other.example')
      .setAudience('ccm-api')
      .setIssuedAt(NOW)
      .setExpirationTime(NOW + 60)
      .sign(keys.get('RS256') as PrivateKey);
    await expect(verifyAccessToken(wrongIssuer, provider(), now)).rejects.toThrow(InvalidTokenError);
  });

  it('applies the same claim rules to provider tokens', async () => {
    await expect(
      verifyAccessToken(await issue('ES256', { practice: 'alpha.pt-alpha-1' }), provider(), now),
    ).rejects.toThrow('practice is not an id');
    await expect(
      verifyAccessToken(await issue('ES256', { nbf: NOW + 600 }), provider(), now),
    ).rejects.toThrow(InvalidTokenError);
  });

  it('says the keys are unavailable, not that the token is bad, when the provider cannot be reached', async () => {
    const down: IdentityConfig = {
      ...provider(),
      keys: { kind: 'jwks', jwksUrl: 'http://127.0.0.1:9/jwks', algorithms: ['RS256'] },
    };
    await expect(verifyAccessToken(await issue('RS256'), down, now)).rejects.toBeInstanceOf(
      TokenKeysUnavailableError,
    );
  });
});
