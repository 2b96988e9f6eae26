import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ProgressStatus, RecommendationDetailView, RecommendationView, Viewer } from '@suivi/contracts';
import { DataSource } from 'typeorm';

import { DomainError, invalidField, notFound, staleEdit } from '../common/domain-error';
import { AuditService, userActor } from '../audit/audit.service';
import { createPublicThread } from '../threads/public-thread';
import type { CreateRecommendationDto, UpdateRecommendationDto } from './recommendation-input.dto';

import { bilingual } from '../common/bilingual';
import { Clock } from '../clock/clock';
import { countsBy, emptyCounts, summaryColumns, toSummary, total, type SummaryRow } from '../commitments/commitment-rows';
import { RecommendationListQuery } from './recommendations.dto';

interface RecommendationRow {
  id: string;
  dialogue_id: string;
  code: string;
  text_en: string | null;
  text_fr: string | null;
  addressed_to: RecommendationView['addressedTo'];
  themes: RecommendationView['themes'];
  version: number;
}

@Injectable()
export class RecommendationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(dto: CreateRecommendationDto, viewer: Viewer): Promise<RecommendationDetailView> {
    const id = await this.db.transaction(async (tx) => {
      const [dialogue] = (await tx.query('SELECT id FROM dialogues WHERE id = $1', [dto.dialogueId])) as unknown[];
      if (!dialogue) {
        throw invalidField('dialogueId', 'unknown_dialogue', 'dialogueId does not name a known dialogue');
      }
      const [taken] = (await tx.query('SELECT 1 FROM recommendations WHERE dialogue_id = $1 AND code = $2', [
        dto.dialogueId,
        dto.code,
      ])) as unknown[];
      if (taken) {
        throw new DomainError('code_taken', `code ${dto.code} is already used in this dialogue`, { code: dto.code }, [
          { field: 'code', code: 'code_taken', params: { code: dto.code } },
        ]);
      }
      const [row] = (await tx.query(
        `INSERT INTO recommendations (dialogue_id, code, text_en, text_fr, addressed_to, themes) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [dto.dialogueId, dto.code, dto.text.en ?? null, dto.text.fr ?? null, dto.addressedTo ?? [], dto.themes ?? []],
      )) as Array<{ id: string }>;
      await this.audit.append(tx, {
        actor: userActor(viewer.id),
        action: 'recommendation.created',
        entityType: 'recommendation',
        entityId: row.id,
        subject: `recommendation:${row.id}`,
        data: { id: row.id, ...dto },
      });
      await createPublicThread(tx, this.audit, { type: 'recommendation', id: row.id, dialogueId: dto.dialogueId }, userActor(viewer.id));
      return row.id;
    });
    return this.get(id);
  }

  async update(id: string, dto: UpdateRecommendationDto, viewer: Viewer): Promise<RecommendationDetailView> {
    const stale = await this.db.transaction(async (tx) => {
      const [before] = (await tx.query('SELECT * FROM recommendations WHERE id = $1 FOR UPDATE', [id])) as Array<
        Record<string, unknown> & { version: number }
      >;
      if (!before) {
        throw notFound('recommendation', id);
      }
      if (before.version !== dto.version) {
        return true;
      }
      const text = dto.text ?? { en: before['text_en'] as string | undefined, fr: before['text_fr'] as string | undefined };
      await tx.query(
        `UPDATE recommendations SET text_en = $2, text_fr = $3, addressed_to = $4, themes = $5, version = version + 1, updated_at = now() WHERE id = $1`,
        [id, text.en ?? null, text.fr ?? null, dto.addressedTo ?? before['addressed_to'], dto.themes ?? before['themes']],
      );
      const { version: _version, ...changes } = dto;
      await this.audit.append(tx, {
        actor: userActor(viewer.id),
        action: 'recommendation.updated',
        entityType: 'recommendation',
        entityId: id,
        subject: `recommendation:${id}`,
        data: { id, changes },
      });
      return false;
    });
    if (stale) {
      // Read after the transaction has ended: never through the pool from inside one.
      throw staleEdit('This recommendation was changed by someone else; here is the current record', await this.get(id));
    }
    return this.get(id);
  }

  async list(query: RecommendationListQuery): Promise<RecommendationView[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.dialogueId) {
      params.push(query.dialogueId);
      where.push(`r.dialogue_id = $${params.length}`);
    }
    if (query.q?.trim()) {
      params.push(query.q.trim());
      where.push(`r.search @@ (websearch_to_tsquery('english', $${params.length}) || websearch_to_tsquery('french', $${params.length}))`);
    }
    const rows = (await this.db.query(
      `SELECT r.id, r.dialogue_id, r.code, r.text_en, r.text_fr, r.addressed_to, r.themes, r.version FROM recommendations r
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.dialogue_id, r.code`,
      params,
    )) as RecommendationRow[];
    return this.withProgress(rows);
  }

  async get(id: string): Promise<RecommendationDetailView> {
    const rows = (await this.db.query(
      'SELECT r.id, r.dialogue_id, r.code, r.text_en, r.text_fr, r.addressed_to, r.themes, r.version FROM recommendations r WHERE r.id = $1',
      [id],
    )) as RecommendationRow[];
    if (!rows.length) {
      throw notFound('recommendation', id);
    }
    const [view] = await this.withProgress(rows);
    const today = await this.clock.today();
    const commitments = (await this.db.query(
      `SELECT ${summaryColumns(today)} FROM commitments c JOIN organizations o ON o.id = c.owner_id
        WHERE c.id IN (SELECT commitment_id FROM commitment_recommendations WHERE recommendation_id = $1)
        ORDER BY c.due_date NULLS LAST, c.id`,
      [id],
    )) as SummaryRow[];
    return { ...view, commitments: commitments.map(toSummary) };
  }

  private async withProgress(rows: RecommendationRow[]): Promise<RecommendationView[]> {
    if (!rows.length) {
      return [];
    }
    const counts = countsBy(
      (await this.db.query(
        `SELECT cr.recommendation_id AS key, c.current_status AS status, count(*)::int AS n
           FROM commitment_recommendations cr JOIN commitments c ON c.id = cr.commitment_id
          WHERE cr.recommendation_id = ANY($1::uuid[]) GROUP BY 1, 2`,
        [rows.map((r) => r.id)],
      )) as Array<{ key: string; status: ProgressStatus; n: number }>,
    );
    return rows.map((r) => {
      const progress = counts.get(r.id) ?? emptyCounts();
      return {
        id: r.id,
        dialogueId: r.dialogue_id,
        code: r.code,
        text: bilingual(r.text_en, r.text_fr),
        addressedTo: r.addressed_to,
        themes: r.themes,
        progress,
        commitmentCount: total(progress),
        version: r.version,
      };
    });
  }
}
