import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { getStorageToken, type ThrottlerStorage } from '@nestjs/throttler';

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

  async take(userId: string): Promise<void> {
    const record = await this.storage.increment(
      `${this.config.redisPrefix}throttle:messages:${userId}`,
      MINUTE_MS,
      this.config.messagesPerMinute,
      // Past the limit, the person waits out a minute (Redis storage refuses a zero block).
      MINUTE_MS,
      'messages',
    );
    if (record.isBlocked || record.totalHits > this.config.messagesPerMinute) {
      const retryAfter = Math.max(1, Math.ceil(record.isBlocked ? record.timeToBlockExpire : record.timeToExpire));
      throw new HttpException(
        { message: `You are posting too fast: wait ${retryAfter} s before the next message`, retryAfter },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }
}
