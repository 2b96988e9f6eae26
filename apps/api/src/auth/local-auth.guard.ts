import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';

/** Checks email and password with passport's local strategy; its errors (401/403) pass through. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override handleRequest<TUser>(err: unknown, user: TUser): TUser {
    if (err) {
      throw err;
    }
    return user;
  }
}
