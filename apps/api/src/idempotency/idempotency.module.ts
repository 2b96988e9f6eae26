import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';

import { IdempotencyController } from './idempotency.controller';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyKeys } from './idempotency-keys.service';
import { IdempotencyReplays } from './idempotency-replays';

/**
 * Global like the audit chain it rides on: every feature with a creating route registers how its
 * resource is read again (IdempotencyReplays), and this folder imports no feature.
 */
@Global()
@Module({
  controllers: [IdempotencyController],
  providers: [IdempotencyKeys, IdempotencyReplays, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
  exports: [IdempotencyReplays],
})
export class IdempotencyModule {}
