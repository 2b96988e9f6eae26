import { Inject, Injectable } from '@nestjs/common';
import { getStorageToken, type ThrottlerStorage } from '@nestjs/throttler';
import type { DownloadsExhausted } from '@suivi/contracts';

import { counterDigest, takeFromBudget } from '../common/per-person-budget';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';

export const DOWNLOADS_THROTTLER = 'downloads';
const TEN_MINUTES_MS = 10 * 60 * 1000;
const CODE: DownloadsExhausted['code'] = 'too_many_downloads';

/**
 * How many full downloads (the open data export, the CSV exports) one client address may take per
 * ten minutes, counted across instances through the throttler's storage (Redis when REDIS_URL is
 * set). Taken by the route once it knows it will send a body: a 304 to a mirror revalidating its
 * copy costs one row read and never counts, which a guard, running before the route, could not
 * tell. The address is the one TRUST_PROXY lets Fastify read, hashed before it is counted.
 */
@Injectable()
export class DownloadBudget {
  constructor(
    @Inject(getStorageToken()) private readonly storage: ThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  take(address: string): Promise<void> {
    const limit = this.config.downloadsPerAddress;
    return takeFromBudget(
      this.storage,
      {
        key: `${this.config.redisPrefix}throttle:${DOWNLOADS_THROTTLER}:${counterDigest(address)}`,
        name: DOWNLOADS_THROTTLER,
        limit,
        windowMs: TEN_MINUTES_MS,
        code: CODE,
      },
      (retryAfter) => `This address has downloaded ${limit} exports in the last 10 minutes: wait ${Math.ceil(retryAfter / 60)} min`,
    );
  }
}
