import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { can, type MilestoneView, type Viewer } from '@suivi/contracts';
import { DataSource, type EntityManager } from 'typeorm';

import { DomainError, notFound, staleEdit } from '../common/domain-error';
import { AuditService, userActor } from '../audit/audit.service';
import { bilingual, isoDate } from '../common/bilingual';
import type { CreateMilestoneDto, UpdateMilestoneDto } from './milestones.dto';

interface MilestoneRow {
  id: string;
  commitment_id: string;
  title_en: string | null;
  title_fr: string | null;
  planned_date: string | null;
  reached_date: string | null;
  evidence: string | null;
  version: number;
}

/** A commitment's milestones in plan order: its milestones list and its timeline. */
export async function milestonesOf(db: Pick<EntityManager, 'query'>, commitmentId: string): Promise<MilestoneView[]> {
  const rows = (await db.query('SELECT * FROM milestones WHERE commitment_id = $1 ORDER BY planned_date NULLS LAST, created_at', [
    commitmentId,
  ])) as MilestoneRow[];
  return rows.map(toView);
}

const toView = (m: MilestoneRow): MilestoneView => ({
  id: m.id,
  commitmentId: m.commitment_id,
  title: bilingual(m.title_en, m.title_fr),
  plannedDate: isoDate(m.planned_date),
  reachedDate: isoDate(m.reached_date),
  evidence: m.evidence,
  version: m.version,
});

/** Dated steps of a commitment, kept by its owner organisation and the secretariat. */
@Injectable()
export class MilestonesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(commitmentId: string): Promise<MilestoneView[]> {
    const [exists] = (await this.db.query('SELECT 1 FROM commitments WHERE id = $1', [commitmentId])) as unknown[];
    if (!exists) {
      throw notFound('commitment', commitmentId);
    }
    return milestonesOf(this.db, commitmentId);
  }

  async get(id: string): Promise<MilestoneView> {
    const [row] = (await this.db.query('SELECT * FROM milestones WHERE id = $1', [id])) as MilestoneRow[];
    if (!row) {
      throw notFound('milestone', id);
    }
    return toView(row);
  }

  async create(commitmentId: string, dto: CreateMilestoneDto, viewer: Viewer): Promise<MilestoneView> {
    const view = await this.db.transaction(async (tx) => {
      await this.checkOwner(tx, commitmentId, viewer);
      const [row] = (await tx.query(
        `INSERT INTO milestones (commitment_id, title_en, title_fr, planned_date, reached_date, evidence)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [commitmentId, dto.title.en ?? null, dto.title.fr ?? null, dto.plannedDate ?? null, dto.reachedDate ?? null, dto.evidence ?? null],
      )) as MilestoneRow[];
      await this.audit.append(tx, {
        actor: userActor(viewer.id),
        action: 'milestone.created',
        entityType: 'milestone',
        entityId: row.id,
        subject: `commitment:${commitmentId}`,
        data: toView(row),
      });
      return toView(row);
    });
    return view;
  }

  async update(id: string, dto: UpdateMilestoneDto, viewer: Viewer): Promise<MilestoneView> {
    return this.db.transaction(async (tx) => {
      const [before] = (await tx.query('SELECT * FROM milestones WHERE id = $1 FOR UPDATE', [id])) as MilestoneRow[];
      if (!before) {
        throw notFound('milestone', id);
      }
      await this.checkOwner(tx, before.commitment_id, viewer);
      if (before.version !== dto.version) {
        throw staleEdit('This milestone was changed by someone else; here is the current record', toView(before));
      }
      const title = dto.title ?? { en: before.title_en ?? undefined, fr: before.title_fr ?? undefined };
      const [rows] = (await tx.query(
        `UPDATE milestones SET title_en = $2, title_fr = $3, planned_date = $4, reached_date = $5, evidence = $6, version = version + 1,
                updated_at = now() WHERE id = $1 RETURNING *`,
        [
          id,
          title.en ?? null,
          title.fr ?? null,
          dto.plannedDate === undefined ? before.planned_date : dto.plannedDate,
          dto.reachedDate === undefined ? before.reached_date : dto.reachedDate,
          dto.evidence === undefined ? before.evidence : dto.evidence,
        ],
      )) as [MilestoneRow[], number];
      const after = rows[0];
      await this.audit.append(tx, {
        actor: userActor(viewer.id),
        action: 'milestone.updated',
        entityType: 'milestone',
        entityId: id,
        subject: `commitment:${before.commitment_id}`,
        data: { before: toView(before), after: toView(after) },
      });
      return toView(after);
    });
  }

  private async checkOwner(tx: EntityManager, commitmentId: string, viewer: Viewer): Promise<void> {
    const [commitment] = (await tx.query('SELECT owner_id FROM commitments WHERE id = $1', [commitmentId])) as Array<{ owner_id: string }>;
    if (!commitment) {
      throw notFound('commitment', commitmentId);
    }
    if (!can.selfReport(viewer, { ownerId: commitment.owner_id })) {
      throw new DomainError('owner_organization_only', 'Milestones are kept by the owner organisation and the secretariat');
    }
  }
}
