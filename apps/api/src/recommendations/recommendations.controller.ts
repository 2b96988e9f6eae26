import { Controller, Get, Module, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { RecommendationDetailView, RecommendationView } from '@suivi/contracts';

import { Public } from '../auth/policy';
import { RecommendationListQuery } from './recommendations.dto';
import { RecommendationsService } from './recommendations.service';

@ApiTags('recommendations')
@Controller('recommendations')
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Get()
  @Public()
  list(@Query() query: RecommendationListQuery): Promise<RecommendationView[]> {
    return this.recommendations.list(query);
  }

  @Get(':id')
  @Public()
  get(@Param('id', ParseUUIDPipe) id: string): Promise<RecommendationDetailView> {
    return this.recommendations.get(id);
  }
}

@Module({ controllers: [RecommendationsController], providers: [RecommendationsService], exports: [RecommendationsService] })
export class RecommendationsModule {}
