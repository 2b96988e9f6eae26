import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { CommitmentsModule } from '../commitments/commitments.module';
import { DownloadBudget } from './download-budget';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';
import { OpenDataService } from './open-data.service';

@Module({
  imports: [AuditModule, ClockModule, CommitmentsModule],
  controllers: [ExportsController],
  providers: [ExportsService, OpenDataService, DownloadBudget],
  exports: [OpenDataService],
})
export class ExportsModule {}
