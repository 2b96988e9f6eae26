import type { LoginResponse } from '@suivi/contracts';
import type { FastifyReply } from 'fastify';

import type { AppConfig } from '../config/env';
import { REFRESH_TOKEN_DAYS, type IssuedSession } from './auth.service';
import { KNOWN_DEVICE_COOKIE, KNOWN_DEVICE_DAYS } from './known-devices';

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

/** Sent to the sign-in route alone, and kept after sign-out: it is what makes the device known. */
export function sendKnownDevice(reply: FastifyReply, value: string, config: AppConfig): void {
  void reply.setCookie(KNOWN_DEVICE_COOKIE, value, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.nodeEnv === 'production',
    path: `${COOKIE_PATH}/login`,
    maxAge: KNOWN_DEVICE_DAYS * 24 * 3600,
  });
}
