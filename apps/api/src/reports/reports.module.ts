import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { CommitmentsModule } from '../commitments/commitments.module';
import { EventsModule } from '../events/events.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReportsController } from './reports.controller';
import { ReportsLive } from './reports.live';
import { ReportsService } from './reports.service';

@Module({
  imports: [AuditModule, CommitmentsModule, EventsModule, EvidenceModule, IdempotencyModule, NotificationsModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsLive],
  exports: [ReportsService],
})
export class ReportsModule {}
