import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sessions (rotating refresh tokens in families), one-time password-reset links, token cut-off. */
export class CreateSessions1764100000000 implements MigrationInterface {
  name = 'CreateSessions1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- Every refresh token descends from one sign-in; reuse of a rotated token revokes them all.
        family_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id),
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        rotated_at timestamptz,
        revoked_at timestamptz,
        revoke_reason text
      );
      CREATE INDEX sessions_family_idx ON sessions (family_id);
      CREATE INDEX sessions_user_live_idx ON sessions (user_id) WHERE revoked_at IS NULL;

      CREATE TABLE password_resets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        token_hash text NOT NULL UNIQUE,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      );
      CREATE INDEX password_resets_user_idx ON password_resets (user_id);

      -- Access tokens issued before this instant are refused (password change, role change…).
      ALTER TABLE users ADD COLUMN tokens_valid_after timestamptz NOT NULL DEFAULT date_trunc('second', now());
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users DROP COLUMN tokens_valid_after;
      DROP TABLE password_resets;
      DROP TABLE sessions;
    `);
  }
}
