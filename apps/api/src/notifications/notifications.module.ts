import { Module } from '@nestjs/common';

import { EventsModule } from '../events/events.module';
import { AsksService } from './asks.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [EventsModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, AsksService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
