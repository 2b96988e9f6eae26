import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DialogueView, OrganizationRef } from '@suivi/contracts';
import { DataSource } from 'typeorm';

import { bilingual, isoDate } from '../common/bilingual';

interface DialogueRow {
  id: string;
  title_en: string | null;
  title_fr: string | null;
  summary_en: string | null;
  summary_fr: string | null;
  place: string;
  start_date: string;
  end_date: string;
  status: DialogueView['status'];
  recommendation_count: number;
  commitment_count: number;
  organizations: Array<{ id: string; name_en: string | null; name_fr: string | null; acronym: string | null; stakeholder_group: OrganizationRef['group'] }>;
}

const DIALOGUE_SQL = `
  SELECT d.id, d.title_en, d.title_fr, d.summary_en, d.summary_fr, d.place, d.start_date, d.end_date, d.status,
    (SELECT count(*)::int FROM recommendations r WHERE r.dialogue_id = d.id) AS recommendation_count,
    (SELECT count(*)::int FROM commitments c WHERE c.dialogue_id = d.id) AS commitment_count,
    coalesce((SELECT json_agg(json_build_object('id', o.id, 'name_en', o.name_en, 'name_fr', o.name_fr,
                      'acronym', o.acronym, 'stakeholder_group', o.stakeholder_group)
                      ORDER BY o.stakeholder_group, coalesce(o.acronym, o.name_en, o.name_fr))
                FROM dialogue_participants dp JOIN organizations o ON o.id = dp.organization_id
               WHERE dp.dialogue_id = d.id), '[]') AS organizations
  FROM dialogues d`;

@Injectable()
export class DialoguesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(): Promise<DialogueView[]> {
    const rows = (await this.db.query(`${DIALOGUE_SQL} ORDER BY d.start_date DESC`)) as DialogueRow[];
    return rows.map(toDialogueView);
  }

  async get(id: string): Promise<DialogueView> {
    const [row] = (await this.db.query(`${DIALOGUE_SQL} WHERE d.id = $1`, [id])) as DialogueRow[];
    if (!row) {
      throw new NotFoundException(`No dialogue ${id}`);
    }
    return toDialogueView(row);
  }
}

function toDialogueView(row: DialogueRow): DialogueView {
  return {
    id: row.id,
    title: bilingual(row.title_en, row.title_fr),
    summary: bilingual(row.summary_en, row.summary_fr),
    place: row.place,
    startDate: isoDate(row.start_date) ?? '',
    endDate: isoDate(row.end_date) ?? '',
    status: row.status,
    organizations: row.organizations.map((o) => ({
      id: o.id,
      name: bilingual(o.name_en, o.name_fr),
      acronym: o.acronym,
      group: o.stakeholder_group,
    })),
    recommendationCount: row.recommendation_count,
    commitmentCount: row.commitment_count,
  };
}
