import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  EMAIL_CADENCE_DEFAULTS,
  EMAIL_CATEGORIES,
  type EmailCadence,
  type EmailCategory,
  type EmailPreferences,
  type EmailPreferencesView,
  type UnsubscribePreview,
  type UnsubscribeResult,
} from '@suivi/contracts';
import { DataSource, type EntityManager } from 'typeorm';

import { AuditService, userActor } from '../audit/audit.service';
import { invalidField, notFound } from '../common/domain-error';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { readUnsubscribeToken } from './unsubscribe-token';

type Queryable = Pick<EntityManager, 'query'>;

/** `j***@example.org`: enough for a person to recognise their address, not enough to learn someone else's. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 1 ? '***' : `${email[0]}***${email.slice(at)}`;
}

/**
 * Each person's cadence per category (DESIGN.md, "Preferences"). Changes are the person's own
 * writes and go through the audit chain like a profile change; an unsubscribe link is the person
 * acting through a signed token (it can do exactly one thing: set one category to `off`).
 */
@Injectable()
export class EmailPreferencesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async get(userId: string, db: Queryable = this.db): Promise<EmailPreferencesView> {
    const [user] = (await db.query('SELECT email FROM users WHERE id = $1', [userId])) as Array<{ email: string }>;
    if (!user) {
      throw notFound('account', userId);
    }
    const rows = (await db.query('SELECT category, cadence FROM email_preferences WHERE user_id = $1', [userId])) as Array<{
      category: EmailCategory;
      cadence: EmailCadence;
    }>;
    const preferences: EmailPreferences = { ...EMAIL_CADENCE_DEFAULTS };
    for (const row of rows) {
      preferences[row.category] = row.cadence;
    }
    return { preferences, chosen: EMAIL_CATEGORIES.filter((c) => rows.some((r) => r.category === c)), email: user.email };
  }

  async update(userId: string, changes: Partial<EmailPreferences>): Promise<EmailPreferencesView> {
    if (!EMAIL_CATEGORIES.some((c) => changes[c] !== undefined)) {
      throw invalidField('preferences', 'required', `preferences: give a cadence for at least one of ${EMAIL_CATEGORIES.join(', ')}`);
    }
    return this.db.transaction(async (tx) => {
      const before = await this.get(userId, tx);
      const changed = await this.apply(tx, userId, changes, before.preferences);
      if (Object.keys(changed).length) {
        await this.audit.append(tx, {
          actor: userActor(userId),
          action: 'user.email_preferences_updated',
          entityType: 'user',
          entityId: userId,
          data: { changes: changed, via: 'account' },
        });
      }
      return this.get(userId, tx);
    });
  }

  /** What the link would change, to whoever holds it: a GET changes nothing (mail scanners follow links). */
  async preview(token: string): Promise<UnsubscribePreview> {
    const { userId, category } = this.readToken(token);
    const view = await this.get(userId).catch(() => {
      throw this.badToken();
    });
    return { category, cadence: view.preferences[category], maskedEmail: maskEmail(view.email) };
  }

  async unsubscribe(token: string): Promise<UnsubscribeResult> {
    const { userId, category } = this.readToken(token);
    return this.db.transaction(async (tx) => {
      const before = await this.get(userId, tx).catch(() => {
        throw this.badToken();
      });
      const changed = await this.apply(tx, userId, { [category]: 'off' }, before.preferences);
      if (Object.keys(changed).length) {
        await this.audit.append(tx, {
          actor: userActor(userId),
          action: 'user.email_preferences_updated',
          entityType: 'user',
          entityId: userId,
          data: { changes: changed, via: 'unsubscribe_link' },
        });
      }
      return { category, cadence: 'off', changed: Object.keys(changed).length > 0 };
    });
  }

  private async apply(
    tx: Queryable,
    userId: string,
    changes: Partial<EmailPreferences>,
    current: EmailPreferences,
  ): Promise<Partial<EmailPreferences>> {
    const changed: Partial<EmailPreferences> = {};
    for (const category of EMAIL_CATEGORIES) {
      const cadence = changes[category];
      if (cadence === undefined) {
        continue;
      }
      await tx.query(
        `INSERT INTO email_preferences (user_id, category, cadence) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, category) DO UPDATE SET cadence = excluded.cadence, updated_at = now()`,
        [userId, category, cadence],
      );
      if (cadence !== current[category]) {
        changed[category] = cadence;
      }
    }
    return changed;
  }

  private readToken(token: string) {
    const read = readUnsubscribeToken(this.config.unsubscribeKey, token);
    if (!read) {
      throw this.badToken();
    }
    return read;
  }

  private badToken() {
    return invalidField(
      'token',
      'link_invalid',
      'token: this unsubscribe link is not valid: open the one in your latest mail, or sign in and choose in your account',
    );
  }
}
