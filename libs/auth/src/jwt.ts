import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { USER_ROLES, type UserRole } from '@ccm/domain';

/** What a bearer token says about its holder. */
export interface AccessClaims {
  readonly sub: string;
  readonly role: UserRole;
  readonly practice: string;
  readonly iat: number;
  readonly exp: number;
}

const base64url = (input: Buffer | string): string => Buffer.from(input).toString('base64url');

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

function signature(signingInput: string, secret: string | KeyObject): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

export function signAccessToken(
  claims: { userId: string; role: UserRole; practiceId: string },
  secret: string,
  options: { now: Date; ttlSeconds: number },
): string {
  const iat = Math.floor(options.now.getTime() / 1000);
  const payload: AccessClaims = {
    sub: claims.userId,
    role: claims.role,
    practice: claims.practiceId,
    iat,
    exp: iat + options.ttlSeconds,
  };
  const signingInput = `${HEADER}.${base64url(JSON.stringify(payload))}`;
  return `${signingInput}.${base64url(signature(signingInput, secret))}`;
}

export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

function isClaims(value: unknown): value is AccessClaims {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.sub === 'string' &&
    v.sub.length > 0 &&
    typeof v.practice === 'string' &&
    v.practice.length > 0 &&
    typeof v.role === 'string' &&
    (USER_ROLES as readonly string[]).includes(v.role) &&
    typeof v.iat === 'number' &&
    typeof v.exp === 'number'
  );
}

/** Verifies an HS256 token; any other algorithm, a bad signature, or an expired token is refused. */
export function verifyAccessToken(token: string, secret: string, now: Date): AccessClaims {
  const claims = verifySignedClaims(token, secret);
  if (claims.exp <= Math.floor(now.getTime() / 1000)) throw new InvalidTokenError('expired');
  return claims;
}

/** Everything but expiry: what a token says, if its signature and claims hold. */
function verifySignedClaims(token: string, secret: string | KeyObject): AccessClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('malformed token');
  const [header, payload, sig] = parts;
  let parsedHeader: unknown;
  let claims: unknown;
  try {
    parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError('malformed token');
  }
  if ((parsedHeader as { alg?: unknown }).alg !== 'HS256')
    throw new InvalidTokenError('unsupported algorithm');
  const expected = signature(`${header}.${payload}`, secret);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InvalidTokenError('bad signature');
  }
  if (!isClaims(claims)) throw new InvalidTokenError('missing claims');
  return claims;
}

/**
 * `verifyAccessToken` for one secret, for a server that sees the same few tokens on every request: a
 * client keeps its token until it expires. The signature of a token is checked once (an HMAC, two base64
 * decodes and two JSON parses each time otherwise); a token seen again is the same string, so its claims
 * are the same and only its expiry is checked anew, on every call. Only tokens that verified are kept,
 * at most `capacity` of them (oldest dropped first), and an expired one is dropped when next presented.
 */
export class AccessTokenVerifier {
  private readonly key: KeyObject;
  private readonly verified = new Map<string, AccessClaims>();

  constructor(
    secret: string,
    private readonly capacity = 10_000,
  ) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  verify(token: string, now: Date): AccessClaims {
    let claims = this.verified.get(token);
    if (claims === undefined) {
      claims = verifySignedClaims(token, this.key);
      this.verified.set(token, claims);
      if (this.verified.size > this.capacity) {
        const oldest = this.verified.keys().next().value;
        if (oldest !== undefined) this.verified.delete(oldest);
      }
    }
    if (claims.exp <= Math.floor(now.getTime() / 1000)) {
      this.verified.delete(token);
      throw new InvalidTokenError('expired');
    }
    return claims;
  }
}
