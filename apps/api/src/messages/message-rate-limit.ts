import { Inject, Injectable } from '@nestjs/common';
import { getStorageToken, type ThrottlerStorage } from '@nestjs/throttler';

import { takeFromBudget } from '../common/per-person-budget';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';

const MINUTE_MS = 60_000;

/**
 * How fast one person may post, counted per account across threads and, through Redis, across
 * instances (the throttler's storage: Redis when REDIS_URL is set). Counted before any database
 * work, so a flood costs the server almost nothing.
 */
@Injectable()
export class MessageRateLimit {
  constructor(
    @Inject(getStorageToken()) private readonly storage: ThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  take(userId: string): Promise<void> {
    return takeFromBudget(
      this.storage,
      {
        key: `${this.config.redisPrefix}throttle:messages:${userId}`,
        name: 'messages',
        limit: this.config.messagesPerMinute,
        windowMs: MINUTE_MS,
        code: 'too_many_messages',
      },
      (retryAfter) => `You are posting too fast: wait ${retryAfter} s before the next message`,
    );
  }
}
