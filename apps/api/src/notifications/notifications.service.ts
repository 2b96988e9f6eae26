import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PAGE_SIZE_DEFAULT, type NotificationKind, type NotificationPage, type NotificationView, type SubjectType } from '@suivi/contracts';
import { DataSource, type EntityManager } from 'typeorm';

import { notFound } from '../common/domain-error';
import { DomainEvents } from '../events/domain-events';
import { LiveChannel, personRoom } from '../events/live-channel';

interface NotificationRow {
  id: string;
  user_id: string;
  kind: NotificationKind;
  subject_type: SubjectType | null;
  subject_id: string | null;
  payload: Record<string, unknown>;
  read_at: Date | null;
  created_at: Date;
}

const toView = (row: NotificationRow): NotificationView => ({
  id: row.id,
  kind: row.kind,
  subjectType: row.subject_type,
  subjectId: row.subject_id,
  payload: row.payload,
  read: row.read_at !== null,
  createdAt: row.created_at.toISOString(),
});

/**
 * Notifications are rows written in the transaction of the write they tell of (DESIGN.md,
 * "Durable effects"): they survive whatever happens after the commit. Each row is also a
 * `notification.created` event, pushed to its person's own sockets once the write commits.
 */
@Injectable()
export class NotificationsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: DomainEvents,
    private readonly live: LiveChannel,
  ) {}

  onModuleInit(): void {
    this.events.after('notification.created', (e) => this.live.publish(personRoom(e.userId), 'notification', e.notification));
  }

  /**
   * Notifies everyone who follows the commitment (the payload carries its bilingual title, so the
   * notification reads well without another request), one of its recommendations or its dialogue,
   * except `exceptUserId` (who did it). Runs inside the write's transaction; answers how many were told.
   */
  async notifyFollowersOfCommitment(
    tx: EntityManager,
    commitmentId: string,
    kind: NotificationKind,
    payload: Record<string, unknown>,
    exceptUserId: string | null,
  ): Promise<number> {
    const rows = (await tx.query(
      `INSERT INTO notifications (user_id, kind, subject_type, subject_id, payload)
       SELECT DISTINCT f.user_id, $2, 'commitment', $1::uuid,
              $3::jsonb || jsonb_build_object('title', (SELECT jsonb_strip_nulls(jsonb_build_object('en', c.title_en, 'fr', c.title_fr))
                                                          FROM commitments c WHERE c.id = $1))
         FROM follows f JOIN users u ON u.id = f.user_id AND u.status = 'active'
        WHERE ((f.subject_type = 'commitment' AND f.subject_id = $1)
           OR (f.subject_type = 'recommendation' AND f.subject_id IN (SELECT recommendation_id FROM commitment_recommendations WHERE commitment_id = $1))
           OR (f.subject_type = 'dialogue' AND f.subject_id = (SELECT dialogue_id FROM commitments WHERE id = $1)))
          AND ($4::uuid IS NULL OR f.user_id <> $4::uuid)
       RETURNING *`,
      [commitmentId, kind, JSON.stringify(payload), exceptUserId],
    )) as NotificationRow[];
    return this.recorded(tx, rows);
  }

  /**
   * Notifies these people (active accounts only) about something in a thread or on a subject.
   * The payload carries the subject's title; for a pseudonymous writer it carries the pseudonym,
   * never the person. Runs inside the write's transaction; answers how many were told.
   */
  async notifyUsers(
    tx: EntityManager,
    userIds: string[],
    kind: NotificationKind,
    subject: { subjectType: SubjectType | null; subjectId: string | null; title: unknown },
    payload: Record<string, unknown>,
    /** Reached the person through one of their pseudonyms: a reset of their account deletes it. */
    reach: { throughPseudonym: boolean } = { throughPseudonym: false },
  ): Promise<number> {
    if (!userIds.length) {
      return 0;
    }
    const rows = (await tx.query(
      `INSERT INTO notifications (user_id, kind, subject_type, subject_id, payload, through_pseudonym)
       SELECT u.id, $2, $3, $4, $5::jsonb, $6 FROM users u WHERE u.id = ANY($1::uuid[]) AND u.status = 'active'
       RETURNING *`,
      [
        [...new Set(userIds)],
        kind,
        subject.subjectType,
        subject.subjectId,
        JSON.stringify({ ...payload, title: subject.title }),
        reach.throughPseudonym,
      ],
    )) as NotificationRow[];
    return this.recorded(tx, rows);
  }

  private async recorded(tx: EntityManager, rows: NotificationRow[]): Promise<number> {
    for (const row of rows) {
      await this.events.record(tx, { type: 'notification.created', userId: row.user_id, notification: toView(row) });
    }
    // Once per batch: the mail outbox takes, in one statement, those its people want at once or in a digest.
    if (rows.length) {
      await this.events.record(tx, { type: 'notifications.created', ids: rows.map((r) => r.id) });
    }
    return rows.length;
  }

  async list(userId: string, options: { unread?: boolean; page?: number; pageSize?: number }): Promise<NotificationPage> {
    const page = options.page ?? 1;
    const pageSize = options.pageSize ?? PAGE_SIZE_DEFAULT;
    const [counts] = (await this.db.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread FROM notifications WHERE user_id = $1`,
      [userId],
    )) as Array<{ total: number; unread: number }>;
    const rows = (await this.db.query(
      `SELECT * FROM notifications WHERE user_id = $1 AND (NOT $2 OR read_at IS NULL)
        ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`,
      [userId, Boolean(options.unread), pageSize, (page - 1) * pageSize],
    )) as NotificationRow[];
    return { items: rows.map(toView), total: options.unread ? counts.unread : counts.total, unread: counts.unread, page, pageSize };
  }

  async markRead(userId: string, id: string): Promise<NotificationView> {
    const [rows] = (await this.db.query(
      `UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING *`,
      [id, userId],
    )) as [NotificationRow[], number];
    if (!rows?.length) {
      throw notFound('notification', id);
    }
    return toView(rows[0]);
  }

  async markAllRead(userId: string): Promise<{ unread: number }> {
    await this.db.query('UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL', [userId]);
    return { unread: 0 };
  }
}
