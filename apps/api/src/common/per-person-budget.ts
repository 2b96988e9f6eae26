import { createHash } from 'node:crypto';

import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ErrorCode } from '@suivi/contracts';

import { DomainError } from './domain-error';

/**
 * Takes one from a person's budget of `limit` per `windowMs` (the throttler's storage: Redis when
 * REDIS_URL is set, so every instance counts together). Past it, a 429 whose message and
 * `retryAfter` say how long to wait. Counted before any database work, so a flood costs almost nothing.
 */
export async function takeFromBudget(
  storage: ThrottlerStorage,
  budget: { key: string; name: string; limit: number; windowMs: number; code: ErrorCode },
  tooFast: (retryAfterSeconds: number) => string,
): Promise<void> {
  // Past the limit, the person waits out the window (Redis storage refuses a zero block).
  const record = await storage.increment(budget.key, budget.windowMs, budget.limit, budget.windowMs, budget.name);
  if (record.isBlocked || record.totalHits > budget.limit) {
    const retryAfter = Math.max(1, Math.ceil(record.isBlocked ? record.timeToBlockExpire : record.timeToExpire));
    throw new DomainError(budget.code, tooFast(retryAfter), { retryAfter }, undefined, { retryAfter });
  }
}

/** An address or account as the counters store it: hashed, so the store never holds one. */
export function counterDigest(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22);
}
