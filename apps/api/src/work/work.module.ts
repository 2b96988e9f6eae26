import { Module } from '@nestjs/common';

import { AccountsModule } from '../accounts/accounts.module';
import { ClockModule } from '../clock/clock.module';
import { EventsModule } from '../events/events.module';
import { RoundsModule } from '../rounds/rounds.module';
import { WorkController } from './work.controller';
import { WorkService } from './work.service';

@Module({
  imports: [AccountsModule, ClockModule, EventsModule, RoundsModule],
  controllers: [WorkController],
  providers: [WorkService],
})
export class WorkModule {}
