import { createSecretKey } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Viewer } from '@suivi/contracts';
import { ExtractJwt, Strategy } from 'passport-jwt';

import { AccountCache, toViewer } from '../accounts/account-cache.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';

export interface AccessTokenPayload {
  sub: string;
  /** The session family, so a sign-out elsewhere can be told apart later. */
  sid: string;
  iat: number;
  exp: number;
}

export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const TOKEN_ISSUER = 'suivi';

/**
 * A valid token names an account; what that account may do is read from its current state (the
 * account cache), never from the token, so a suspension or role change bites on the next request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly accounts: AccountCache,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: jsonwebtoken first tries to parse a string secret as a PEM
      // public key and catches the error, on every request (40% of a cached GET's CPU, measured).
      // passport-jwt hands the key to jsonwebtoken unchanged; its types only list string | Buffer.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) as unknown as string,
      issuer: TOKEN_ISSUER,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(payload: AccessTokenPayload): Promise<Viewer | false> {
    const account = await this.accounts.get(payload.sub);
    if (!account || payload.iat * 1000 < account.tokensValidAfter) {
      return false;
    }
    return toViewer(account);
  }
}
