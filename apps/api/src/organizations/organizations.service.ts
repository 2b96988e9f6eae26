import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OrganizationView, Viewer } from '@suivi/contracts';
import { DataSource } from 'typeorm';

import { DomainError, notFound, staleEdit } from '../common/domain-error';
import { AuditService, userActor } from '../audit/audit.service';
import { bilingual } from '../common/bilingual';
import { changedRows } from '../common/sql';
import type { CreateOrganizationDto, UpdateOrganizationDto } from './organizations.dto';

interface OrganizationRow {
  id: string;
  name_en: string | null;
  name_fr: string | null;
  acronym: string | null;
  stakeholder_group: OrganizationView['group'];
  illustrative: boolean;
  version: number;
}

const toView = (o: OrganizationRow): OrganizationView & { version: number } => ({
  id: o.id,
  name: bilingual(o.name_en, o.name_fr),
  acronym: o.acronym,
  group: o.stakeholder_group,
  illustrative: o.illustrative,
  version: o.version,
});

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<OrganizationView[]> {
    const rows = (await this.db.query(
      `SELECT id, name_en, name_fr, acronym, stakeholder_group, illustrative, version FROM organizations
        ORDER BY stakeholder_group, lower(coalesce(acronym, name_en, name_fr))`,
    )) as OrganizationRow[];
    return rows.map(toView);
  }

  async get(id: string): Promise<OrganizationView> {
    const [row] = (await this.db.query(
      'SELECT id, name_en, name_fr, acronym, stakeholder_group, illustrative, version FROM organizations WHERE id = $1',
      [id],
    )) as OrganizationRow[];
    if (!row) {
      throw notFound('organization', id);
    }
    return toView(row);
  }

  async create(dto: CreateOrganizationDto, actor: Viewer): Promise<OrganizationView> {
    return this.db.transaction(async (tx) => {
      const [row] = (await tx.query(
        `INSERT INTO organizations (name_en, name_fr, acronym, stakeholder_group) VALUES ($1, $2, $3, $4) RETURNING *`,
        [dto.name.en ?? null, dto.name.fr ?? null, dto.acronym ?? null, dto.group],
      )) as OrganizationRow[];
      await this.audit.append(tx, {
        actor: userActor(actor.id),
        action: 'organization.created',
        entityType: 'organization',
        entityId: row.id,
        data: toView(row),
      });
      return toView(row);
    });
  }

  async update(id: string, dto: UpdateOrganizationDto, actor: Viewer): Promise<OrganizationView> {
    return this.db.transaction(async (tx) => {
      const [before] = (await tx.query('SELECT * FROM organizations WHERE id = $1 FOR UPDATE', [id])) as OrganizationRow[];
      if (!before) {
        throw notFound('organisation', id);
      }
      if (dto.version !== undefined && dto.version !== before.version) {
        throw staleEdit('This organisation was changed by someone else; here is the current record', toView(before));
      }
      if (dto.group !== undefined && dto.group !== before.stakeholder_group) {
        // A group decides what its members may read (a civil-society group, the safe spaces) and
        // joining one is confirmed by its members: changing it under accounts would skip that.
        // The row lock above waits for, and then sees, an account being added at the same time.
        const [{ n }] = (await tx.query('SELECT count(*)::int AS n FROM users WHERE organization_id = $1', [id])) as Array<{ n: number }>;
        if (n > 0) {
          const message = `group: an organisation's stakeholder group cannot change while it has accounts (${n}, in any status): what they may read would change with it. Create a new organisation in the other group instead`;
          throw new DomainError('group_locked', message, { accounts: n }, [
            { field: 'group', code: 'group_locked', params: { accounts: n } },
          ]);
        }
      }
      const name = dto.name ?? { en: before.name_en ?? undefined, fr: before.name_fr ?? undefined };
      const [row] = await changedRows<OrganizationRow>(
        tx,
        `UPDATE organizations SET name_en = $2, name_fr = $3, acronym = $4, stakeholder_group = $5, version = version + 1, updated_at = now()
          WHERE id = $1 RETURNING *`,
        [
          id,
          name.en ?? null,
          name.fr ?? null,
          dto.acronym === undefined ? before.acronym : dto.acronym,
          dto.group ?? before.stakeholder_group,
        ],
      );
      await this.audit.append(tx, {
        actor: userActor(actor.id),
        action: 'organization.updated',
        entityType: 'organization',
        entityId: id,
        data: { before: toView(before), after: toView(row) },
      });
      return toView(row);
    });
  }
}
