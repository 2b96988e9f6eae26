import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { MilestonesController } from './milestones.controller';
import { MilestonesService } from './milestones.service';

@Module({ imports: [AuditModule, IdempotencyModule], controllers: [MilestonesController], providers: [MilestonesService] })
export class MilestonesModule {}
