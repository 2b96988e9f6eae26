import { Module } from '@nestjs/common';

import { CommitmentsModule } from '../commitments/commitments.module';
import { EvidenceModule } from '../evidence/files.controller';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReportsController } from './reports.controller';
import { ReportsLive } from './reports.live';
import { ReportsService } from './reports.service';

@Module({
  imports: [CommitmentsModule, NotificationsModule, EvidenceModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsLive],
  exports: [ReportsService],
})
export class ReportsModule {}
