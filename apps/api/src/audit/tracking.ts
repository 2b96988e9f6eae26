/**
 * The two tracks' derived state, in SQL and in one place (DESIGN.md, Vocabularies; issue 19):
 * a commitment's current, verified and assessed status, `contested`, and each assessment's
 * divergence. Every reader of the API reads the columns these expressions fill or select; none
 * derives them again, and the web app shows the API's fields.
 *
 * - One order of reports: (created_at, id). Reports filed in one transaction (an import) share
 *   their created_at; the id decides between them, as it does everywhere.
 * - The self-report standing at a moment is the latest filed at or before it, and `not_started`
 *   before any. Filed in the same instant, a self-report stands beside an assessment: so when no
 *   self-report came after the latest assessment, the commitment is contested exactly when that
 *   assessment shows a divergence.
 * - A commitment's current status is the self-report standing now; `contested` (the schema's
 *   generated column: assessed_status IS NOT NULL AND assessed_status <> current_status) is the
 *   latest assessment differing from it; an assessment diverges when its status differs from the
 *   self-report standing when it was filed.
 *
 * Kept below the features: the report service writes these columns, and a verification of the
 * record (audit/records.ts) re-derives them with the same expressions.
 */
import type { ReportKind } from '@suivi/contracts';

/** Before any self-report. */
export const NO_SELF_REPORT = `'not_started'`;

/**
 * The latest report of `kind` on the commitment whose id is the SQL expression `commitment`:
 * filed at or before the SQL expression `atOrBefore` when given, verified only when asked. A
 * query of one row (`columns` of the report, aliased `alias`), for a subquery or a LATERAL join.
 */
export function latestReport(
  kind: ReportKind,
  commitment: string,
  options: { atOrBefore?: string; verified?: boolean; columns?: string[]; alias?: string } = {},
): string {
  const { atOrBefore, verified = false, columns = ['id', 'status'], alias = 'p' } = options;
  return `SELECT ${columns.map((c) => `${alias}.${c}`).join(', ')} FROM progress_reports ${alias}${
    verified ? ` JOIN report_verifications v ON v.report_id = ${alias}.id` : ''
  }
       WHERE ${alias}.commitment_id = ${commitment} AND ${alias}.kind = '${kind}'${atOrBefore ? ` AND ${alias}.created_at <= ${atOrBefore}` : ''}
       ORDER BY ${alias}.created_at DESC, ${alias}.id DESC LIMIT 1`;
}

/**
 * For the report aliased `report`: the self-report standing when it was filed, as a LATERAL join
 * aliased `standing` that has a row only for an assessment filed at or after some self-report, and
 * whether the report diverges (an assessment whose status differs from that self-report's, or from
 * `not_started` before any).
 */
export function divergence(
  report: string,
  standing: string,
): { join: string; diverges: string; standingId: string; standingStatus: string } {
  const standingStatus = `coalesce(${standing}.status, ${NO_SELF_REPORT})`;
  return {
    join: `LEFT JOIN LATERAL (${latestReport('self_report', `${report}.commitment_id`, {
      atOrBefore: `${report}.created_at`,
      alias: `${standing}_r`,
    })}) ${standing} ON ${report}.kind = 'independent_assessment'`,
    standingId: `${standing}.id`,
    standingStatus,
    diverges: `(${report}.kind = 'independent_assessment' AND ${report}.status <> ${standingStatus})`,
  };
}
