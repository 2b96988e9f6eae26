import { Module } from '@nestjs/common';

import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { EventsModule } from '../events/events.module';
import { AccountsService } from './accounts.service';
import { MeController } from './me.controller';
import { UsersController } from './users.controller';

@Module({
  imports: [AccessModule, AuditModule, EventsModule],
  controllers: [MeController, UsersController],
  providers: [AccountsService],
  exports: [AccountsService],
})
export class AccountsModule {}
