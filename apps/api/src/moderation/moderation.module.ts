import { Module } from '@nestjs/common';

import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { EventsModule } from '../events/events.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { MessagesModule } from '../messages/messages.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RestrictionsModule } from '../restrictions/restrictions.module';
import { ThreadsModule } from '../threads/threads.module';
import { ModerationController } from './moderation.controller';
import { ModerationLive } from './moderation.live';
import { ModerationService } from './moderation.service';
import { SanctionsService } from './sanctions.service';

@Module({
  imports: [
    AccountsModule,
    AuditModule,
    EventsModule,
    IdempotencyModule,
    MessagesModule,
    NotificationsModule,
    RestrictionsModule,
    ThreadsModule,
  ],
  controllers: [ModerationController],
  providers: [ModerationService, SanctionsService, ModerationLive],
})
export class ModerationModule {}
