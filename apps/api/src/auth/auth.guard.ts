import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  AccessTokenVerifier,
  identityForSecret,
  InvalidTokenError,
  TokenKeysUnavailableError,
} from '@ccm/auth';
import type { UserRole } from '@ccm/domain';
import type { Clock } from '@ccm/record';
import type { AppConfig } from '@ccm/runtime';
import { ApiError } from '../http/api-error';
import { APP_CONFIG, CLOCK } from '../infrastructure/tokens';
import { ALLOWED_ROLES, PUBLIC_ROUTE, type AuthenticatedRequest } from './auth.decorators';

/** Who may call a route: what its decorators say, read once per handler. */
interface RouteAccess {
  readonly isPublic: boolean;
  readonly roles: readonly UserRole[] | undefined;
}

/** Bearer JWT (verified as `config.identity` says) on every route but the public ones, and the route's roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly tokens: AccessTokenVerifier;
  // Decorator metadata is fixed once the classes are defined; reflecting it again on every request is waste.
  private readonly access = new WeakMap<object, WeakMap<object, RouteAccess>>();

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.tokens = new AccessTokenVerifier(config.identity ?? identityForSecret(config.jwtSecret));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.routeAccess(context);
    if (access.isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) {
      throw new ApiError(401, 'UNAUTHENTICATED', 'A bearer token is required.');
    }
    try {
      const claims = await this.tokens.verify(header.slice('Bearer '.length).trim(), this.clock.now());
      request.actor = { userId: claims.sub, role: claims.role, practiceId: claims.practice };
    } catch (error) {
      if (error instanceof InvalidTokenError)
        // The rule it broke, in our words (InvalidTokenError never carries a claim's value).
        throw new ApiError(401, 'UNAUTHENTICATED', `The bearer token is not valid: ${error.message}.`);
      if (error instanceof TokenKeysUnavailableError)
        throw new ApiError(
          503,
          'IDENTITY_PROVIDER_UNAVAILABLE',
          'Tokens cannot be checked now; retry later.',
        );
      throw error;
    }
    if (!access.roles || !access.roles.includes(request.actor.role)) {
      throw new ApiError(403, 'FORBIDDEN', 'Your role may not do this.');
    }
    return true;
  }

  private routeAccess(context: ExecutionContext): RouteAccess {
    const controller = context.getClass();
    const handler = context.getHandler();
    // Keyed by class and handler: a handler inherited by two controllers may be decorated differently on each.
    let byHandler = this.access.get(controller);
    if (byHandler === undefined) {
      byHandler = new WeakMap();
      this.access.set(controller, byHandler);
    }
    let access = byHandler.get(handler);
    if (access === undefined) {
      const targets = [handler, controller];
      access = {
        isPublic: Boolean(this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)),
        roles: this.reflector.getAllAndOverride<UserRole[] | undefined>(ALLOWED_ROLES, targets),
      };
      byHandler.set(handler, access);
    }
    return access;
  }
}
