import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { requestRows } from '../audit/round-states';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { DomainEvents } from '../events/domain-events';
import { organizationRecipients } from '../organizations/focal-points.service';
import { cadenceSql } from './categories';
import { addDaysTo, isoWeekday, occasionDaysWithin24h } from './zoned-time';

/** Reminders and digests go out at this hour in TIME_ZONE. */
export const MAIL_HOUR = 8;
const DAY_MS = 24 * 3600 * 1000;
/** A held row no digest carried (its digest's day passed unsent): dropped after this long. */
const HELD_FOR_AT_MOST_MS = 8 * DAY_MS;

/**
 * Reminders are computed, not scheduled (DESIGN.md). Every ROUND_TICK_EVERY seconds on every
 * instance, and at once when a round opens or its dates change, the sweep asks: for the clock's
 * time now, which occasions `(kind, subject, occasion day, recipient)` are due — a round's
 * reminders REMINDER_DAYS before its due date and the day after it, and each person's daily or
 * weekly digest — and inserts them as outbox rows under their unique key, ON CONFLICT DO NOTHING.
 * Two instances sweeping at once record each occasion once; an instance down for a while finds
 * the occasions of the last 24 hours still due, and none older (a first start on the 2014 demo
 * mails nothing about 2015).
 */
@Injectable()
export class MailSweep implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MailSweep.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private again = false;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.after('round.opened', () => void this.sweep());
    this.events.after('round.updated', () => void this.sweep());
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.roundTickEvery * 1000);
    this.timer.unref();
    void this.sweep();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.running?.catch(() => undefined);
  }

  /** Records the occasions due now; answers how many were new. One at a time per instance; a call during one runs once more after it. */
  sweep(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run()
      .then(async (n) => {
        while (this.again && !this.stopping) {
          this.again = false;
          n += await this.run();
        }
        return n;
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  private async run(): Promise<number> {
    if (this.stopping) {
      return 0;
    }
    try {
      const now = await this.clock.now();
      const created = await this.db.transaction(async (tx) => {
        const today = await this.clock.today(tx);
        let n = 0;
        for (const { day, at } of occasionDaysWithin24h(now, MAIL_HOUR, this.config.timeZone)) {
          for (const days of this.config.reminderDays) {
            n += await this.reminders(tx, today, { day, at, dueOn: addDaysTo(day, days), when: 'before', days });
          }
          n += await this.reminders(tx, today, { day, at, dueOn: addDaysTo(day, -1), when: 'after', days: 1 });
          n += await this.digests(tx, day, at, 'daily');
          if (isoWeekday(day) === 1) {
            n += await this.digests(tx, day, at, 'weekly');
          }
        }
        // What can no longer go: nothing older than 24 hours is sent.
        await tx.query(
          `UPDATE mail_outbox SET state = 'expired', outcome = 'older than 24 hours', claimed_until = NULL
            WHERE state = 'pending' AND ((digest IS NULL AND due_at < $1) OR (digest IS NOT NULL AND due_at < $2))`,
          [new Date(now.getTime() - DAY_MS), new Date(now.getTime() - HELD_FOR_AT_MOST_MS)],
        );
        if (n) {
          await this.events.record(tx, { type: 'mail.queued' });
        }
        return n;
      });
      if (created) {
        this.logger.log({ occasions: created }, 'mail occasions recorded');
      }
      return created;
    } catch (error) {
      if (!this.stopping) {
        this.logger.error({ err: error }, 'the mail sweep failed; it runs again at the next interval');
      }
      return 0;
    }
  }

  /**
   * One reminder per recipient of each organisation with requests still `requested` in an open
   * round due on `dueOn`: its focal points, or every active member. The recipient's cadence for
   * reminders decides whether it goes at once, waits for the digest, or not at all.
   */
  private async reminders(
    tx: Pick<DataSource, 'query'>,
    today: string,
    o: { day: string; at: Date; dueOn: string; when: 'before' | 'after'; days: number },
  ): Promise<number> {
    const rows = (await tx.query(
      `INSERT INTO mail_outbox (occasion_key, kind, category, user_id, payload, due_at, digest)
       SELECT concat_ws(':', 'reminder', g.round_id, g.organization_id, $2::text, $3::text, u.id), 'round_reminder', 'reminders', u.id,
              jsonb_build_object('roundId', g.round_id, 'organizationId', g.organization_id, 'when', $3::text, 'days', $4::int, 'dueOn', $1::text),
              $5, nullif(p.cadence, 'immediate')
         FROM (SELECT DISTINCT r.round_id, r.organization_id
                 FROM (${requestRows(today, `rr.state = 'open' AND q.track = 'self_report' AND rr.due_on = $1::date`)}) r
                WHERE r.state = 'requested') g
         JOIN users u ON u.id IN (${organizationRecipients('g.organization_id')})
        CROSS JOIN LATERAL (SELECT ${cadenceSql('u.id', `'reminders'`)} AS cadence) p
        WHERE p.cadence <> 'off'
       ON CONFLICT (occasion_key) DO NOTHING
       RETURNING id`,
      [o.dueOn, o.day, o.when, o.days, o.at],
    )) as unknown[];
    return rows.length;
  }

  /** One digest per person with something held for that cadence since before the digest's hour. */
  private async digests(tx: Pick<DataSource, 'query'>, day: string, at: Date, cadence: 'daily' | 'weekly'): Promise<number> {
    const rows = (await tx.query(
      `INSERT INTO mail_outbox (occasion_key, kind, category, user_id, payload, due_at)
       SELECT concat_ws(':', 'digest', $1::text, $2::text, h.user_id), 'digest', 'activity', h.user_id, jsonb_build_object('cadence', $1::text), $3
         FROM (SELECT DISTINCT user_id FROM mail_outbox WHERE state = 'pending' AND digest = $1 AND due_at <= $3) h
       ON CONFLICT (occasion_key) DO NOTHING
       RETURNING id`,
      [cadence, day, at],
    )) as unknown[];
    return rows.length;
  }
}
