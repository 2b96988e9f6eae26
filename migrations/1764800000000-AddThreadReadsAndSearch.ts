import type { MigrationInterface, QueryRunner } from 'typeorm';

const APP_ROLE = 'suivi_api';

/**
 * The discussions list's unread counts and search (issue 22).
 *
 * `thread_reads`: per account and thread, the number of the latest message the person has seen
 * (messages are numbered 1…n in a thread, so unread = `threads.message_count` − this, one row
 * read per thread). It is what one person read, for them alone: not a record, not in the audit
 * chain (whose public length would count every reading), and deleted when a reset advances the
 * account's epoch, as notifications reached through a pseudonym are.
 *
 * Search: message bodies in both stemmers, as the commitments' `search` column is (a message has
 * no language of its own). An index on the expression, not a stored column, so the words are
 * nowhere else than in the body; only visible messages are in it, so a hidden, deleted or purged
 * message is never found, whoever searches. `fastupdate = off`: a message is inserted under its
 * thread's lock, where flushing a full pending list (4 MB of entries, every few thousand
 * messages under steady posting) would stall every writer of the thread; direct insertion cost
 * the same per message (0.15–0.25 ms a message, 3,000 inserts, PostgreSQL 15, load average 3).
 */
export class AddThreadReadsAndSearch1764800000000 implements MigrationInterface {
  name = 'AddThreadReadsAndSearch1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE thread_reads (
        user_id uuid NOT NULL REFERENCES users(id),
        thread_id uuid NOT NULL REFERENCES threads(id),
        last_read_number bigint NOT NULL CHECK (last_read_number >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, thread_id)
      );
      CREATE INDEX messages_search_idx ON messages
        USING gin ((to_tsvector('english'::regconfig, body) || to_tsvector('french'::regconfig, body)))
        WITH (fastupdate = off)
        WHERE state = 'visible';
      CREATE INDEX threads_title_search_idx ON threads
        USING gin ((to_tsvector('english'::regconfig, coalesce(title_en, '')) || to_tsvector('french'::regconfig, coalesce(title_fr, ''))))
        WHERE title_en IS NOT NULL OR title_fr IS NOT NULL;
    `);
    // Read and moved forward by the API; deleted on a reset (see above).
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON thread_reads TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS threads_title_search_idx;
      DROP INDEX IF EXISTS messages_search_idx;
      DROP TABLE IF EXISTS thread_reads;
    `);
  }
}
