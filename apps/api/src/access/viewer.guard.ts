import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';

/**
 * Runs first on every request: a valid bearer token puts the account's current Viewer on
 * `request.user`; no token, or a bad or expired one, leaves the request anonymous. Whether that
 * is enough is the PolicyGuard's decision (401 for anonymous on a protected route). An error
 * while reading the account (the database unreachable) is the server's failure, not the
 * caller's: it is answered as such (503), never as a signed-out request.
 */
@Injectable()
export class ViewerGuard extends AuthGuard('jwt') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') {
      return true;
    }
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    if (!request.headers['authorization']) {
      return true;
    }
    try {
      await super.canActivate(context);
    } catch (error) {
      if (!(error instanceof UnauthorizedException)) {
        throw error;
      }
      // A refused token: treated as anonymous; the policy decides.
    }
    return true;
  }

  override handleRequest<TUser>(err: unknown, user: TUser): TUser {
    if (err) {
      throw err;
    }
    return (user || null) as TUser;
  }
}
