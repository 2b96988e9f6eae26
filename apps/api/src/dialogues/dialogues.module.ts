import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { EventsModule } from '../events/events.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { RoundsModule } from '../rounds/rounds.module';
import { AccountabilityReportService } from './accountability-report.service';
import { DialoguesController } from './dialogues.controller';
import { DialoguesService } from './dialogues.service';

@Module({
  imports: [AuditModule, ClockModule, EventsModule, IdempotencyModule, RoundsModule],
  controllers: [DialoguesController],
  providers: [DialoguesService, AccountabilityReportService],
  exports: [DialoguesService],
})
export class DialoguesModule {}
