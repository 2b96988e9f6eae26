import { randomUUID } from 'node:crypto';

import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { Clock } from '../clock/clock';
import { DomainEvents } from '../events/domain-events';
import { cadenceSql, noticeCategorySql } from './categories';

/**
 * Mails are outbox rows written in the transaction of the write they tell of (DESIGN.md,
 * "Durable effects"): a notice's mail with the notice, an account decision's with the decision, a
 * reset link's with the link. The person's cadence decides at once: `immediate` rows go now,
 * `daily`/`weekly` ones are held for the digest, `off` writes none. Nothing reached through a
 * pseudonym is ever queued: no mail concerns its recipient's own pseudonymous messages.
 */
@Injectable()
export class MailOutbox implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.within('notifications.created', (tx, e) => this.notices(tx, e.ids));
    this.events.within('account.decided', (tx, e) => this.accountDecision(tx, e.userId, e.decision));
  }

  private async notices(tx: EntityManager, ids: string[]): Promise<void> {
    if (!ids.length) {
      return;
    }
    const now = await this.clock.now(tx);
    const rows = (await tx.query(
      `INSERT INTO mail_outbox (occasion_key, kind, category, user_id, notification_id, due_at, digest)
       SELECT 'notice:' || n.id, 'notice', k.category, n.user_id, n.id, $2, nullif(p.cadence, 'immediate')
         FROM notifications n
        CROSS JOIN LATERAL (SELECT ${noticeCategorySql('n')} AS category) k
        CROSS JOIN LATERAL (SELECT ${cadenceSql('n.user_id', 'k.category')} AS cadence) p
        WHERE n.id = ANY($1::uuid[]) AND NOT n.through_pseudonym AND p.cadence <> 'off'
       ON CONFLICT (occasion_key) DO NOTHING
       RETURNING id`,
      [ids, now],
    )) as unknown[];
    if (rows.length) {
      await this.events.record(tx, { type: 'mail.queued' });
    }
  }

  private async accountDecision(tx: EntityManager, userId: string, decision: string): Promise<void> {
    const now = await this.clock.now(tx);
    // A suspended person still hears of their suspension: account mail is about the account, whatever its state.
    const rows = (await tx.query(
      `INSERT INTO mail_outbox (occasion_key, kind, category, user_id, payload, due_at, digest)
       SELECT $1, 'account_decision', 'account', u.id, jsonb_build_object('decision', $3::text), $4, nullif(p.cadence, 'immediate')
         FROM users u CROSS JOIN LATERAL (SELECT ${cadenceSql('u.id', `'account'`)} AS cadence) p
        WHERE u.id = $2 AND p.cadence <> 'off'
       RETURNING id`,
      [`account:${randomUUID()}`, userId, decision, now],
    )) as unknown[];
    if (rows.length) {
      await this.events.record(tx, { type: 'mail.queued' });
    }
  }

  /**
   * A reset link the secretariat chose to send by mail instead of handing it over. It goes whatever
   * the person's cadence (they asked the secretariat, or the secretariat acts for them), and its
   * token is wiped from the row once sent.
   */
  async resetLink(tx: EntityManager, userId: string, resetId: string, token: string): Promise<void> {
    await tx.query(
      `INSERT INTO mail_outbox (occasion_key, kind, category, user_id, payload, due_at)
       VALUES ($1, 'reset_link', 'account', $2, jsonb_build_object('resetId', $3::text, 'token', $4::text), $5)`,
      [`reset:${resetId}`, userId, resetId, token, await this.clock.now(tx)],
    );
    await this.events.record(tx, { type: 'mail.queued' });
  }
}
