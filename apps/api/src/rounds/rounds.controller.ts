import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { can, type RoundSummary, type RoundView, type Viewer } from '@suivi/contracts';

import { Allow, CurrentViewer, Public } from '../access/policy';
import { CHANGES_STATE, Idempotent, NotIdempotent } from '../common/idempotent.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { IdempotencyReplays } from '../idempotency/idempotency-replays';
import { CreateRoundDto, UpdateRoundDto } from './rounds.dto';
import { RoundsService } from './rounds.service';

@ApiTags('rounds')
@Controller()
export class RoundsController {
  constructor(
    private readonly rounds: RoundsService,
    replays: IdempotencyReplays,
  ) {
    replays.register('round', (id) => this.rounds.get(id));
  }

  /** Rounds and request states are public findings: "no report this round" is one. */
  @Get('dialogues/:id/rounds')
  @Public()
  list(@Param('id', UuidPipe) id: string): Promise<RoundSummary[]> {
    return this.rounds.list(id);
  }

  @Post('dialogues/:id/rounds')
  @Idempotent('round')
  @Allow(can.manageRounds)
  create(@Param('id', UuidPipe) id: string, @Body() dto: CreateRoundDto, @CurrentViewer() viewer: Viewer): Promise<RoundView> {
    return this.rounds.create(id, dto, viewer);
  }

  @Get('rounds/:id')
  @Public()
  get(@Param('id', UuidPipe) id: string): Promise<RoundView> {
    return this.rounds.get(id);
  }

  @Patch('rounds/:id')
  @Allow(can.manageRounds)
  update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateRoundDto, @CurrentViewer() viewer: Viewer): Promise<RoundView> {
    return this.rounds.update(id, dto, viewer);
  }

  @Post('rounds/:id/close')
  @HttpCode(200)
  @NotIdempotent(CHANGES_STATE)
  @Allow(can.manageRounds)
  close(@Param('id', UuidPipe) id: string, @CurrentViewer() viewer: Viewer): Promise<RoundView> {
    return this.rounds.close(id, viewer);
  }
}
