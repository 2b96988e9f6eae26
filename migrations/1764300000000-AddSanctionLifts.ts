import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who lifted a sanction and why (`lifted_at` came with the first schema), and the order the
 * secretariat's sanctions list reads them in. A lift always has its reason.
 */
export class AddSanctionLifts1764300000000 implements MigrationInterface {
  name = 'AddSanctionLifts1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sanctions ADD COLUMN lifted_by uuid REFERENCES users(id);
      ALTER TABLE sanctions ADD COLUMN lift_reason text;
      ALTER TABLE sanctions ADD CONSTRAINT sanctions_lift_reason_check CHECK (lifted_at IS NULL OR lift_reason IS NOT NULL);
      CREATE INDEX sanctions_newest_idx ON sanctions (created_at DESC, id DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS sanctions_newest_idx;
      ALTER TABLE sanctions DROP CONSTRAINT IF EXISTS sanctions_lift_reason_check;
      ALTER TABLE sanctions DROP COLUMN lift_reason, DROP COLUMN lifted_by;
    `);
  }
}
