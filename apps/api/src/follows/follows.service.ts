import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FollowView, SubjectType, Viewer } from '@suivi/contracts';
import { DataSource } from 'typeorm';

import { notFound } from '../common/domain-error';
import { bilingual } from '../common/bilingual';

const SUBJECT_TABLES: Record<SubjectType, { table: string; en: string; fr: string }> = {
  dialogue: { table: 'dialogues', en: 'title_en', fr: 'title_fr' },
  recommendation: { table: 'recommendations', en: 'text_en', fr: 'text_fr' },
  commitment: { table: 'commitments', en: 'title_en', fr: 'title_fr' },
};

/**
 * What a person follows is their own bookkeeping, not part of the public record, so it is not
 * written to the audit chain (a list of who watches which commitment could itself expose people).
 */
@Injectable()
export class FollowsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async follow(viewer: Viewer, subjectType: SubjectType, subjectId: string): Promise<{ follow: FollowView; created: boolean }> {
    const subject = SUBJECT_TABLES[subjectType];
    const [exists] = (await this.db.query(`SELECT 1 FROM ${subject.table} WHERE id = $1`, [subjectId])) as unknown[];
    if (!exists) {
      throw notFound(subjectType, subjectId);
    }
    const inserted = (await this.db.query(
      `INSERT INTO follows (user_id, subject_type, subject_id) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, subject_type, subject_id) DO NOTHING RETURNING id`,
      [viewer.id, subjectType, subjectId],
    )) as Array<{ id: string }>;
    const follows = await this.list(viewer.id);
    const follow = follows.find((f) => f.subjectType === subjectType && f.subjectId === subjectId);
    if (!follow) {
      throw notFound(subjectType, subjectId);
    }
    return { follow, created: inserted.length > 0 };
  }

  async unfollow(viewer: Viewer, id: string): Promise<void> {
    const [rows] = (await this.db.query('DELETE FROM follows WHERE id = $1 AND user_id = $2 RETURNING id', [id, viewer.id])) as [
      unknown[],
      number,
    ];
    if (!rows?.length) {
      throw notFound('follow', id);
    }
  }

  async list(userId: string): Promise<FollowView[]> {
    const parts = (Object.entries(SUBJECT_TABLES) as Array<[SubjectType, (typeof SUBJECT_TABLES)[SubjectType]]>).map(
      ([type, s]) => `SELECT f.id, f.subject_type, f.subject_id, f.created_at, x.${s.en} AS title_en, x.${s.fr} AS title_fr
                        FROM follows f JOIN ${s.table} x ON x.id = f.subject_id
                       WHERE f.user_id = $1 AND f.subject_type = '${type}'`,
    );
    const rows = (await this.db.query(`${parts.join(' UNION ALL ')} ORDER BY created_at DESC`, [userId])) as Array<{
      id: string;
      subject_type: SubjectType;
      subject_id: string;
      created_at: Date;
      title_en: string | null;
      title_fr: string | null;
    }>;
    return rows.map((r) => ({
      id: r.id,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      title: bilingual(r.title_en, r.title_fr),
      createdAt: r.created_at.toISOString(),
    }));
  }
}
