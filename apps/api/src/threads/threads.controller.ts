import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { can, type Page, type ThreadListItem, type ThreadReadView, type ThreadView, type Viewer } from '@suivi/contracts';

import { Allow, CurrentViewer, Public } from '../access/policy';
import { ThreadReads } from './thread-reads';
import { CreateThreadDto, ModerationReasonDto, ThreadListQuery, ThreadReadDto } from './threads.dto';
import { ThreadsService } from './threads.service';
import { UuidPipe } from '../common/uuid.pipe';
import { CHANGES_STATE, Idempotent, NotIdempotent } from '../common/idempotent.decorator';
import { IdempotencyReplays } from '../idempotency/idempotency-replays';

@ApiTags('discussion')
@Controller('threads')
export class ThreadsController {
  constructor(
    private readonly threads: ThreadsService,
    private readonly reads: ThreadReads,
    replays: IdempotencyReplays,
  ) {
    replays.register('thread', (id, viewer) => this.threads.get(id, viewer));
  }

  /**
   * With a subject: its threads the reader may read. Without: every such thread, most active
   * first (a page), searched and filtered, with the reader's unread counts.
   */
  @Get()
  @Public()
  list(@Query() query: ThreadListQuery, @CurrentViewer() viewer: Viewer | null): Promise<ThreadView[] | Page<ThreadListItem>> {
    return this.threads.list(viewer, query);
  }

  /** The reader has seen the thread up to a message: its unread count starts after it. */
  @Post(':id/read')
  @NotIdempotent(CHANGES_STATE)
  @HttpCode(200)
  @Allow(can.markThreadsRead)
  markRead(@Param('id', UuidPipe) id: string, @Body() dto: ThreadReadDto, @CurrentViewer() viewer: Viewer): Promise<ThreadReadView> {
    return this.reads.markRead(id, dto.upTo, viewer);
  }

  @Get(':id')
  @Public()
  get(@Param('id', UuidPipe) id: string, @CurrentViewer() viewer: Viewer | null): Promise<ThreadView> {
    return this.threads.get(id, viewer);
  }

  @Post()
  @Idempotent('thread')
  @Allow(can.curate)
  create(@Body() dto: CreateThreadDto, @CurrentViewer() viewer: Viewer): Promise<ThreadView> {
    return this.threads.create(dto, viewer);
  }

  @Post(':id/lock')
  @NotIdempotent(CHANGES_STATE)
  @HttpCode(200)
  @Allow(can.moderate)
  lock(@Param('id', UuidPipe) id: string, @Body() dto: ModerationReasonDto, @CurrentViewer() viewer: Viewer): Promise<ThreadView> {
    return this.threads.setLocked(id, true, dto.reason, viewer);
  }

  @Post(':id/unlock')
  @NotIdempotent(CHANGES_STATE)
  @HttpCode(200)
  @Allow(can.moderate)
  unlock(@Param('id', UuidPipe) id: string, @Body() dto: ModerationReasonDto, @CurrentViewer() viewer: Viewer): Promise<ThreadView> {
    return this.threads.setLocked(id, false, dto.reason, viewer);
  }
}
