import { Inject, Injectable, Logger, Module, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';

import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';

/**
 * Redis when REDIS_URL is set: shared rate-limit counters and a channel that tells every API
 * instance about account changes. Without it everything stays in-process (one instance).
 */
@Injectable()
export class RedisConnections implements OnModuleDestroy {
  private readonly logger = new Logger(RedisConnections.name);
  /** Commands (rate limits, publishing). */
  readonly client: Redis | null;
  /** A connection in subscriber mode can do nothing else. */
  readonly subscriber: Redis | null;
  readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = config.redisPrefix;
    if (!config.redisUrl) {
      this.client = null;
      this.subscriber = null;
      return;
    }
    const options = { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false };
    this.client = new Redis(config.redisUrl, options);
    this.subscriber = new Redis(config.redisUrl, options);
    let down = false;
    for (const connection of [this.client, this.subscriber]) {
      connection.on('error', (error: Error) => {
        if (!down) {
          down = true;
          this.logger.warn({ err: error }, 'Redis is unreachable; this instance carries on alone until it returns');
        }
      });
      connection.on('ready', () => {
        if (down) {
          down = false;
          this.logger.log('Redis is back');
        }
      });
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.client?.quit().catch(() => undefined), this.subscriber?.quit().catch(() => undefined)]);
  }
}

@Module({ providers: [RedisConnections], exports: [RedisConnections] })
export class RedisModule {}
