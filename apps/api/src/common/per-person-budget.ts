import { createHash } from 'node:crypto';

import { HttpException, HttpStatus } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

/**
 * Takes one from a person's budget of `limit` per `windowMs` (the throttler's storage: Redis when
 * REDIS_URL is set, so every instance counts together). Past it, a 429 whose message and
 * `retryAfter` say how long to wait. Counted before any database work, so a flood costs almost nothing.
 */
export async function takeFromBudget(
  storage: ThrottlerStorage,
  budget: { key: string; name: string; limit: number; windowMs: number; code?: string },
  tooFast: (retryAfterSeconds: number) => string,
): Promise<void> {
  // Past the limit, the person waits out the window (Redis storage refuses a zero block).
  const record = await storage.increment(budget.key, budget.windowMs, budget.limit, budget.windowMs, budget.name);
  if (record.isBlocked || record.totalHits > budget.limit) {
    const retryAfter = Math.max(1, Math.ceil(record.isBlocked ? record.timeToBlockExpire : record.timeToExpire));
    throw new HttpException(
      { message: tooFast(retryAfter), retryAfter, ...(budget.code ? { code: budget.code } : {}) },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** An address or account as the counters store it: hashed, so the store never holds one. */
export function counterDigest(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22);
}
