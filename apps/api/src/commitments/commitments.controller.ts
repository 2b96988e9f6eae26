import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { can, type CommitmentSummary, type CommitmentView, type Page, type Viewer } from '@suivi/contracts';

import { Allow, CurrentViewer, Public } from '../access/policy';
import { CreateCommitmentDto, UpdateCommitmentDto } from './commitment-input.dto';
import { CommitmentListQuery } from './commitments.dto';
import { CommitmentsService } from './commitments.service';
import { CommitmentCurationService } from './curation.service';
import { UuidPipe } from '../common/uuid.pipe';
import { Idempotent } from '../common/idempotent.decorator';
import { IdempotencyReplays } from '../idempotency/idempotency-replays';

@ApiTags('commitments')
@Controller('commitments')
export class CommitmentsController {
  constructor(
    private readonly commitments: CommitmentsService,
    private readonly curation: CommitmentCurationService,
    replays: IdempotencyReplays,
  ) {
    replays.register('commitment', (id) => this.commitments.get(id));
  }

  @Post()
  @Idempotent('commitment')
  @Allow(can.curate)
  create(@Body() dto: CreateCommitmentDto, @CurrentViewer() viewer: Viewer): Promise<CommitmentView> {
    return this.curation.create(dto, viewer);
  }

  @Patch(':id')
  @Allow(can.curate)
  update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateCommitmentDto, @CurrentViewer() viewer: Viewer): Promise<CommitmentView> {
    return this.curation.update(id, dto, viewer);
  }

  @Get()
  @Public()
  list(@Query() query: CommitmentListQuery): Promise<Page<CommitmentSummary>> {
    return this.commitments.list(query);
  }

  @Get(':id')
  @Public()
  get(@Param('id', UuidPipe) id: string): Promise<CommitmentView> {
    return this.commitments.get(id);
  }
}
