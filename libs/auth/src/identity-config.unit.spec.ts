import { randomBytes } from 'node:crypto';
import { DEFAULT_TOKEN_POLICY, IdentityConfigError, loadIdentityConfig } from './identity-config';

const provider = {
  CCM_JWT_JWKS_URL: 'https://idp.example/jwks',
  CCM_JWT_ISSUER: 'https://idp.example',
  CCM_JWT_AUDIENCE: 'ccm-api',
};

describe('how bearer tokens are verified, from the environment', () => {
  it('is HS256 with the development secret and the default policy when nothing is set', () => {
    expect(loadIdentityConfig({})).toEqual({
      keys: { kind: 'secret', secret: expect.any(String), isDevelopmentSecret: true },
      policy: DEFAULT_TOKEN_POLICY,
    });
  });

  it('is the provider’s JWKS, RS256 and ES256, with issuer and audience', () => {
    expect(loadIdentityConfig({ ...provider, NODE_ENV: 'production' })).toEqual({
      keys: { kind: 'jwks', jwksUrl: 'https://idp.example/jwks', algorithms: ['RS256', 'ES256'] },
      policy: { ...DEFAULT_TOKEN_POLICY, issuer: 'https://idp.example', audience: 'ccm-api' },
    });
    expect(loadIdentityConfig({ ...provider, CCM_JWT_ALGORITHMS: 'ES256' }).keys).toMatchObject({
      algorithms: ['ES256'],
    });
  });

  it.each([
    ['a JWKS without issuer', { ...provider, CCM_JWT_ISSUER: '' }, 'CCM_JWT_ISSUER and CCM_JWT_AUDIENCE'],
    [
      'a JWKS without audience',
      { ...provider, CCM_JWT_AUDIENCE: undefined },
      'CCM_JWT_ISSUER and CCM_JWT_AUDIENCE',
    ],
    ['a JWKS and a secret', { ...provider, CCM_JWT_SECRET: randomBytes(32).toString('hex') }, 'not both'],
    [
      'a JWKS over http in production',
      { ...provider, CCM_JWT_JWKS_URL: 'http://idp/jwks', NODE_ENV: 'production' },
      'https',
    ],
    ['a JWKS URL that is not one', { ...provider, CCM_JWT_JWKS_URL: 'idp jwks' }, 'not a URL'],
    [
      'HS256 among provider algorithms',
      { ...provider, CCM_JWT_ALGORITHMS: 'RS256,HS256' },
      'CCM_JWT_ALGORITHMS',
    ],
    ['a negative skew', { CCM_JWT_CLOCK_SKEW_SECONDS: '-1' }, 'CCM_JWT_CLOCK_SKEW_SECONDS'],
    ['a skew of an hour', { CCM_JWT_CLOCK_SKEW_SECONDS: '3600' }, 'CCM_JWT_CLOCK_SKEW_SECONDS'],
    ['a lifetime of a year', { CCM_JWT_MAX_LIFETIME_SECONDS: '31536000' }, 'CCM_JWT_MAX_LIFETIME_SECONDS'],
    [
      'a lifetime that is not a number',
      { CCM_JWT_MAX_LIFETIME_SECONDS: '1e308' },
      'CCM_JWT_MAX_LIFETIME_SECONDS',
    ],
    ['a claim name with spaces', { CCM_JWT_ROLE_CLAIM: 'the role' }, 'CCM_JWT_ROLE_CLAIM'],
  ])('refuses %s', (_why, env, message) => {
    expect(() => loadIdentityConfig(env)).toThrow(IdentityConfigError);
    expect(() => loadIdentityConfig(env)).toThrow(message);
  });

  it('allows a plain-http provider outside production (a provider on the same machine in development)', () => {
    expect(
      loadIdentityConfig({ ...provider, CCM_JWT_JWKS_URL: 'http://127.0.0.1:4000/jwks' }).keys.kind,
    ).toBe('jwks');
  });

  it('takes skew, lifetime and claim names', () => {
    expect(
      loadIdentityConfig({
        CCM_JWT_CLOCK_SKEW_SECONDS: '0',
        CCM_JWT_MAX_LIFETIME_SECONDS: '900',
        CCM_JWT_PRACTICE_CLAIM: 'https://ccm.example/practice',
        CCM_JWT_ISSUER: 'ccm',
      }).policy,
    ).toEqual({
      clockSkewSeconds: 0,
      maxLifetimeSeconds: 900,
      practiceClaim: 'https://ccm.example/practice',
      roleClaim: 'role',
      issuer: 'ccm',
    });
  });
});
