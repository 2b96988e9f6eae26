import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Rate-limit counters in Redis, shared by every instance, and in-process while Redis is
 * unreachable: an outage then loosens the limits to one instance's view for a while, instead of
 * failing every sign-in and every message with a 500.
 */
export class ResilientThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger(ResilientThrottlerStorage.name);
  private readonly local = new ThrottlerStorageService();
  private usingLocal = false;

  constructor(
    private readonly shared: ThrottlerStorage,
    private readonly redis: Pick<Redis, 'status'>,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    // Not waiting for ioredis's retries when the connection is known to be down.
    if (this.redis.status === 'ready') {
      try {
        const record = await this.shared.increment(key, ttl, limit, blockDuration, throttlerName);
        this.switchTo(false);
        return record;
      } catch (error) {
        this.switchTo(true, error);
      }
    } else {
      this.switchTo(true);
    }
    return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
  }

  onApplicationShutdown(): void {
    this.local.onApplicationShutdown();
  }

  private switchTo(local: boolean, error?: unknown): void {
    if (local !== this.usingLocal) {
      this.usingLocal = local;
      if (local) {
        this.logger.warn({ err: error }, 'rate limits counted in this instance alone until Redis returns');
      } else {
        this.logger.log('rate limits counted in Redis again');
      }
    }
  }
}
