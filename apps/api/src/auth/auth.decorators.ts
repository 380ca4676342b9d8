import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor, UserRole } from '@ccm/domain';
import type { Request } from 'express';

export const PUBLIC_ROUTE = 'ccm:public';
export const ALLOWED_ROLES = 'ccm:roles';

/** No token needed (health, API docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles may call the route; every route that is not public must say who may call it. */
export const Roles = (...roles: UserRole[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ALLOWED_ROLES, roles);

export const ALL_ROLES: UserRole[] = ['care_manager', 'practitioner', 'biller', 'auditor', 'admin'];

export interface AuthenticatedRequest extends Request {
  actor?: Actor;
  requestId?: string;
}

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) throw new Error('CurrentActor used on a public route');
  return request.actor;
});
