import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { OrganizationsController } from './organizations.controller';
import { FocalPointsService } from './focal-points.service';
import { OrganizationsService } from './organizations.service';

@Module({
  imports: [AuditModule, IdempotencyModule],
  controllers: [OrganizationsController],
  providers: [OrganizationsService, FocalPointsService],
  exports: [OrganizationsService, FocalPointsService],
})
export class OrganizationsModule {}
