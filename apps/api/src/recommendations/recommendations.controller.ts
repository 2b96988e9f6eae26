import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { can, type RecommendationDetailView, type RecommendationView, type Viewer } from '@suivi/contracts';

import { Allow, CurrentViewer, Public } from '../access/policy';
import { CreateRecommendationDto, UpdateRecommendationDto } from './recommendation-input.dto';
import { RecommendationListQuery } from './recommendations.dto';
import { RecommendationsService } from './recommendations.service';
import { UuidPipe } from '../common/uuid.pipe';
import { Idempotent } from '../common/idempotent.decorator';
import { IdempotencyReplays } from '../idempotency/idempotency-replays';

@ApiTags('recommendations')
@Controller('recommendations')
export class RecommendationsController {
  constructor(
    private readonly recommendations: RecommendationsService,
    replays: IdempotencyReplays,
  ) {
    replays.register('recommendation', (id) => this.recommendations.get(id));
  }

  @Get()
  @Public()
  list(@Query() query: RecommendationListQuery): Promise<RecommendationView[]> {
    return this.recommendations.list(query);
  }

  @Post()
  @Idempotent('recommendation')
  @Allow(can.curate)
  create(@Body() dto: CreateRecommendationDto, @CurrentViewer() viewer: Viewer): Promise<RecommendationDetailView> {
    return this.recommendations.create(dto, viewer);
  }

  @Patch(':id')
  @Allow(can.curate)
  update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateRecommendationDto,
    @CurrentViewer() viewer: Viewer,
  ): Promise<RecommendationDetailView> {
    return this.recommendations.update(id, dto, viewer);
  }

  @Get(':id')
  @Public()
  get(@Param('id', UuidPipe) id: string): Promise<RecommendationDetailView> {
    return this.recommendations.get(id);
  }
}
