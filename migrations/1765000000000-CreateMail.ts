import type { MigrationInterface, QueryRunner } from 'typeorm';

const APP_ROLE = 'suivi_api';

/**
 * Mail (issue 21, DESIGN.md "The follow-up routine"): each person's cadence per category, and the
 * outbox every mail goes through.
 *
 * An outbox row is one mail to one person for one occasion. `occasion_key` is unique: the sweep
 * that computes reminders and digests on every instance inserts with ON CONFLICT DO NOTHING, so an
 * occasion is recorded once however many instances compute it; a notice's row is written in the
 * transaction of the write that made the notice. `message_id` is derived from the occasion, so a
 * second copy sent after a crash carries the same Message-ID.
 *
 * A row `held` for a digest (`digest` = daily or weekly) is not sent on its own: the digest row of
 * its person gathers it when the digest's hour comes. Outbox rows are delivery state, not part of
 * the record: the chain binds none of them, and the worker updates them freely.
 */
export class CreateMail1765000000000 implements MigrationInterface {
  name = 'CreateMail1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE email_preferences (
        user_id uuid NOT NULL REFERENCES users(id),
        category text NOT NULL CHECK (category IN ('activity', 'asks', 'reminders', 'account')),
        cadence text NOT NULL CHECK (cadence IN ('immediate', 'daily', 'weekly', 'off')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, category)
      );

      CREATE TABLE mail_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        occasion_key text NOT NULL UNIQUE,
        kind text NOT NULL,
        category text NOT NULL CHECK (category IN ('activity', 'asks', 'reminders', 'account')),
        user_id uuid NOT NULL REFERENCES users(id),
        -- A notice's mail: the notification it tells of (no foreign key: a reset deletes notices,
        -- and the re-check at sending then finds nothing to send).
        notification_id uuid,
        payload jsonb NOT NULL DEFAULT '{}',
        -- Set at the first attempt, from the occasion: a second copy after a crash carries the same one.
        message_id text,
        -- When it may go (the clock's time); nothing is sent more than 24 hours after it.
        due_at timestamptz NOT NULL,
        digest text CHECK (digest IN ('daily', 'weekly')),
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'skipped', 'expired', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        claimed_until timestamptz,
        next_attempt_at timestamptz,
        last_attempt_at timestamptz,
        last_error text,
        -- Why a row was not sent (skipped, expired), or the digest that carried it.
        outcome text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- The worker's question: which mails are due and not claimed.
      CREATE INDEX mail_outbox_due_idx ON mail_outbox (due_at) WHERE state = 'pending' AND digest IS NULL;
      -- A digest's question: what is held for this person.
      CREATE INDEX mail_outbox_held_idx ON mail_outbox (user_id, digest, created_at) WHERE state = 'pending' AND digest IS NOT NULL;
      -- The secretariat's page of delivery failures.
      CREATE INDEX mail_outbox_failures_idx ON mail_outbox (last_attempt_at DESC) WHERE last_error IS NOT NULL AND state IN ('pending', 'failed');
    `);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON email_preferences, mail_outbox TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS mail_outbox, email_preferences`);
  }
}
