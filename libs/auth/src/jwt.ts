import { createHmac } from 'node:crypto';
import type { UserRole } from '@ccm/domain';

/** What a verified bearer token says about its holder. */
export interface AccessClaims {
  readonly sub: string;
  readonly role: UserRole;
  readonly practice: string;
  readonly iat: number;
  readonly exp: number;
  readonly nbf?: number;
}

/** Why a token was refused; the message names the rule, never a claim's value. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

const base64url = (input: Buffer | string): string => Buffer.from(input).toString('base64url');

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/**
 * Mints an HS256 token with the claims this api reads (`sub`, `role`, `practice`, `iat`, `exp`, and
 * `iss`/`aud` when given). For the CLI's `token` command and tests: synchronous, since HMAC needs nothing
 * asynchronous; verification goes through jose (token-verifier.ts).
 */
export function signAccessToken(
  claims: { userId: string; role: UserRole; practiceId: string },
  secret: string,
  options: { now: Date; ttlSeconds: number; issuer?: string; audience?: string },
): string {
  const iat = Math.floor(options.now.getTime() / 1000);
  const payload = {
    sub: claims.userId,
    role: claims.role,
    practice: claims.practiceId,
    iat,
    exp: iat + options.ttlSeconds,
    ...(options.issuer ? { iss: options.issuer } : {}),
    ...(options.audience ? { aud: options.audience } : {}),
  };
  const signingInput = `${HEADER}.${base64url(JSON.stringify(payload))}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}
