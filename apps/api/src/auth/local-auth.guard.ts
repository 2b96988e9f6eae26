import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';

import { DomainError } from '../common/domain-error';

/**
 * Checks email and password with passport's local strategy; its errors (401/403) pass through.
 * passport-local calls an empty email or password "missing credentials" and hands over no user
 * at all (`false`) without an error: that is a failed sign-in too, never a request to go on with.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override handleRequest<TUser>(err: unknown, user: TUser | false | undefined): TUser {
    if (err) {
      throw err;
    }
    if (!user) {
      throw new DomainError('wrong_credentials', 'Wrong email or password');
    }
    return user;
  }
}
