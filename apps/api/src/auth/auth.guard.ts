import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InvalidTokenError, verifyAccessToken } from '@ccm/auth';
import type { UserRole } from '@ccm/domain';
import type { Clock } from '@ccm/record';
import type { AppConfig } from '@ccm/runtime';
import { ApiError } from '../http/api-error';
import { APP_CONFIG, CLOCK } from '../infrastructure/tokens';
import { ALLOWED_ROLES, PUBLIC_ROUTE, type AuthenticatedRequest } from './auth.decorators';

/** Bearer JWT on every route but the public ones, and the route's roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) {
      throw new ApiError(401, 'UNAUTHENTICATED', 'A bearer token is required.');
    }
    try {
      const claims = verifyAccessToken(
        header.slice('Bearer '.length).trim(),
        this.config.jwtSecret,
        this.clock.now(),
      );
      request.actor = { userId: claims.sub, role: claims.role, practiceId: claims.practice };
    } catch (error) {
      if (error instanceof InvalidTokenError)
        throw new ApiError(401, 'UNAUTHENTICATED', 'The bearer token is not valid.');
      throw error;
    }
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ALLOWED_ROLES, targets);
    if (!roles || !roles.includes(request.actor.role)) {
      throw new ApiError(403, 'FORBIDDEN', 'Your role may not do this.');
    }
    return true;
  }
}
