import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';

import { EventsModule } from '../events/events.module';
import { IdempotencyController } from './idempotency.controller';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyKeys } from './idempotency-keys.service';
import { IdempotencyReplays } from './idempotency-replays';

/**
 * Below the features like the audit chain it rides on: every feature with a creating route
 * imports it to register how its resource is read again (IdempotencyReplays), and this folder
 * imports no feature.
 */
@Module({
  imports: [EventsModule],
  controllers: [IdempotencyController],
  providers: [IdempotencyKeys, IdempotencyReplays, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
  exports: [IdempotencyReplays],
})
export class IdempotencyModule {}
