import type { LoginResponse } from '@suivi/contracts';
import type { FastifyReply } from 'fastify';

import type { AppConfig } from '../config/env';
import { REFRESH_TOKEN_DAYS, type IssuedSession } from './auth.service';

export const REFRESH_COOKIE = 'suivi_refresh';
// Sent only to the auth routes: no other request carries the refresh token.
const COOKIE_PATH = '/api/auth';

/** The refresh token goes into an httpOnly, SameSite=Strict cookie; the body carries the access token. */
export function sendSession(reply: FastifyReply, session: IssuedSession, config: AppConfig): LoginResponse {
  void reply.setCookie(REFRESH_COOKIE, session.refreshToken, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.nodeEnv === 'production',
    path: COOKIE_PATH,
    maxAge: REFRESH_TOKEN_DAYS * 24 * 3600,
  });
  const { refreshToken: _hidden, ...response } = session;
  return response;
}

export function clearSession(reply: FastifyReply, config: AppConfig): void {
  void reply.clearCookie(REFRESH_COOKIE, {
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'strict',
    secure: config.nodeEnv === 'production',
  });
}
