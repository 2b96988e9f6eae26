import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { can, type Page, type ThreadView, type Viewer } from '@suivi/contracts';

import { Allow, CurrentViewer, Public } from '../auth/policy';
import { CreateThreadDto, ModerationReasonDto, ThreadListQuery } from './threads.dto';
import { ThreadsService } from './threads.service';
import { UuidPipe } from '../common/uuid.pipe';

@ApiTags('discussion')
@Controller('threads')
export class ThreadsController {
  constructor(private readonly threads: ThreadsService) {}

  /** With a subject: its threads the reader may read. Without: every such thread, most active first (a page). */
  @Get()
  @Public()
  list(@Query() query: ThreadListQuery, @CurrentViewer() viewer: Viewer | null): Promise<ThreadView[] | Page<ThreadView>> {
    return this.threads.list(viewer, query);
  }

  @Get(':id')
  @Public()
  get(@Param('id', UuidPipe) id: string, @CurrentViewer() viewer: Viewer | null): Promise<ThreadView> {
    return this.threads.get(id, viewer);
  }

  @Post()
  @Allow(can.curate)
  create(@Body() dto: CreateThreadDto, @CurrentViewer() viewer: Viewer): Promise<ThreadView> {
    return this.threads.create(dto, viewer);
  }

  @Post(':id/lock')
  @HttpCode(200)
  @Allow(can.moderate)
  lock(@Param('id', UuidPipe) id: string, @Body() dto: ModerationReasonDto, @CurrentViewer() viewer: Viewer): Promise<ThreadView> {
    return this.threads.setLocked(id, true, dto.reason, viewer);
  }

  @Post(':id/unlock')
  @HttpCode(200)
  @Allow(can.moderate)
  unlock(@Param('id', UuidPipe) id: string, @Body() dto: ModerationReasonDto, @CurrentViewer() viewer: Viewer): Promise<ThreadView> {
    return this.threads.setLocked(id, false, dto.reason, viewer);
  }
}
