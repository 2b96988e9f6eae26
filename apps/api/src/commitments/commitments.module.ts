import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { EventsModule } from '../events/events.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { CommitmentsController } from './commitments.controller';
import { CommitmentsLive } from './commitments.live';
import { CommitmentsService } from './commitments.service';
import { CommitmentCurationService } from './curation.service';

@Module({
  imports: [AuditModule, ClockModule, EventsModule, IdempotencyModule, NotificationsModule],
  controllers: [CommitmentsController],
  providers: [CommitmentsService, CommitmentCurationService, CommitmentsLive],
  exports: [CommitmentsService, CommitmentCurationService],
})
export class CommitmentsModule {}
