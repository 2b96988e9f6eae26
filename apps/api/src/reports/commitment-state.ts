import type { EntityManager } from 'typeorm';

/**
 * Recomputes a commitment's derived state from its reports (DESIGN.md): current status = latest
 * self-report's, verified status = latest verified self-report's, assessed status = latest
 * independent assessment's; `contested` follows in the database as a generated column. Only the
 * report service calls this, inside the transaction that added the report or verification.
 */
export async function refreshCommitmentState(tx: EntityManager, commitmentId: string): Promise<void> {
  await tx.query(
    `UPDATE commitments c SET
       current_status = coalesce((
         SELECT p.status FROM progress_reports p
          WHERE p.commitment_id = c.id AND p.kind = 'self_report'
          ORDER BY p.created_at DESC, p.id DESC LIMIT 1), 'not_started'),
       verified_status = (
         SELECT p.status FROM progress_reports p JOIN report_verifications v ON v.report_id = p.id
          WHERE p.commitment_id = c.id AND p.kind = 'self_report'
          ORDER BY p.created_at DESC, p.id DESC LIMIT 1),
       assessed_status = (
         SELECT p.status FROM progress_reports p
          WHERE p.commitment_id = c.id AND p.kind = 'independent_assessment'
          ORDER BY p.created_at DESC, p.id DESC LIMIT 1),
       last_report_at = (SELECT max(p.created_at) FROM progress_reports p WHERE p.commitment_id = c.id),
       updated_at = now()
     WHERE c.id = $1`,
    [commitmentId],
  );
}
