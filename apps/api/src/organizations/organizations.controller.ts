import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { can, type OrganizationView, type Viewer } from '@suivi/contracts';

import { Allow, CurrentViewer, Public } from '../access/policy';
import { CreateOrganizationDto, UpdateOrganizationDto } from './organizations.dto';
import { OrganizationsService } from './organizations.service';
import { UuidPipe } from '../common/uuid.pipe';
import { Idempotent } from '../common/idempotent.decorator';
import { IdempotencyReplays } from '../idempotency/idempotency-replays';

@ApiTags('organizations')
@Controller('organizations')
export class OrganizationsController {
  constructor(
    private readonly organizations: OrganizationsService,
    replays: IdempotencyReplays,
  ) {
    replays.register('organization', (id) => this.organizations.get(id));
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
