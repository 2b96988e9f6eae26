import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The results of full verifications of the audit chain (every event re-hashed from the first),
 * kept in the database so that every instance, and a restart, answer the same: once one fails,
 * `GET /audit/verify` says so and checkpoints are refused until a later one passes. Rows are only
 * ever inserted; like the chain itself, the table refuses UPDATE and DELETE.
 */
export class CreateAuditVerifications1764500000000 implements MigrationInterface {
  name = 'CreateAuditVerifications1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_verifications (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        valid boolean NOT NULL,
        -- Events that verified, in order from the first; the head is the last of them.
        count bigint NOT NULL,
        head text,
        first_broken_seq bigint,
        CHECK (valid = (first_broken_seq IS NULL))
      );
      CREATE TRIGGER audit_verifications_append_only BEFORE UPDATE OR DELETE ON audit_verifications
        FOR EACH ROW EXECUTE FUNCTION suivi_refuse_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_verifications`);
  }
}
