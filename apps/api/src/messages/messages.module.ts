import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { EventsModule } from '../events/events.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RestrictionsModule } from '../restrictions/restrictions.module';
import { ThreadsModule } from '../threads/threads.module';
import { MessageRateLimit } from './message-rate-limit';
import { MessagesController } from './messages.controller';
import { MessagesLive } from './messages.live';
import { MessagesService } from './messages.service';

@Module({
  imports: [AuditModule, EventsModule, IdempotencyModule, NotificationsModule, RestrictionsModule, ThreadsModule],
  controllers: [MessagesController],
  providers: [MessagesService, MessageRateLimit, MessagesLive],
  exports: [MessagesService],
})
export class MessagesModule {}
