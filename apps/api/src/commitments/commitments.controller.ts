import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommitmentSummary, CommitmentView, Page, TimelineView, Viewer } from '@suivi/contracts';

import { CurrentViewer, Public } from '../auth/policy';
import { CommitmentListQuery } from './commitments.dto';
import { CommitmentsService } from './commitments.service';

@ApiTags('commitments')
@Controller('commitments')
export class CommitmentsController {
  constructor(private readonly commitments: CommitmentsService) {}

  @Get()
  @Public()
  list(@Query() query: CommitmentListQuery): Promise<Page<CommitmentSummary>> {
    return this.commitments.list(query);
  }

  @Get(':id')
  @Public()
  get(@Param('id', ParseUUIDPipe) id: string): Promise<CommitmentView> {
    return this.commitments.get(id);
  }

  @Get(':id/timeline')
  @Public()
  timeline(@Param('id', ParseUUIDPipe) id: string, @CurrentViewer() viewer: Viewer | null): Promise<TimelineView> {
    return this.commitments.timeline(id, viewer);
  }
}
