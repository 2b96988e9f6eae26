import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PAGE_SIZE_DEFAULT, type EmailCategory, type MailFailurePage } from '@suivi/contracts';
import { DataSource } from 'typeorm';

/**
 * The secretariat's page of mails that could not be delivered (DESIGN.md): recipient, category,
 * time and the server's error — never a subject or a word of the mail, which may concern a
 * thread the secretariat reads anyway but is the recipient's own.
 */
@Injectable()
export class MailFailuresService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(page = 1, pageSize = PAGE_SIZE_DEFAULT): Promise<MailFailurePage> {
    const where = `o.last_error IS NOT NULL AND o.state IN ('pending', 'failed')`;
    const [{ n }] = (await this.db.query(`SELECT count(*)::int AS n FROM mail_outbox o WHERE ${where}`)) as Array<{ n: number }>;
    const rows = (await this.db.query(
      `SELECT o.id, o.user_id, u.display_name, u.email, o.category, o.state, o.attempts, o.last_attempt_at, o.next_attempt_at, o.last_error
         FROM mail_outbox o JOIN users u ON u.id = o.user_id
        WHERE ${where} ORDER BY o.last_attempt_at DESC, o.id LIMIT $1 OFFSET $2`,
      [pageSize, (page - 1) * pageSize],
    )) as Array<{
      id: string;
      user_id: string;
      display_name: string;
      email: string;
      category: EmailCategory;
      state: 'pending' | 'failed';
      attempts: number;
      last_attempt_at: Date;
      next_attempt_at: Date | null;
      last_error: string;
    }>;
    return {
      items: rows.map((r) => ({
        id: r.id,
        recipient: { id: r.user_id, displayName: r.display_name, email: r.email },
        category: r.category,
        state: r.state === 'failed' ? 'failed' : 'retrying',
        attempts: r.attempts,
        lastAttemptAt: r.last_attempt_at.toISOString(),
        nextAttemptAt: r.state === 'failed' ? null : (r.next_attempt_at?.toISOString() ?? null),
        error: r.last_error,
      })),
      total: n,
      page,
      pageSize,
    };
  }
}
