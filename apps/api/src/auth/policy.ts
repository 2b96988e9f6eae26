import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Viewer } from '@suivi/contracts';

import { DomainError } from '../common/domain-error';
import { markPersonal } from '../common/cache-headers';

/**
 * Declared, default-deny authorisation: every route names its rule with @Allow (a rule from
 * `can` in @suivi/contracts) or opts out with @Public(). A route with neither is refused, and a
 * test lists every route to prove none was forgotten.
 */
export type RouteRule = (viewer: Viewer | null) => boolean;

export const ALLOW_KEY = 'suivi:allow';
export const PUBLIC_KEY = 'suivi:public';

export const Allow = (rule: RouteRule) => SetMetadata(ALLOW_KEY, rule);
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Passport puts the authenticated Viewer on `request.user` (see ViewerGuard). */
export interface RequestWithViewer {
  user?: Viewer | null;
}

/** The caller; a route that reads it for a signed-in caller answers for that person alone (no-store). */
export const CurrentViewer = createParamDecorator((_data: unknown, ctx: ExecutionContext): Viewer | null => {
  const request = ctx.switchToHttp().getRequest<RequestWithViewer>();
  if (request.user) {
    markPersonal(request);
  }
  return request.user ?? null;
});

@Injectable()
export class PolicyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') {
      return true;
    }
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) {
      return true;
    }
    const rule = this.reflector.getAllAndOverride<RouteRule | undefined>(ALLOW_KEY, targets);
    const request = context.switchToHttp().getRequest<RequestWithViewer>();
    // A route with a rule answers each caller (or refuses them) for themselves.
    markPersonal(request);
    const viewer = request.user ?? null;
    if (rule && rule(viewer)) {
      return true;
    }
    if (!viewer) {
      throw new DomainError('not_signed_in', 'Sign in to do this');
    }
    throw new DomainError('forbidden', 'Your account may not do this');
  }
}
