import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OrganizationView } from '@suivi/contracts';
import { DataSource } from 'typeorm';

import { Public } from '../auth/policy';
import { bilingual } from '../common/bilingual';

@Injectable()
export class OrganizationsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(): Promise<OrganizationView[]> {
    const rows = (await this.db.query(
      `SELECT id, name_en, name_fr, acronym, stakeholder_group, illustrative FROM organizations
        ORDER BY stakeholder_group, lower(coalesce(acronym, name_en, name_fr))`,
    )) as Array<{ id: string; name_en: string | null; name_fr: string | null; acronym: string | null; stakeholder_group: OrganizationView['group']; illustrative: boolean }>;
    return rows.map((o) => ({
      id: o.id,
      name: bilingual(o.name_en, o.name_fr),
      acronym: o.acronym,
      group: o.stakeholder_group,
      illustrative: o.illustrative,
    }));
  }
}

@ApiTags('organizations')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get()
  @Public()
  list(): Promise<OrganizationView[]> {
    return this.organizations.list();
  }
}

@Module({ controllers: [OrganizationsController], providers: [OrganizationsService], exports: [OrganizationsService] })
export class OrganizationsModule {}
