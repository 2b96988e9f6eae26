import { Module } from '@nestjs/common';

import { CommitmentsModule } from '../commitments/commitments.module';
import { EventsModule } from '../events/events.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReportsModule } from '../reports/reports.module';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';

@Module({
  imports: [CommitmentsModule, EventsModule, NotificationsModule, ReportsModule],
  controllers: [ImportsController],
  providers: [ImportsService],
})
export class ImportsModule {}
