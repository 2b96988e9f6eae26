import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { EventsModule } from '../events/events.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { RestrictionsModule } from '../restrictions/restrictions.module';
import { ThreadReads } from './thread-reads';
import { ThreadsController } from './threads.controller';
import { ThreadsLive } from './threads.live';
import { ThreadsService } from './threads.service';

@Module({
  imports: [AuditModule, EventsModule, IdempotencyModule, RestrictionsModule],
  controllers: [ThreadsController],
  providers: [ThreadsService, ThreadsLive, ThreadReads],
  exports: [ThreadsService],
})
export class ThreadsModule {}
