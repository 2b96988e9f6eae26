import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';

export const KNOWN_DEVICE_COOKIE = 'suivi_device';
export const KNOWN_DEVICE_DAYS = 365;
/** A browser shared by a few people remembers each of them; the least recent goes first. */
const MAX_ACCOUNTS = 5;
const ENTRY = /^([A-Za-z0-9_-]{22})\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{43})$/;

interface Entry {
  id: string;
  /** Seconds since the epoch. */
  expires: number;
  mac: string;
}

/** The account a sign-in names, as the sign-in counters count it (emails never change). */
export function signInName(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * "This browser signed in to this account before": a cookie set at every successful sign-in, so
 * that strangers spending an account's sign-in attempts cannot keep its owner out. Each entry is
 * `<device id>.<expiry>.<mac>`, the mac an HMAC of the account's sign-in name, the id and the
 * expiry, so the cookie names no account and cannot be made or moved to another one. Its key is
 * derived from JWT_SECRET for this use alone (HKDF): no other secret to configure, and changing
 * JWT_SECRET forgets every device.
 */
@Injectable()
export class KnownDevices {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'jwtSecret'>) {
    this.key = Buffer.from(hkdfSync('sha256', config.jwtSecret, '', 'suivi:known-device-cookie:v1', 32));
  }

  /** This device's id for the account `email` names, when the cookie carries a valid entry for it. */
  deviceOf(cookie: string | undefined, email: string): string | null {
    const account = signInName(email);
    const now = nowSeconds();
    return parse(cookie).find((entry) => entry.expires > now && this.verifies(entry, account))?.id ?? null;
  }

  /**
   * The cookie's value after a successful sign-in to `email`: its entry first, renewed with the
   * same id (so that device's own count goes on), then the other accounts' entries still valid.
   */
  remember(cookie: string | undefined, email: string): string {
    const account = signInName(email);
    const now = nowSeconds();
    const entries = parse(cookie).filter((entry) => entry.expires > now);
    const mine = entries.find((entry) => this.verifies(entry, account));
    const id = mine?.id ?? randomBytes(16).toString('base64url');
    const expires = now + KNOWN_DEVICE_DAYS * 24 * 3600;
    const renewed: Entry = { id, expires, mac: this.mac(account, id, expires) };
    return [renewed, ...entries.filter((entry) => entry !== mine).slice(0, MAX_ACCOUNTS - 1)]
      .map((entry) => `${entry.id}.${entry.expires.toString(36)}.${entry.mac}`)
      .join('~');
  }

  private verifies(entry: Entry, account: string): boolean {
    return timingSafeEqual(Buffer.from(entry.mac), Buffer.from(this.mac(account, entry.id, entry.expires)));
  }

  private mac(account: string, id: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${account}\n${id}\n${expires}`).digest('base64url');
  }
}

function parse(cookie: string | undefined): Entry[] {
  return (cookie ?? '')
    .split('~')
    .slice(0, MAX_ACCOUNTS)
    .flatMap((text) => {
      const match = ENTRY.exec(text);
      return match ? [{ id: match[1], expires: parseInt(match[2], 36), mac: match[3] }] : [];
    });
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
