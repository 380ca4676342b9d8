import { chooseJwtSecret } from './secret';

/** Asymmetric algorithms accepted from an identity provider's key set. */
export const PROVIDER_ALGORITHMS = ['RS256', 'ES256'] as const;
export type ProviderAlgorithm = (typeof PROVIDER_ALGORITHMS)[number];

/** Where the keys that sign bearer tokens come from: a shared secret (HS256) or a provider's JWKS. */
export type TokenKeys =
  | { readonly kind: 'secret'; readonly secret: string; readonly isDevelopmentSecret: boolean }
  | { readonly kind: 'jwks'; readonly jwksUrl: string; readonly algorithms: readonly ProviderAlgorithm[] };

/** What a token must say, besides being signed by the right key. */
export interface TokenPolicy {
  /** `iss` must equal this when set (always set with a JWKS). */
  readonly issuer?: string;
  /** `aud` must contain this when set (always set with a JWKS). */
  readonly audience?: string;
  /** Leeway for `exp`, `nbf` and an `iat` ahead of our clock, for clocks that drift apart. */
  readonly clockSkewSeconds: number;
  /** `exp - iat` may not exceed this: a stolen token is good for at most this long. */
  readonly maxLifetimeSeconds: number;
  /** Claim names for the practice and the role (providers often namespace custom claims). */
  readonly practiceClaim: string;
  readonly roleClaim: string;
}

export interface IdentityConfig {
  readonly keys: TokenKeys;
  readonly policy: TokenPolicy;
}

export const DEFAULT_CLOCK_SKEW_SECONDS = 30;
/** Twelve hours: a working day's token from the CLI (8 hours by default) fits, a month-long one does not. */
export const DEFAULT_MAX_LIFETIME_SECONDS = 12 * 3600;

export const DEFAULT_TOKEN_POLICY: TokenPolicy = {
  clockSkewSeconds: DEFAULT_CLOCK_SKEW_SECONDS,
  maxLifetimeSeconds: DEFAULT_MAX_LIFETIME_SECONDS,
  practiceClaim: 'practice',
  roleClaim: 'role',
};

export class IdentityConfigError extends Error {
  override readonly name = 'IdentityConfigError';
}

/** HS256 with one secret and the default policy: tests, benches, and configurations built in code. */
export const identityForSecret = (secret: string, policy: Partial<TokenPolicy> = {}): IdentityConfig => ({
  keys: { kind: 'secret', secret, isDevelopmentSecret: false },
  policy: { ...DEFAULT_TOKEN_POLICY, ...policy },
});

function wholeSeconds(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new IdentityConfigError(`${name} must be a whole number of seconds from ${min} to ${max}`);
  return value;
}

const CLAIM_NAME = /^[A-Za-z0-9_:/.-]{1,200}$/;

/**
 * How bearer tokens are verified, from the environment:
 * - `CCM_JWT_JWKS_URL` (with `CCM_JWT_ISSUER` and `CCM_JWT_AUDIENCE`, both required then): tokens from
 *   the practice's OpenID provider, RS256 or ES256 (`CCM_JWT_ALGORITHMS`); HS256 is refused.
 * - otherwise `CCM_JWT_SECRET`, HS256 (production refuses a guessable one); issuer and audience checked
 *   when set.
 * `CCM_JWT_CLOCK_SKEW_SECONDS`, `CCM_JWT_MAX_LIFETIME_SECONDS`, `CCM_JWT_PRACTICE_CLAIM`, `CCM_JWT_ROLE_CLAIM`
 * apply to both.
 */
export function loadIdentityConfig(env: NodeJS.ProcessEnv): IdentityConfig {
  const policy: TokenPolicy = {
    ...(env.CCM_JWT_ISSUER ? { issuer: env.CCM_JWT_ISSUER } : {}),
    ...(env.CCM_JWT_AUDIENCE ? { audience: env.CCM_JWT_AUDIENCE } : {}),
    clockSkewSeconds: wholeSeconds(env, 'CCM_JWT_CLOCK_SKEW_SECONDS', DEFAULT_CLOCK_SKEW_SECONDS, 0, 300),
    maxLifetimeSeconds: wholeSeconds(
      env,
      'CCM_JWT_MAX_LIFETIME_SECONDS',
      DEFAULT_MAX_LIFETIME_SECONDS,
      60,
      7 * 24 * 3600,
    ),
    practiceClaim: env.CCM_JWT_PRACTICE_CLAIM || 'practice',
    roleClaim: env.CCM_JWT_ROLE_CLAIM || 'role',
  };
  for (const [name, value] of [
    ['CCM_JWT_PRACTICE_CLAIM', policy.practiceClaim],
    ['CCM_JWT_ROLE_CLAIM', policy.roleClaim],
  ] as const)
    if (!CLAIM_NAME.test(value)) throw new IdentityConfigError(`${name} is not a claim name`);

  const jwksUrl = env.CCM_JWT_JWKS_URL;
  if (!jwksUrl) {
    const { secret, isDevelopmentSecret } = chooseJwtSecret(env);
    return { keys: { kind: 'secret', secret, isDevelopmentSecret }, policy };
  }
  if (env.CCM_JWT_SECRET)
    throw new IdentityConfigError(
      'set CCM_JWT_SECRET or CCM_JWT_JWKS_URL, not both: anyone holding the secret could mint tokens beside the provider',
    );
  let url: URL;
  try {
    url = new URL(jwksUrl);
  } catch {
    throw new IdentityConfigError('CCM_JWT_JWKS_URL is not a URL');
  }
  // Keys fetched over plain http could be swapped on the way: anyone on the path could mint tokens.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && env.NODE_ENV !== 'production'))
    throw new IdentityConfigError('CCM_JWT_JWKS_URL must be https in production');
  if (!policy.issuer || !policy.audience)
    throw new IdentityConfigError(
      'CCM_JWT_ISSUER and CCM_JWT_AUDIENCE are required with CCM_JWT_JWKS_URL: without them any token of the provider, for any application, would do',
    );
  const algorithms = (env.CCM_JWT_ALGORITHMS ?? PROVIDER_ALGORITHMS.join(','))
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  const unknown = algorithms.filter((a) => !(PROVIDER_ALGORITHMS as readonly string[]).includes(a));
  if (algorithms.length === 0 || unknown.length > 0)
    throw new IdentityConfigError(`CCM_JWT_ALGORITHMS must list ${PROVIDER_ALGORITHMS.join(' and/or ')}`);
  return {
    keys: { kind: 'jwks', jwksUrl: url.href, algorithms: algorithms as ProviderAlgorithm[] },
    policy,
  };
}
