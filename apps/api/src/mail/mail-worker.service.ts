import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { Clock } from '../clock/clock';
import { withoutQueryParameters } from '../common/http-exception.filter';
import { changedRows } from '../database/sql';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { DomainEvents } from '../events/domain-events';
import { renderMail } from './mail-content';
import { MailComposer, type OutboxRow, type Recipient } from './mail-composer';
import { MailTransport, PermanentMailError, mailError } from './mail-transport';
import { unsubscribeToken } from './unsubscribe-token';

const BATCH = 10;
/** After this many failed attempts a mail is given up (about three hours of back-off, within the 24 hours a mail may wait). */
const MAX_ATTEMPTS = 10;
const DAY_MS = 24 * 3600 * 1000;

/** The wait before the next attempt: 30 s, 1 min, 2 min… at most an hour. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
}

/** Derived from the occasion (which names the recipient): the same for every copy of one mail. */
export function messageIdFor(occasionKey: string, publicUrl: string): string {
  return `<${createHash('sha256').update(occasionKey).digest('hex').slice(0, 40)}@${new URL(publicUrl).hostname}>`;
}

/**
 * Delivers the outbox on every instance (DESIGN.md): claims due rows with FOR UPDATE SKIP LOCKED
 * and a lease, re-checks each at sending (MailComposer), sends it, then marks it sent. Delivery is
 * at least once: an instance killed between sending and marking leaves its claim to lapse, and
 * another sends the mail again with the same Message-ID. A refusal is retried with back-off; a
 * permanent one, or the tenth, is a failure the secretariat sees. Nothing is sent more than 24
 * hours after its occasion.
 */
