import { createHmac, timingSafeEqual } from 'node:crypto';

import { EMAIL_CATEGORIES, isOneOf, type EmailCategory } from '@suivi/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * An unsubscribe link's token names the person and the category, signed with a key used for
 * nothing else (DESIGN.md). It does not expire: a mail read in a year still stops that category.
 * It grants exactly one change — that category to `off` — so it needs no session, and a forwarded
 * mail lets its reader do no more than that.
 */
export function unsubscribeToken(key: Buffer, userId: string, category: EmailCategory): string {
  return `${userId}.${category}.${signature(key, userId, category)}`;
}

export function readUnsubscribeToken(key: Buffer, token: string): { userId: string; category: EmailCategory } | null {
  const [userId, category, sig, ...rest] = token.split('.');
  if (rest.length || !UUID.test(userId ?? '') || !isOneOf(EMAIL_CATEGORIES, category) || !sig) {
    return null;
  }
  const expected = Buffer.from(signature(key, userId, category));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected) ? { userId, category } : null;
}

function signature(key: Buffer, userId: string, category: string): string {
  return createHmac('sha256', key).update(`unsubscribe\n${userId}\n${category}`).digest('base64url');
}
