import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { isActive, type MilestoneView, type Viewer } from '@suivi/contracts';

import { Allow, CurrentViewer, Public } from '../access/policy';
import { CreateMilestoneDto, UpdateMilestoneDto } from './milestones.dto';
import { MilestonesService } from './milestones.service';
import { UuidPipe } from '../common/uuid.pipe';
import { Idempotent } from '../common/idempotent.decorator';
import { IdempotencyReplays } from '../idempotency/idempotency-replays';

@ApiTags('milestones')
@Controller()
export class MilestonesController {
  constructor(
    private readonly milestones: MilestonesService,
    replays: IdempotencyReplays,
  ) {
    replays.register('milestone', (id) => this.milestones.get(id));
  }

  @Get('commitments/:id/milestones')
  @Public()
  list(@Param('id', UuidPipe) id: string): Promise<MilestoneView[]> {
    return this.milestones.list(id);
  }

  // The owner organisation is known once the commitment is read: the service applies can.selfReport.
  @Post('commitments/:id/milestones')
  @Idempotent('milestone')
  @Allow((v) => isActive(v))
  create(@Param('id', UuidPipe) id: string, @Body() dto: CreateMilestoneDto, @CurrentViewer() viewer: Viewer): Promise<MilestoneView> {
    return this.milestones.create(id, dto, viewer);
  }

  @Patch('milestones/:id')
  @Allow((v) => isActive(v))
  update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateMilestoneDto, @CurrentViewer() viewer: Viewer): Promise<MilestoneView> {
    return this.milestones.update(id, dto, viewer);
  }
}
