import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { DatabaseEvidenceStorage, EVIDENCE_STORAGE } from './evidence.service';
import { FilesController } from './files.controller';
import { EvidenceRecleaner } from './reclean';

@Module({
  imports: [AuditModule],
  controllers: [FilesController],
  providers: [{ provide: EVIDENCE_STORAGE, useClass: DatabaseEvidenceStorage }, EvidenceRecleaner],
  exports: [EVIDENCE_STORAGE],
})
export class EvidenceModule {}
