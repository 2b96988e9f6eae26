import type { EntityManager } from 'typeorm';

import { COMMITMENT_DERIVED } from '../audit/records';

/**
 * Recomputes a commitment's derived state from its reports (DESIGN.md); `contested` follows in
 * the database as a generated column. Only the report service calls this, inside the transaction
 * that added the report or verification. A full verification of the record re-derives the same
 * columns with the same expressions.
 */
export async function refreshCommitmentState(tx: EntityManager, commitmentId: string): Promise<void> {
  await tx.query(
    `UPDATE commitments c SET
       ${Object.entries(COMMITMENT_DERIVED)
         .map(([column, expression]) => `${column} = ${expression}`)
         .join(',\n       ')},
       updated_at = now()
     WHERE c.id = $1`,
    [commitmentId],
  );
}
