import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What threads and moderation need beyond the first schema: a message's stable place in its
 * thread (`number`, for paging, while `seq` moves with every change for replay), its mentions,
 * the reason shown in place of a hidden message, and a thread's counters.
 */
export class AddDiscussionColumns1764200000000 implements MigrationInterface {
  name = 'AddDiscussionColumns1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE messages ADD COLUMN number bigint;
      UPDATE messages SET number = seq;
      ALTER TABLE messages ALTER COLUMN number SET NOT NULL;
      CREATE UNIQUE INDEX messages_thread_number_key ON messages (thread_id, number);
      -- Mentions as readers see them: a member by id, a pseudonym by itself (never the person).
      ALTER TABLE messages ADD COLUMN mentions jsonb NOT NULL DEFAULT '[]';
      ALTER TABLE messages ADD COLUMN hidden_reason text;

      ALTER TABLE threads ADD COLUMN message_count integer NOT NULL DEFAULT 0;
      ALTER TABLE threads ADD COLUMN last_message_at timestamptz;
      UPDATE threads t SET message_count = coalesce((SELECT max(m.number) FROM messages m WHERE m.thread_id = t.id), 0),
                           last_message_at = (SELECT max(m.created_at) FROM messages m WHERE m.thread_id = t.id);
      CREATE INDEX threads_activity_idx ON threads (last_message_at DESC NULLS LAST, created_at DESC);

      -- One open flag per person and message: flagging twice is a conflict, not a second vote.
      CREATE UNIQUE INDEX flags_open_per_reporter_key ON flags (message_id, reporter_id) WHERE state = 'open';
      CREATE INDEX sanctions_live_idx ON sanctions (user_id) WHERE lifted_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS sanctions_live_idx;
      DROP INDEX IF EXISTS flags_open_per_reporter_key;
      DROP INDEX IF EXISTS threads_activity_idx;
      ALTER TABLE threads DROP COLUMN last_message_at, DROP COLUMN message_count;
      ALTER TABLE messages DROP COLUMN hidden_reason, DROP COLUMN mentions;
      DROP INDEX IF EXISTS messages_thread_number_key;
      ALTER TABLE messages DROP COLUMN number;
    `);
  }
}
