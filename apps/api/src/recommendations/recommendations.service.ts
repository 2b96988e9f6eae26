import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ProgressStatus, RecommendationDetailView, RecommendationView } from '@suivi/contracts';
import { DataSource } from 'typeorm';

import { bilingual } from '../common/bilingual';
import { countsBy, emptyCounts, SUMMARY_COLUMNS, toSummary, total, type SummaryRow } from '../commitments/commitment-rows';
import { RecommendationListQuery } from './recommendations.dto';

interface RecommendationRow {
  id: string;
  dialogue_id: string;
  code: string;
  text_en: string | null;
  text_fr: string | null;
  addressed_to: RecommendationView['addressedTo'];
  themes: RecommendationView['themes'];
}

@Injectable()
export class RecommendationsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(query: RecommendationListQuery): Promise<RecommendationView[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.dialogueId) {
      params.push(query.dialogueId);
      where.push(`r.dialogue_id = $${params.length}`);
    }
    if (query.q?.trim()) {
      params.push(query.q.trim());
      where.push(
        `r.search @@ (websearch_to_tsquery('english', $${params.length}) || websearch_to_tsquery('french', $${params.length}))`,
      );
    }
    const rows = (await this.db.query(
      `SELECT r.id, r.dialogue_id, r.code, r.text_en, r.text_fr, r.addressed_to, r.themes FROM recommendations r
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.dialogue_id, r.code`,
      params,
    )) as RecommendationRow[];
    return this.withProgress(rows);
  }

  async get(id: string): Promise<RecommendationDetailView> {
    const rows = (await this.db.query(
      'SELECT r.id, r.dialogue_id, r.code, r.text_en, r.text_fr, r.addressed_to, r.themes FROM recommendations r WHERE r.id = $1',
      [id],
    )) as RecommendationRow[];
    if (!rows.length) {
      throw new NotFoundException(`No recommendation ${id}`);
    }
    const [view] = await this.withProgress(rows);
    const commitments = (await this.db.query(
      `SELECT ${SUMMARY_COLUMNS} FROM commitments c JOIN organizations o ON o.id = c.owner_id
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
      };
    });
  }
}
