import { Module } from '@nestjs/common';

import { AccountsModule } from '../accounts/accounts.module';
import { MessagesModule } from '../messages/messages.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ThreadsModule } from '../threads/threads.module';
import { ModerationController } from './moderation.controller';
import { ModerationLive } from './moderation.live';
import { ModerationService } from './moderation.service';
import { RestrictionsModule } from '../restrictions/restrictions.module';
import { SanctionsService } from './sanctions.service';

@Module({
  imports: [AccountsModule, MessagesModule, ThreadsModule, NotificationsModule, RestrictionsModule],
  controllers: [ModerationController],
  providers: [ModerationService, SanctionsService, ModerationLive],
})
export class ModerationModule {}