@Injectable()
export class MailWorker implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MailWorker.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private again = false;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly transport: MailTransport,
  ) {}

  onModuleInit(): void {
    // This instance's own writes: at once, after their commit.
    this.events.after('mail.queued', () => void this.drain());
  }

  onApplicationBootstrap(): void {
    // Other instances' writes, retries and lapsed claims: at the next look.
    this.timer = setInterval(() => void this.drain(), this.config.mailPollEvery * 1000);
    this.timer.unref();
    void this.drain();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.running?.catch(() => undefined);
  }

  /** Sends what is due until nothing is; answers how many were sent. A call during a drain makes it look once more. */
  drain(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run().finally(() => (this.running = null));
    return this.running;
  }

  private async run(): Promise<number> {
    let sent = 0;
    try {
      do {
        this.again = false;
        for (;;) {
          if (this.stopping) {
            return sent;
          }
          const rows = await this.claim();
          if (!rows.length) {
            break;
          }
          for (const row of rows) {
            if (this.stopping) {
              return sent;
            }
            try {
              sent += (await this.deliver(row)) ? 1 : 0;
            } catch (error) {
              // A row that cannot even be built (a query failed) is put back with back-off like a
              // refusal, rather than left claimed: the others in the batch still go.
              this.logger.error({ err: withoutQueryParameters(error), outboxId: row.id }, 'a mail could not be prepared');
              await this.failed(
                row,
                new Error(`not prepared: ${(withoutQueryParameters(error) as { message?: string }).message ?? 'error'}`),
              );
            }
          }
        }
      } while (this.again);
    } catch (error) {
      if (!this.stopping) {
        this.logger.error({ err: withoutQueryParameters(error) }, 'the mail worker failed; it looks again at the next interval');
      }
    }
    return sent;
  }

  private async claim(): Promise<OutboxRow[]> {
    const now = await this.clock.now();
    return changedRows<OutboxRow>(
      this.db.manager,
      `UPDATE mail_outbox SET claimed_until = now() + make_interval(secs => $3), attempts = attempts + 1, last_attempt_at = now()
        WHERE id IN (SELECT id FROM mail_outbox
                      WHERE state = 'pending' AND digest IS NULL AND due_at <= $1
                        AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                        AND (claimed_until IS NULL OR claimed_until < now())
                      ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      [now, BATCH, this.config.mailLeaseSeconds],
    );
  }

  /** One row: re-checked, sent and marked, or skipped, expired, or put back for later. */
  private async deliver(row: OutboxRow): Promise<boolean> {
    const now = await this.clock.now();
    if (now.getTime() - new Date(row.due_at).getTime() > DAY_MS) {
      await this.finish(row.id, 'expired', 'older than 24 hours');
      return false;
    }
    const [to] = (await this.db.query(
      `SELECT u.id, u.email, u.display_name, u.locale, u.status, u.role, u.organization_id, o.stakeholder_group
         FROM users u LEFT JOIN organizations o ON o.id = u.organization_id WHERE u.id = $1`,
      [row.user_id],
    )) as Recipient[];
    // A person who chose `off` since the row was queued hears nothing more of that category (a reset link excepted: it was asked for).
    const [{ cadence }] = (await this.db.query(
      `SELECT coalesce((SELECT cadence FROM email_preferences WHERE user_id = $1 AND category = $2), 'default') AS cadence`,
      [row.user_id, row.category],
    )) as Array<{ cadence: string }>;
    if (!to || (cadence === 'off' && row.kind !== 'reset_link')) {
      await this.finish(row.id, 'skipped', to ? 'category off' : 'no recipient');
      return false;
    }
    const composed = await new MailComposer(this.db, now.toISOString().slice(0, 10)).compose(row, to);
    if ('skip' in composed) {
      await this.finish(row.id, 'skipped', composed.skip);
      return false;
    }
    const messageId = row.message_id ?? messageIdFor(row.occasion_key, this.config.publicUrl);
    const token = row.kind === 'reset_link' ? null : unsubscribeToken(this.config.unsubscribeKey, to.id, row.category);
    const query = token ? `?token=${encodeURIComponent(token)}` : '';
    const rendered = renderMail(composed.mail, {
      locale: to.locale,
      name: to.display_name,
      publicUrl: this.config.publicUrl,
      category: row.category,
      unsubscribePage: token ? `${this.config.publicUrl}/email/unsubscribe${query}` : null,
    });
    await this.db.query('UPDATE mail_outbox SET message_id = $2 WHERE id = $1 AND message_id IS NULL', [row.id, messageId]);
    try {
      await this.transport.send({
        to: { name: to.display_name, address: to.email },
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId,
        locale: to.locale,
        unsubscribe: token
          ? { post: `${this.config.publicUrl}/api/email/unsubscribe${query}`, page: `${this.config.publicUrl}/email/unsubscribe${query}` }
          : null,
      });
    } catch (error) {
      await this.failed(row, error);
      return false;
    }
    if (this.config.mailTestDelayMs) {
      // Tests only: between the server's acceptance and the row's mark, where a crash makes a second copy.
      await sleep(this.config.mailTestDelayMs);
    }
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE mail_outbox SET state = 'sent', sent_at = now(), claimed_until = NULL, last_error = NULL,
                payload = CASE WHEN kind = 'reset_link' THEN '{}'::jsonb ELSE payload END
          WHERE id = $1`,
        [row.id],
      );
      if (composed.carried?.length) {
        await tx.query(
          `UPDATE mail_outbox SET state = 'sent', sent_at = now(), outcome = $2 WHERE id = ANY($1::uuid[]) AND state = 'pending'`,
          [composed.carried, `in digest ${row.id}`],
        );
      }
    });
    return true;
  }

  private async failed(row: OutboxRow, error: unknown): Promise<void> {
    const permanent = error instanceof PermanentMailError || row.attempts >= MAX_ATTEMPTS;
    const message = error instanceof Error ? error.message : mailError(error);
    this.logger.warn({ outboxId: row.id, attempts: row.attempts, permanent }, `a mail could not be delivered: ${message}`);
    await this.db.query(
      `UPDATE mail_outbox SET last_error = $2, claimed_until = NULL,
              state = CASE WHEN $3 THEN 'failed' ELSE state END,
              next_attempt_at = CASE WHEN $3 THEN NULL ELSE now() + make_interval(secs => $4) END
        WHERE id = $1`,
      [row.id, message, permanent, backoffSeconds(row.attempts)],
    );
  }

  private async finish(id: string, state: 'skipped' | 'expired', outcome: string): Promise<void> {
    await this.db.query(`UPDATE mail_outbox SET state = $2, outcome = $3, claimed_until = NULL WHERE id = $1`, [id, state, outcome]);
  }
}
