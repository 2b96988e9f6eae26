import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { can, isActive, type FocalPointsView, type OrganizationView, type Viewer } from '@suivi/contracts';

import { Allow, CurrentViewer, Public } from '../access/policy';
import { FocalPointsService } from './focal-points.service';
import { CreateOrganizationDto, FocalPointsDto, UpdateOrganizationDto } from './organizations.dto';
import { OrganizationsService } from './organizations.service';
import { UuidPipe } from '../common/uuid.pipe';
import { Idempotent } from '../common/idempotent.decorator';
import { IdempotencyReplays } from '../idempotency/idempotency-replays';

@ApiTags('organizations')
@Controller('organizations')
export class OrganizationsController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly focalPoints: FocalPointsService,
    replays: IdempotencyReplays,
  ) {
    replays.register('organization', (id) => this.organizations.get(id));
  }

  // Members of the organisation and the secretariat: the service checks which organisation.
  @Get(':id/focal-points')
  @Allow((v) => isActive(v))
  getFocalPoints(@Param('id', UuidPipe) id: string, @CurrentViewer() viewer: Viewer): Promise<FocalPointsView> {
    return this.focalPoints.get(id, viewer);
  }

  @Put(':id/focal-points')
  @Allow((v) => isActive(v))
  setFocalPoints(
    @Param('id', UuidPipe) id: string,
    @Body() dto: FocalPointsDto,
    @CurrentViewer() viewer: Viewer,
  ): Promise<FocalPointsView> {
    return this.focalPoints.set(id, dto.userIds, viewer);
  }

  @Get()
  @Public()
  list(): Promise<OrganizationView[]> {
    return this.organizations.list();
  }

  @Post()
  @Idempotent('organization')
  @Allow(can.curate)
  create(@Body() dto: CreateOrganizationDto, @CurrentViewer() viewer: Viewer): Promise<OrganizationView> {
    return this.organizations.create(dto, viewer);
  }

  @Patch(':id')
  @Allow(can.curate)
  update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateOrganizationDto,
    @CurrentViewer() viewer: Viewer,
  ): Promise<OrganizationView> {
    return this.organizations.update(id, dto, viewer);
  }
}
