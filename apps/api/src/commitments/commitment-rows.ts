import { type CommitmentBrief, type CommitmentSummary, type OrganizationRef, type ProgressStatus } from '@suivi/contracts';

import { sqlDay } from '../clock/clock';
import { bilingual, isoDate } from '../common/bilingual';

// Lists read raw rows with explicit columns rather than hydrating entities: a page of fifty
// commitments is one query, and the mapping below is the only place that shapes it.

/**
 * Overdue is derived at read time: it changes with the calendar, not with a write. The day is the
 * one clock's (`Clock.today()`), never the database's `CURRENT_DATE`.
 */
export const overdueSql = (today: string) => `(c.due_date < ${sqlDay(today)} AND c.current_status NOT IN ('completed','withdrawn'))`;

export const summaryColumns = (today: string) => `
  c.id, c.title_en, c.title_fr, c.themes, c.regions, c.due_date, c.current_status, c.verified_status,
  c.assessed_status, c.contested, ${overdueSql(today)} AS overdue, c.last_report_at, c.updated_at,
  o.id AS owner_id, o.name_en AS owner_name_en, o.name_fr AS owner_name_fr, o.acronym AS owner_acronym,
  o.stakeholder_group AS owner_group,
  ARRAY(SELECT r.code FROM commitment_recommendations cr JOIN recommendations r ON r.id = cr.recommendation_id
        WHERE cr.commitment_id = c.id ORDER BY r.code) AS recommendation_codes`;

export interface SummaryRow {
  id: string;
  title_en: string | null;
  title_fr: string | null;
  themes: string[];
  regions: string[];
  due_date: string | null;
  current_status: ProgressStatus;
  verified_status: ProgressStatus | null;
  assessed_status: ProgressStatus | null;
  contested: boolean;
  overdue: boolean;
  last_report_at: Date | null;
  updated_at: Date;
  owner_id: string;
  owner_name_en: string | null;
  owner_name_fr: string | null;
  owner_acronym: string | null;
  owner_group: OrganizationRef['group'];
  recommendation_codes: string[];
}

export function ownerOf(row: SummaryRow): OrganizationRef {
  return {
    id: row.owner_id,
    name: bilingual(row.owner_name_en, row.owner_name_fr),
    acronym: row.owner_acronym,
    group: row.owner_group,
  };
}

export function toSummary(row: SummaryRow): CommitmentSummary {
  return {
    id: row.id,
    title: bilingual(row.title_en, row.title_fr),
    owner: ownerOf(row),
    themes: row.themes as CommitmentSummary['themes'],
    regions: row.regions as CommitmentSummary['regions'],
    dueDate: isoDate(row.due_date),
    currentStatus: row.current_status,
    verifiedStatus: row.verified_status,
    assessedStatus: row.assessed_status,
    overdue: Boolean(row.overdue),
    contested: Boolean(row.contested),
    recommendationCodes: row.recommendation_codes ?? [],
    lastReportAt: row.last_report_at ? row.last_report_at.toISOString() : null,
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toBrief(row: SummaryRow): CommitmentBrief {
  return {
    id: row.id,
    title: bilingual(row.title_en, row.title_fr),
    owner: ownerOf(row),
    dueDate: isoDate(row.due_date),
    currentStatus: row.current_status,
    assessedStatus: row.assessed_status,
  };
}
