import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { can, type FocalPointsView, type Viewer } from '@suivi/contracts';
import { DataSource, type EntityManager } from 'typeorm';

import { AuditService, userActor } from '../audit/audit.service';
import { DomainError, invalidField, notFound } from '../common/domain-error';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * Who receives an organisation's requests and asks (DESIGN.md, "Focal points"): its focal points
 * who are still active members of it, or, with none, every active member. A SQL subquery of user
 * ids for the organisation id `$n` given, so the notice and the row it tells of share one transaction.
 */
export function organizationRecipients(organization: string): string {
  return `SELECT u.id FROM users u
           WHERE u.organization_id = ${organization} AND u.status = 'active'
             AND (u.id IN (SELECT f.user_id FROM organization_focal_points f WHERE f.organization_id = ${organization})
                  OR NOT EXISTS (SELECT 1 FROM organization_focal_points f JOIN users fu ON fu.id = f.user_id
                                  WHERE f.organization_id = ${organization} AND fu.organization_id = ${organization} AND fu.status = 'active'))`;
}

/** Who the focal points are is for the organisation and the secretariat: a member's role, not a public fact. */
@Injectable()
export class FocalPointsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get(organizationId: string, viewer: Viewer): Promise<FocalPointsView> {
    await this.check(this.db.manager, organizationId, viewer);
    return this.read(this.db.manager, organizationId);
  }

  async set(organizationId: string, userIds: string[], viewer: Viewer): Promise<FocalPointsView> {
    return this.db.transaction(async (tx) => {
      // The organisation's row orders two replacements of its list; the app role may lock it (it updates organisations).
      await this.check(tx, organizationId, viewer, true);
      const wanted = [...new Set(userIds)];
      const members = (await tx.query(`SELECT id FROM users WHERE id = ANY($1::uuid[]) AND organization_id = $2 AND status = 'active'`, [
        wanted,
        organizationId,
      ])) as Array<{ id: string }>;
      if (members.length !== wanted.length) {
        throw invalidField('userIds', 'not_active_member', 'userIds names someone who is not an active member of this organisation');
      }
      const before = await this.read(tx, organizationId);
      await tx.query('DELETE FROM organization_focal_points WHERE organization_id = $1', [organizationId]);
      if (wanted.length) {
        await tx.query(`INSERT INTO organization_focal_points (organization_id, user_id) SELECT $1, unnest($2::uuid[])`, [
          organizationId,
          wanted,
        ]);
      }
      await this.audit.append(tx, {
        actor: userActor(viewer.id),
        action: 'organization.focal_points_set',
        entityType: 'organization',
        entityId: organizationId,
        data: { before: before.focalPoints.map((f) => f.id), after: [...wanted].sort() },
      });
      return this.read(tx, organizationId);
    });
  }

  private async check(db: Queryable, organizationId: string, viewer: Viewer, lock = false): Promise<void> {
    const [org] = (await db.query(`SELECT id FROM organizations WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [organizationId])) as unknown[];
    if (!org) {
      throw notFound('organization', organizationId);
    }
    if (!can.setFocalPoints(viewer, organizationId)) {
      throw new DomainError(
        'organization_members_only',
        'Only members of this organisation and the secretariat see and name its focal points',
      );
    }
  }

  private async read(db: Queryable, organizationId: string): Promise<FocalPointsView> {
    const rows = (await db.query(
      `SELECT u.id, u.display_name AS name, (f.user_id IS NOT NULL) AS focal
         FROM users u LEFT JOIN organization_focal_points f ON f.user_id = u.id AND f.organization_id = u.organization_id
        WHERE u.organization_id = $1 AND u.status = 'active'
        ORDER BY u.display_name, u.id`,
      [organizationId],
    )) as Array<{ id: string; name: string; focal: boolean }>;
    return {
      organizationId,
      focalPoints: rows.filter((r) => r.focal).map(({ id, name }) => ({ id, name })),
      members: rows.map(({ id, name }) => ({ id, name })),
    };
  }
}
