import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { EventsModule } from '../events/events.module';
import { DashboardController } from './dashboard.controller';
import { DashboardLive } from './dashboard.live';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [AuditModule, ClockModule, EventsModule],
  controllers: [DashboardController],
  providers: [DashboardService, DashboardLive],
})
export class DashboardModule {}
