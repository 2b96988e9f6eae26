import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PAGE_SIZE_DEFAULT, type Bilingual, type Page, type SanctionEntry, type Viewer } from '@suivi/contracts';
import { DataSource, type EntityManager } from 'typeorm';

import { DomainError, notFound } from '../common/domain-error';
import { AuditService, userActor } from '../audit/audit.service';
import { DomainEvents } from '../events/domain-events';
import { NotificationsService } from '../notifications/notifications.service';
import { THREAD_COLUMNS, type ThreadRow } from '../threads/thread-rows';
import type { SanctionListQuery } from './moderation.dto';
import {
  isAccountSuspension,
  SANCTION_ACTIVE,
  SANCTION_BINDS,
  SANCTION_COLUMNS,
  SANCTION_FROM,
  toSanctionEntry,
  type SanctionRow,
} from './sanction-rows';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * The secretariat's list of sanctions and their lifting. A sanction reached through a
 * pseudonymous message is listed, audited and announced under the pseudonym: the person behind
 * it is read only to restrict them and to tell them, never to show them.
 */
@Injectable()
export class SanctionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly events: DomainEvents,
  ) {}

  /** Newest first; `active` keeps those in force, `ended` those expired or lifted. */
  async list(query: SanctionListQuery): Promise<Page<SanctionEntry>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? PAGE_SIZE_DEFAULT;
    const where = query.state === 'active' ? SANCTION_ACTIVE : query.state === 'ended' ? `NOT ${SANCTION_ACTIVE}` : 'TRUE';
    const [{ total }] = (await this.db.query(`SELECT count(*)::int AS total FROM sanctions s WHERE ${where}`)) as Array<{ total: number }>;
    const rows = (await this.db.query(
      `SELECT ${SANCTION_COLUMNS} FROM ${SANCTION_FROM} WHERE ${where} ORDER BY s.created_at DESC, s.id DESC LIMIT $1 OFFSET $2`,
      [pageSize, (page - 1) * pageSize],
    )) as SanctionRow[];
    return { items: await this.entries(this.db, rows), total, page, pageSize };
  }

  async get(id: string, db: Queryable = this.db): Promise<SanctionEntry> {
    const [row] = (await db.query(`SELECT ${SANCTION_COLUMNS} FROM ${SANCTION_FROM} WHERE s.id = $1`, [id])) as SanctionRow[];
    if (!row) {
      throw notFound('sanction', id);
    }
    const [entry] = await this.entries(db, [row]);
    return entry;
  }

  /**
   * Takes back a warning, a mute still running or a bar through a pseudonymous message. A named
   * author's suspension is refused: it is their account's suspension, which the accounts screen
   * reinstates (that decides between active and pending, and closes the sanction too).
   */
  async lift(id: string, reason: string, moderator: Viewer): Promise<SanctionEntry> {
    return this.db.transaction(async (tx) => {
      const [row] = (await tx.query(
        `SELECT s.user_id, s.kind, s.through_pseudonym, s.via_message_id, s.lifted_at,
                (s.kind = 'mute' AND s.until <= now()) AS expired, ${SANCTION_BINDS} AS binds
           FROM sanctions s JOIN users u ON u.id = s.user_id WHERE s.id = $1 FOR UPDATE OF s`,
        [id],
      )) as Array<{
        user_id: string;
        kind: SanctionRow['kind'];
        through_pseudonym: boolean;
        via_message_id: string | null;
        lifted_at: Date | null;
        expired: boolean;
        binds: boolean;
      }>;
      if (!row) {
        throw notFound('sanction', id);
      }
      if (row.lifted_at) {
        throw new DomainError('already_done', 'This sanction was already lifted', { state: 'lifted' });
      }
      if (row.expired) {
        throw new DomainError('mute_ended', 'This mute has already ended: there is nothing to lift');
      }
      if (isAccountSuspension(row)) {
        throw new DomainError(
          'suspension_through_account',
          'This suspension is the author’s account suspension: reinstate the account from the accounts screen (POST /users/:id/reinstate), which closes this sanction too',
        );
      }
      if (row.user_id === moderator.id) {
        throw new DomainError('self_sanction', 'You cannot lift a sanction on yourself');
      }
      await tx.query(`UPDATE sanctions SET lifted_at = now(), lifted_by = $2, lift_reason = $3 WHERE id = $1`, [id, moderator.id, reason]);
      const lifted = await this.get(id, tx);
      const [thread] = lifted.thread
        ? ((await tx.query(`SELECT ${THREAD_COLUMNS} FROM threads t WHERE t.id = $1`, [lifted.thread.id])) as ThreadRow[])
        : [];
      await this.audit.append(tx, {
        actor: userActor(moderator.id),
        action: 'sanction.lifted',
        entityType: 'sanction',
        entityId: id,
        subject: thread ? `thread:${thread.id}` : undefined,
        // The target as the sanction's own event recorded it: the pseudonym, or the named member's id.
        data: {
          id,
          messageId: row.via_message_id,
          kind: row.kind,
          reason,
          target: lifted.target.kind === 'pseudonym' ? lifted.target : { kind: 'member', id: lifted.target.id },
        },
      });
      await this.notifications.notifyUsers(
        tx,
        row.binds ? [row.user_id] : [],
        'moderation',
        { subjectType: thread?.subject_type ?? null, subjectId: thread?.subject_id ?? null, title: thread?.title ?? null },
        { action: 'lifted', kind: row.kind, reason, threadId: thread?.id ?? null, messageId: row.via_message_id },
        { throughPseudonym: row.through_pseudonym },
      );
      await this.events.record(tx, { type: 'sanction.lifted', sanctionId: id });
      return lifted;
    });
  }

  private async entries(db: Queryable, rows: SanctionRow[]): Promise<SanctionEntry[]> {
    const threadIds = [...new Set(rows.flatMap((r) => (r.thread_id ? [r.thread_id] : [])))];
    const threads = threadIds.length
      ? ((await db.query(`SELECT ${THREAD_COLUMNS} FROM threads t WHERE t.id = ANY($1::uuid[])`, [threadIds])) as ThreadRow[])
      : [];
    const titles = new Map<string, Bilingual>(threads.map((t) => [t.id, t.title]));
    return rows.map((row) => toSanctionEntry(row, titles));
  }
}
