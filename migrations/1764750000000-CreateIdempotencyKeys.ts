import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Answered idempotency keys (DESIGN.md, "Idempotent creation"). A row is inserted in the write's
 * own transaction, under the primary key, so a second copy of the request (on this instance or
 * another) waits for the first to commit and then finds it. It keeps what the answer was about,
 * never the answer: a replay reads the resource again for the same person.
 */
export class CreateIdempotencyKeys1764750000000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1764750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        method text NOT NULL,
        path text NOT NULL,
        key text NOT NULL,
        -- The account's pseudonym epoch when the key was answered: a reset ends its keys.
        epoch integer NOT NULL,
        body_sha256 text NOT NULL,
        status smallint NOT NULL,
        resource_type text NOT NULL,
        resource_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, method, path, key)
      );
      CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
    `);
    // The application role of production (1764700000000-GrantApplicationRole): it adds keys,
    // reads them, and deletes the expired ones and those of an account whose epoch advanced.
    await q.query(`GRANT SELECT, INSERT, DELETE ON idempotency_keys TO suivi_api`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
