import { can, type Indicator, type ProgressStatus, type ReportKind, type ReportView, type Viewer } from '@suivi/contracts';

import { divergence } from '../audit/tracking';
import { bilingual } from '../common/bilingual';

// An assessment's divergence, derived in SQL with the rule of audit/tracking.ts (never again here).
const DIVERGENCE = divergence('p', 'standing');

/**
 * The commitment's indicators as they were when report `p` was written. An edit of the commitment
 * records the whole row it replaced (`before`) in the audit chain, and edits and reports on one
 * commitment are serialised on its row, so the chain's order is theirs: the first edit after the
 * report's own event holds the definitions the report was written against; with no edit since,
 * the commitment's own. Wrapped in an object so that an edit whose data was purged gives null
 * (not known), never today's definitions.
 */
const INDICATORS_AT_WRITING = `coalesce(
    (SELECT jsonb_build_object('d', e.data::jsonb #> '{before,indicators}') FROM audit_events e
      WHERE e.subject = 'commitment:' || p.commitment_id AND e.action = 'commitment.updated'
        AND e.seq > (SELECT min(w.seq) FROM audit_events w WHERE w.entity_type = 'report' AND w.entity_id = p.id::text)
      ORDER BY e.seq LIMIT 1),
    (SELECT jsonb_build_object('d', ic.indicators) FROM commitments ic WHERE ic.id = p.commitment_id)) -> 'd'`;

/** Each value the report gives, with its indicator's name and unit at writing (read only for a report that gives some). */
const INDICATOR_VALUES = `CASE WHEN p.indicator_values IS NULL THEN NULL ELSE (
    SELECT json_agg(json_build_object('index', k.key::int, 'value', k.value, 'definition', d.at_writing -> (k.key::int)) ORDER BY k.key::int)
      FROM jsonb_each(p.indicator_values) k CROSS JOIN (SELECT ${INDICATORS_AT_WRITING} AS at_writing) d) END`;

export const REPORT_COLUMNS = `
  p.id, p.commitment_id, p.kind, p.status, p.percent, p.narrative_en, p.narrative_fr, p.evidence_links,
  p.author_id, coalesce(u.display_name, p.author_name) AS author_name, p.organization_id, p.corrects_id,
  p.illustrative, p.created_at,
  o.name_en AS org_name_en, o.name_fr AS org_name_fr, o.acronym AS org_acronym, o.stakeholder_group AS org_group,
  (SELECT t.narrative FROM report_translations t WHERE t.report_id = p.id AND t.locale = 'en') AS added_en,
  (SELECT t.narrative FROM report_translations t WHERE t.report_id = p.id AND t.locale = 'fr') AS added_fr,
  v.created_at AS verified_at, v.note AS verification_note, vo.id AS verifier_org_id,
  vo.name_en AS verifier_name_en, vo.name_fr AS verifier_name_fr, vo.acronym AS verifier_acronym,
  vo.stakeholder_group AS verifier_group,
  coalesce((SELECT json_agg(json_build_object('id', f.id, 'name', f.name, 'mediaType', f.media_type, 'size', f.size, 'sha256', f.sha256)
                   ORDER BY f.created_at, f.id) FROM evidence_files f WHERE f.report_id = p.id), '[]') AS files,
  ${INDICATOR_VALUES} AS indicator_values,
  ${DIVERGENCE.diverges} AS diverges, ${DIVERGENCE.standingId} AS standing_id, ${DIVERGENCE.standingStatus} AS standing_status`;

export const REPORT_FROM = `
  progress_reports p
  JOIN organizations o ON o.id = p.organization_id
  LEFT JOIN users u ON u.id = p.author_id
  LEFT JOIN report_verifications v ON v.report_id = p.id
  LEFT JOIN organizations vo ON vo.id = v.organization_id
  ${DIVERGENCE.join}`;

export interface ReportRow {
  id: string;
  commitment_id: string;
  kind: ReportKind;
  status: ProgressStatus;
  percent: number | null;
  narrative_en: string | null;
  narrative_fr: string | null;
  evidence_links: string[];
  author_id: string | null;
  author_name: string | null;
  organization_id: string;
  corrects_id: string | null;
  illustrative: boolean;
  created_at: Date;
  org_name_en: string | null;
  org_name_fr: string | null;
  org_acronym: string | null;
  org_group: ReportView['organization']['group'];
  added_en: string | null;
  added_fr: string | null;
  verified_at: Date | null;
  verification_note: string | null;
  verifier_org_id: string | null;
  verifier_name_en: string | null;
  verifier_name_fr: string | null;
  verifier_acronym: string | null;
  verifier_group: ReportView['organization']['group'] | null;
  files: NonNullable<ReportView['files']>;
  indicator_values: Array<{ index: number; value: number; definition: Partial<Indicator> | null }> | null;
  diverges: boolean;
  standing_id: string | null;
  standing_status: ProgressStatus;
}

/**
 * The public sees a report's organisation; the person who wrote it only the secretariat and the
 * author's own organisation see.
 */
export function maySeeAuthor(viewer: Viewer | null, organizationId: string): boolean {
  if (can.administer(viewer)) {
    return true;
  }
  return viewer !== null && viewer.status === 'active' && viewer.organizationId === organizationId;
}

export function toReportView(row: ReportRow, viewer: Viewer | null): ReportView {
  const showAuthor = maySeeAuthor(viewer, row.organization_id) && row.author_name !== null;
  return {
    id: row.id,
    commitmentId: row.commitment_id,
    kind: row.kind,
    status: row.status,
    percent: row.percent,
    // A translation added later fills the missing language; it never replaces what was written.
    narrative: bilingual(row.narrative_en ?? row.added_en, row.narrative_fr ?? row.added_fr),
    evidenceLinks: row.evidence_links ?? [],
    organization: {
      id: row.organization_id,
      name: bilingual(row.org_name_en, row.org_name_fr),
      acronym: row.org_acronym,
      group: row.org_group,
    },
    author: showAuthor ? { id: row.author_id ?? '', name: row.author_name ?? '' } : null,
    createdAt: row.created_at.toISOString(),
    verification:
      row.verified_at && row.verifier_org_id && row.verifier_group
        ? {
            verifiedAt: row.verified_at.toISOString(),
            verifiedBy: {
              id: row.verifier_org_id,
              name: bilingual(row.verifier_name_en, row.verifier_name_fr),
              acronym: row.verifier_acronym,
              group: row.verifier_group,
            },
            note: row.verification_note,
          }
        : null,
    correctsId: row.corrects_id,
    illustrative: row.illustrative,
    files: row.files ?? [],
    indicators: (row.indicator_values ?? []).map(({ index, value, definition }) => ({
      index,
      value,
      name: definition?.name ? bilingual(definition.name.en, definition.name.fr) : null,
      unit: definition ? definition.unit || null : null,
    })),
    divergence: row.diverges
      ? {
          assessmentId: row.id,
          selfReportId: row.standing_id,
          selfReportedStatus: row.standing_status,
          assessedStatus: row.status,
          at: row.created_at.toISOString(),
        }
      : null,
  };
}
