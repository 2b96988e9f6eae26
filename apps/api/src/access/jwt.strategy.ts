import { createSecretKey } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Viewer } from '@suivi/contracts';
import { ExtractJwt, Strategy } from 'passport-jwt';

import { AccountCache } from './account-cache.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';

export interface AccessTokenPayload {
  sub: string;
  /** The session family: once it has ended, the token is refused. */
  sid: string;
  iat: number;
  exp: number;
}

export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const TOKEN_ISSUER = 'suivi';

/**
 * A valid token names an account and its session family; what that account may do is read from
 * its current state (the account cache), never from the token, so a suspension or role change
 * bites on the next request, and a token whose family ended (sign-out, refresh-token reuse,
 * password change) is refused on its next request.
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
    return (await this.accounts.viewerFor(payload)) ?? false;
  }
}
