import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { HttpConfig } from '@ccm/runtime';
import { createHash } from 'node:crypto';

/**
 * Who a request counts against: its bearer token (hashed: the key never holds a credential), or its
 * address when it has none. Per token rather than per user so that a flood of forged tokens is limited
 * too, before anything is verified.
 */
export function rateLimitTracker(req: { headers?: Record<string, unknown>; ip?: string }): string {
  const header = req.headers?.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer '))
    return `token:${createHash('sha256').update(header.slice('Bearer '.length).trim()).digest('base64url')}`;
  return `address:${req.ip ?? 'unknown'}`;
}

/** Liveness, readiness and metrics routes, never rate limited. */
export const isProbe = (path: string): boolean => /^\/(health|metrics)(\/|$)/.test(path);

/**
 * @nestjs/throttler over every route, one budget per token across all routes (the library's default key
 * is per route): `limit` requests per `windowSeconds`, then 429 with Retry-After. Nothing without a
 * limit configured. ThrottlerModule is global: `rateLimitGuards` can be listed where the order of global
 * guards is decided.
 */
@Module({})
export class RateLimitModule {
  static forRoot(rateLimit: HttpConfig['rateLimit']): DynamicModule {
    if (!rateLimit) return { module: RateLimitModule };
    return {
      module: RateLimitModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', limit: rateLimit.limit, ttl: rateLimit.windowSeconds * 1000 }],
          getTracker: rateLimitTracker,
          generateKey: (_context, tracker, name) => `${name}:${tracker}`,
          // Probes and scrapes come from the platform on a schedule: a budget would only make them flap.
          skipIf: (context) => isProbe(context.switchToHttp().getRequest<{ path?: string }>().path ?? ''),
        }),
      ],
    };
  }
}

/**
 * The throttling guard, for the providers of the module that lists the AuthGuard, ahead of it: global
 * guards run in the order they are provided, and a request must be counted before its token is
 * verified, so that a flood of forged tokens is refused with 429 rather than verified one by one.
 */
export const rateLimitGuards = (rateLimit: HttpConfig['rateLimit']): Provider[] =>
  rateLimit ? [{ provide: APP_GUARD, useClass: ThrottlerGuard }] : [];
