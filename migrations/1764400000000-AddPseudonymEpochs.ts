import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A pseudonymous message belongs to the pair (person, epoch), not to the account: a password set
 * without the current one (a reset through a link) advances the account's epoch, and nothing
 * written under a pseudonym before it follows the account any more (DESIGN.md, "Safe
 * participation"). Sanctions taken through such a message bind the pair they reached; a
 * notification that reached the account through one of its pseudonyms is marked, so the reset's
 * transaction can delete it. Every existing row is epoch 0, so existing pseudonyms are unchanged.
 */
export class AddPseudonymEpochs1764400000000 implements MigrationInterface {
  name = 'AddPseudonymEpochs1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users ADD COLUMN epoch integer NOT NULL DEFAULT 0 CHECK (epoch >= 0);
      ALTER TABLE messages ADD COLUMN author_epoch integer NOT NULL DEFAULT 0 CHECK (author_epoch >= 0);
      ALTER TABLE sanctions ADD COLUMN user_epoch integer NOT NULL DEFAULT 0 CHECK (user_epoch >= 0);
      ALTER TABLE notifications ADD COLUMN through_pseudonym boolean NOT NULL DEFAULT false;
      CREATE INDEX notifications_through_pseudonym_idx ON notifications (user_id) WHERE through_pseudonym;
    `);
    // Notifications written before this migration: a moderation notice about one of the person's
    // pseudonymous messages, a reply to one, or a mention of one of their pseudonyms.
    await q.query(`
      UPDATE notifications n SET through_pseudonym = true
       WHERE n.kind IN ('moderation', 'reply', 'mention')
         AND n.payload ? 'messageId'
         AND (
           (n.kind = 'moderation' AND EXISTS (
              SELECT 1 FROM messages m
               WHERE m.id::text = n.payload->>'messageId' AND m.pseudonymous AND m.author_id = n.user_id))
           OR (n.kind = 'reply' AND EXISTS (
              SELECT 1 FROM messages r JOIN messages target ON target.id = r.reply_to_id
               WHERE r.id::text = n.payload->>'messageId' AND target.pseudonymous AND target.author_id = n.user_id))
           OR (n.kind = 'mention' AND EXISTS (
              SELECT 1 FROM messages r CROSS JOIN LATERAL jsonb_array_elements(r.mentions) AS e(mention)
               WHERE r.id::text = n.payload->>'messageId' AND e.mention->>'kind' = 'pseudonym'
                 AND EXISTS (SELECT 1 FROM messages p
                              WHERE p.thread_id = r.thread_id AND p.pseudonymous AND p.pseudonym = e.mention->>'label'
                                AND p.author_id = n.user_id)))
         )
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS notifications_through_pseudonym_idx;
      ALTER TABLE notifications DROP COLUMN through_pseudonym;
      ALTER TABLE sanctions DROP COLUMN user_epoch;
      ALTER TABLE messages DROP COLUMN author_epoch;
      ALTER TABLE users DROP COLUMN epoch;
    `);
  }
}
