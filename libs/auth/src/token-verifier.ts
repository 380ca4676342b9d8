import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { isId, USER_ROLES, type UserRole } from '@ccm/domain';
import type { IdentityConfig, TokenPolicy } from './identity-config';
import { InvalidTokenError, type AccessClaims } from './jwt';

/** The provider's key set could not be fetched: nothing is known about the token, it is not refused as bad. */
export class TokenKeysUnavailableError extends Error {
  override readonly name = 'TokenKeysUnavailableError';
}

/** Errors jose raises about the token itself (as opposed to fetching the keys that would verify it). */
const TOKEN_FAULTS: ReadonlyMap<string, string> = new Map([
  [errors.JWSSignatureVerificationFailed.code, 'bad signature'],
  [errors.JOSEAlgNotAllowed.code, 'unsupported algorithm'],
  [errors.JOSENotSupported.code, 'unsupported algorithm'],
  [errors.JWSInvalid.code, 'malformed token'],
  [errors.JWTInvalid.code, 'malformed token'],
  [errors.JWTExpired.code, 'expired'],
  [errors.JWTClaimValidationFailed.code, 'claims not accepted'],
  [errors.JWKSNoMatchingKey.code, 'no key of the provider matches'],
  [errors.JWKSMultipleMatchingKeys.code, 'no key of the provider matches'],
]);

const isNumericDate = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/**
 * The claims this api acts on, checked beyond what jose checks: `exp` and `iat` present and finite (jose
 * takes `exp: 1e308`), a lifetime no longer than the policy's maximum, and a user, a practice and a role
 * that are what the domain accepts (a practice `alpha.pt-alpha-1` would name another practice's stream).
 */
export function accessClaimsOf(payload: JWTPayload, policy: TokenPolicy): AccessClaims {
  const { iat, exp, nbf } = payload;
  if (!isNumericDate(exp)) throw new InvalidTokenError('exp missing or not a finite time');
  if (!isNumericDate(iat)) throw new InvalidTokenError('iat missing or not a finite time');
  if (nbf !== undefined && !isNumericDate(nbf)) throw new InvalidTokenError('nbf not a finite time');
  if (exp <= iat) throw new InvalidTokenError('exp not after iat');
  if (exp - iat > policy.maxLifetimeSeconds) throw new InvalidTokenError('lifetime longer than allowed');
  const sub = payload.sub;
  const practice = payload[policy.practiceClaim];
  const role = payload[policy.roleClaim];
  if (typeof sub !== 'string' || !isId(sub)) throw new InvalidTokenError('user id is not an id');
  if (typeof practice !== 'string' || !isId(practice)) throw new InvalidTokenError('practice is not an id');
  if (typeof role !== 'string' || !(USER_ROLES as readonly string[]).includes(role))
    throw new InvalidTokenError('role is not one of the known roles');
  return { sub, practice, role: role as UserRole, iat, exp, ...(nbf !== undefined ? { nbf } : {}) };
}

/**
 * The time rules, checked on every use of a token, cached or not: not before `nbf`, not issued in the
 * future, not expired; each with the policy's clock skew.
 */
export function checkTokenTimes(claims: AccessClaims, now: Date, policy: TokenPolicy): void {
  const seconds = now.getTime() / 1000;
  const skew = policy.clockSkewSeconds;
  if (claims.nbf !== undefined && claims.nbf > seconds + skew) throw new InvalidTokenError('not yet valid');
  if (claims.iat > seconds + skew) throw new InvalidTokenError('issued in the future');
  if (claims.exp <= seconds - skew) throw new InvalidTokenError('expired');
}

/**
 * Verifies bearer tokens with jose: HS256 with the configured secret, or RS256/ES256 with the keys of an
 * OpenID provider's JWKS (fetched once, refetched when a token names a key it does not hold). Issuer,
 * audience, `nbf`, `iat`, `exp` and the maximum lifetime are enforced as `TokenPolicy` says.
 *
 * A client sends the same token on every request until it expires, so a token that verified is kept (at
 * most `capacity` of them, oldest dropped first): seen again, the same string carries the same claims
 * and only the time rules are checked anew, on every call. A token signed by a key the provider has
 * since withdrawn stays accepted until it expires, at most `maxLifetimeSeconds`.
 */
export class AccessTokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];
  private readonly verified = new Map<string, AccessClaims>();

  constructor(
    private readonly identity: IdentityConfig,
    private readonly capacity = 10_000,
  ) {
    if (identity.keys.kind === 'secret') {
      this.key = new TextEncoder().encode(identity.keys.secret);
      this.algorithms = ['HS256'];
    } else {
      this.key = createRemoteJWKSet(new URL(identity.keys.jwksUrl), { timeoutDuration: 5000 });
      this.algorithms = [...identity.keys.algorithms];
    }
  }

  async verify(token: string, now: Date): Promise<AccessClaims> {
    const { policy } = this.identity;
    const known = this.verified.get(token);
    if (known !== undefined) {
      try {
        checkTokenTimes(known, now, policy);
      } catch (error) {
        this.verified.delete(token);
        throw error;
      }
      return known;
    }
    const claims = accessClaimsOf(await this.verifySignature(token, now), policy);
    checkTokenTimes(claims, now, policy);
    this.verified.set(token, claims);
    if (this.verified.size > this.capacity) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    return claims;
  }

  private async verifySignature(token: string, now: Date): Promise<JWTPayload> {
    const { policy } = this.identity;
    try {
      const options = {
        algorithms: this.algorithms,
        ...(policy.issuer ? { issuer: policy.issuer } : {}),
        ...(policy.audience ? { audience: policy.audience } : {}),
        clockTolerance: policy.clockSkewSeconds,
        currentDate: now,
        requiredClaims: ['exp', 'iat'],
      };
      const { payload } =
        typeof this.key === 'function'
          ? await jwtVerify(token, this.key, options)
          : await jwtVerify(token, this.key, options);
      return payload;
    } catch (error) {
      const fault = error instanceof errors.JOSEError ? TOKEN_FAULTS.get(error.code) : undefined;
      if (fault !== undefined) throw new InvalidTokenError(fault);
      if (this.identity.keys.kind === 'jwks')
        throw new TokenKeysUnavailableError('the identity provider’s keys could not be fetched');
      throw error;
    }
  }
}

/** One token, verified without a cache. */
export const verifyAccessToken = (
  token: string,
  identity: IdentityConfig,
  now: Date,
): Promise<AccessClaims> => new AccessTokenVerifier(identity, 0).verify(token, now);
