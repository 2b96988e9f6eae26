import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who approved an account. At a new deployment's starting point (no civil-society organisation
 * has an active member) a first civil-society member needs two different secretariat accounts,
 * one approving and the other confirming: the approver must be known to refuse the same account
 * twice. Approvals older than this column keep it null.
 */
export class AddApprovedBy1764430000000 implements MigrationInterface {
  name = 'AddApprovedBy1764430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN approved_by uuid REFERENCES users(id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN approved_by`);
  }
}
