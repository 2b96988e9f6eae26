import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { EventsModule } from '../events/events.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { RoundTick } from './round-tick.service';
import { RoundsController } from './rounds.controller';
import { RoundsService } from './rounds.service';

@Module({
  imports: [AuditModule, ClockModule, EventsModule, IdempotencyModule],
  controllers: [RoundsController],
  providers: [RoundsService, RoundTick],
  exports: [RoundsService, RoundTick],
})
export class RoundsModule {}
