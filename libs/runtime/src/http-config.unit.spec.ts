import { randomBytes } from 'node:crypto';
import { loadConfig } from './config';
import {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_PANEL_IMPORT_LIMIT_BYTES,
  DEFAULT_RATE_LIMIT,
  HttpConfigError,
  loadHttpConfig,
} from './http-config';

describe('http limits and exposure, from the environment', () => {
  it('serves /docs outside production, and in production only with CCM_DOCS=on', () => {
    expect(loadHttpConfig({}).docs).toBe(true);
    expect(loadHttpConfig({ NODE_ENV: 'production' }).docs).toBe(false);
    expect(loadHttpConfig({ NODE_ENV: 'production', CCM_DOCS: 'on' }).docs).toBe(true);
    expect(loadHttpConfig({ CCM_DOCS: 'off' }).docs).toBe(false);
    expect(() => loadHttpConfig({ CCM_DOCS: 'yes' })).toThrow(HttpConfigError);
  });

  it('limits bodies to 1 MiB, panel imports to 32 MiB and each token to a generous rate by default', () => {
    expect(loadHttpConfig({})).toEqual({
      docs: true,
      bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
      panelImportLimitBytes: DEFAULT_PANEL_IMPORT_LIMIT_BYTES,
      rateLimit: { limit: DEFAULT_RATE_LIMIT, windowSeconds: 60 },
    });
  });

  it('takes other limits, 0 turning rate limiting off, and refuses nonsense', () => {
    expect(
      loadHttpConfig({
        CCM_HTTP_BODY_LIMIT_BYTES: '65536',
        CCM_PANEL_IMPORT_LIMIT_BYTES: '20000000',
        CCM_RATE_LIMIT: '100',
        CCM_RATE_LIMIT_WINDOW_SECONDS: '10',
      }),
    ).toMatchObject({
      bodyLimitBytes: 65536,
      panelImportLimitBytes: 20_000_000,
      rateLimit: { limit: 100, windowSeconds: 10 },
    });
    expect(loadHttpConfig({ CCM_RATE_LIMIT: '0' }).rateLimit).toBeUndefined();
    for (const env of [
      { CCM_HTTP_BODY_LIMIT_BYTES: '1e13' },
      { CCM_HTTP_BODY_LIMIT_BYTES: '10' },
      { CCM_PANEL_IMPORT_LIMIT_BYTES: '10' },
      { CCM_PANEL_IMPORT_LIMIT_BYTES: '1e9' },
      { CCM_RATE_LIMIT: '-1' },
      { CCM_RATE_LIMIT: 'lots' },
      { CCM_RATE_LIMIT_WINDOW_SECONDS: '0' },
    ])
      expect(() => loadHttpConfig(env)).toThrow(HttpConfigError);
  });
});

describe('the api configuration carries how tokens are verified', () => {
  it('runs in production with an identity provider and no shared secret', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      CCM_JWT_JWKS_URL: 'https://idp.example/jwks',
      CCM_JWT_ISSUER: 'https://idp.example',
      CCM_JWT_AUDIENCE: 'ccm-api',
    });
    expect(config.identity?.keys).toEqual({
      kind: 'jwks',
      jwksUrl: 'https://idp.example/jwks',
      algorithms: ['RS256', 'ES256'],
    });
    expect(config).toMatchObject({ jwtSecret: '', isDevelopmentSecret: false, http: { docs: false } });
  });

  it('refuses a guessable secret in production, and says why', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', CCM_JWT_SECRET: ' '.repeat(40) })).toThrow(
      'CCM_JWT_SECRET is too weak for production: it is only whitespace',
    );
    const secret = randomBytes(48).toString('base64');
    expect(loadConfig({ NODE_ENV: 'production', CCM_JWT_SECRET: secret })).toMatchObject({
      jwtSecret: secret,
      identity: { keys: { kind: 'secret', secret, isDevelopmentSecret: false } },
    });
  });
});
