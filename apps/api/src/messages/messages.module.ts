import { Module } from '@nestjs/common';

import { RestrictionsModule } from '../restrictions/restrictions.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ThreadsModule } from '../threads/threads.module';
import { MessageRateLimit } from './message-rate-limit';
import { MessagesController } from './messages.controller';
import { MessagesLive } from './messages.live';
import { MessagesService } from './messages.service';

@Module({
  imports: [ThreadsModule, NotificationsModule, RestrictionsModule],
  controllers: [MessagesController],
  providers: [MessagesService, MessageRateLimit, MessagesLive],
  exports: [MessagesService],
})
export class MessagesModule {}
