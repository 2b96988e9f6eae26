import { Module } from '@nestjs/common';

import { EventsModule } from '../events/events.module';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** The accountability record every write appends to in its transaction: on the ground floor, below every feature. */
@Module({
  imports: [EventsModule],
  controllers: [AuditController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
