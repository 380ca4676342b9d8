import { createHmac } from 'node:crypto';
import { AccessTokenVerifier, InvalidTokenError, signAccessToken, verifyAccessToken } from './jwt';
import { chooseJwtSecret, DEVELOPMENT_JWT_SECRET } from './secret';

const now = new Date('2026-03-10T12:00:00Z');
const claims = { userId: 'rn-lopez', role: 'care_manager' as const, practiceId: 'practice-a' };

describe('access tokens (HS256)', () => {
  it('round-trips user, role and practice', () => {
    const token = signAccessToken(claims, 'secret', { now, ttlSeconds: 60 });
    expect(verifyAccessToken(token, 'secret', now)).toMatchObject({
      sub: 'rn-lopez',
      role: 'care_manager',
      practice: 'practice-a',
    });
  });

  it('refuses a token signed with another secret, an expired one, and a tampered payload', () => {
    const token = signAccessToken(claims, 'secret', { now, ttlSeconds: 60 });
    expect(() => verifyAccessToken(token, 'other', now)).toThrow(InvalidTokenError);
    expect(() => verifyAccessToken(token, 'secret', new Date(now.getTime() + 61_000))).toThrow('expired');
    const [h, , s] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: 'x', role: 'admin', practice: 'practice-b', iat: 0, exp: 9e9 }),
    ).toString('base64url');
    expect(() => verifyAccessToken(`${h}.${forged}.${s}`, 'secret', now)).toThrow('bad signature');
  });

  it('refuses the none algorithm and unknown roles', () => {
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(
      JSON.stringify({ sub: 'x', role: 'admin', practice: 'p', iat: 0, exp: 9e9 }),
    ).toString('base64url');
    expect(() => verifyAccessToken(`${none}.${body}.`, 'secret', now)).toThrow('unsupported algorithm');

    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const badRole = Buffer.from(
      JSON.stringify({ sub: 'x', role: 'root', practice: 'p', iat: 0, exp: 9e9 }),
    ).toString('base64url');
    const sig = createHmac('sha256', 'secret').update(`${header}.${badRole}`).digest('base64url');
    expect(() => verifyAccessToken(`${header}.${badRole}.${sig}`, 'secret', now)).toThrow('missing claims');
  });
});

describe('a verifier for one secret (tokens verified once, expiry checked on every call)', () => {
  it('answers as verifyAccessToken does, on first sight and when the token comes again', () => {
    const verifier = new AccessTokenVerifier('secret');
    const token = signAccessToken(claims, 'secret', { now, ttlSeconds: 60 });
    const expected = verifyAccessToken(token, 'secret', now);
    expect(verifier.verify(token, now)).toEqual(expected);
    expect(verifier.verify(token, now)).toEqual(expected);
  });

  it('refuses a known token once it has expired, and keeps refusing it', () => {
    const verifier = new AccessTokenVerifier('secret');
    const token = signAccessToken(claims, 'secret', { now, ttlSeconds: 60 });
    verifier.verify(token, now);
    const later = new Date(now.getTime() + 61_000);
    expect(() => verifier.verify(token, later)).toThrow('expired');
    expect(() => verifier.verify(token, later)).toThrow('expired');
  });

  it('never accepts what verifyAccessToken refuses, however often it is sent', () => {
    const verifier = new AccessTokenVerifier('secret');
    const other = signAccessToken(claims, 'other', { now, ttlSeconds: 60 });
    const [h, , s] = signAccessToken(claims, 'secret', { now, ttlSeconds: 60 }).split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: 'x', role: 'admin', practice: 'practice-b', iat: 0, exp: 9e9 }),
    ).toString('base64url');
    for (let i = 0; i < 2; i++) {
      expect(() => verifier.verify(other, now)).toThrow('bad signature');
      expect(() => verifier.verify(`${h}.${forged}.${s}`, now)).toThrow('bad signature');
      expect(() => verifier.verify('not-a-token', now)).toThrow(InvalidTokenError);
    }
  });

  it('keeps at most its capacity of tokens and still verifies those it dropped', () => {
    const verifier = new AccessTokenVerifier('secret', 2);
    const tokens = ['a', 'b', 'c'].map((userId) =>
      signAccessToken({ ...claims, userId }, 'secret', { now, ttlSeconds: 60 }),
    );
    for (const token of [...tokens, ...tokens]) expect(verifier.verify(token, now).role).toBe('care_manager');
  });
});

describe('choosing the signing secret', () => {
  it('refuses to run in production without CCM_JWT_SECRET', () => {
    expect(() => chooseJwtSecret({ NODE_ENV: 'production' })).toThrow('CCM_JWT_SECRET is required');
  });
  it('uses the development secret, flagged, outside production', () => {
    expect(chooseJwtSecret({})).toEqual({ secret: DEVELOPMENT_JWT_SECRET, isDevelopmentSecret: true });
  });
  it('uses the configured secret', () => {
    expect(
      chooseJwtSecret({ CCM_JWT_SECRET: 's'.repeat(40), NODE_ENV: 'production' }).isDevelopmentSecret,
    ).toBe(false);
  });
});
