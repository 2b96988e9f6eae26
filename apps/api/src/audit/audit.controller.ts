import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { can, type AuditEventView, type AuditVerifyView, type CheckpointView, type Viewer } from '@suivi/contracts';

import { Allow, CurrentViewer, Public } from '../access/policy';
import { ParseSequencePipe } from '../common/validation';
import { AuditService, userActor } from './audit.service';
import { AuditListQuery, PurgeDto, VerifyQuery } from './audit.dto';
import { NotIdempotent } from '../common/idempotent.decorator';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @Public()
  @ApiOkResponse({ description: 'Whether the chain verifies, its length and head; with seq and hash, whether it still extends that head' })
  async verify(@Query() query: VerifyQuery): Promise<AuditVerifyView & { extends?: boolean }> {
    const view = await this.audit.verify();
    if (query.seq === undefined || query.hash === undefined) {
      return view;
    }
    return { ...view, extends: view.valid && (await this.audit.hashAt(query.seq)) === query.hash };
  }

  @Get('checkpoints')
  @Public()
  checkpoints(): Promise<CheckpointView[]> {
    return this.audit.checkpoints();
  }

  @Post('checkpoints')
  @NotIdempotent('a checkpoint of the same head is the same checkpoint: sent again, it answers the one published')
  @Allow(can.readAuditLog)
  createCheckpoint(@CurrentViewer() viewer: Viewer): Promise<CheckpointView> {
    return this.audit.createCheckpoint('manual', userActor(viewer.id));
  }

  @Get()
  @Allow(can.readAuditLog)
  list(@Query() query: AuditListQuery): Promise<AuditEventView[]> {
    return this.audit.list({ before: query.before, limit: query.limit ?? 50 });
  }

  @Post(':seq/purge')
  @NotIdempotent('an event is purged once: sent again, it is refused (409) and the record shows the first purge')
  @HttpCode(200)
  @Allow(can.readAuditLog)
  purge(@Param('seq', ParseSequencePipe) seq: number, @Body() dto: PurgeDto, @CurrentViewer() viewer: Viewer): Promise<AuditEventView> {
    return this.audit.purge(seq, dto.reason, userActor(viewer.id));
  }
}
