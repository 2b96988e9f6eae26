import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { TimelineView, Viewer } from '@suivi/contracts';

import { CurrentViewer, Public } from '../access/policy';
import { UuidPipe } from '../common/uuid.pipe';
import { TimelineService } from './timeline.service';

@ApiTags('commitments')
@Controller()
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  @Get('commitments/:id/timeline')
  @Public()
  get(@Param('id', UuidPipe) id: string, @CurrentViewer() viewer: Viewer | null): Promise<TimelineView> {
    return this.timeline.timeline(id, viewer);
  }
}
