import { ConflictException, Injectable, Logger, NotFoundException, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PAGE_SIZE_DEFAULT, type Bilingual, type Page, type SanctionEntry, type Viewer } from '@suivi/contracts';
import type { Subscription } from 'rxjs';
import { DataSource, type EntityManager } from 'typeorm';

import { AccountsService } from '../accounts/accounts.service';
import { AuditService, userActor } from '../audit/audit.service';
import { NotificationsService, type PendingNotifications } from '../notifications/notifications.service';
import { RealtimeGateway } from '../realtime/realtime.gateway';
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
export class SanctionsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SanctionsService.name);
  private reinstated: Subscription | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly realtime: RealtimeGateway,
    private readonly accounts: AccountsService,
  ) {}

  onModuleInit(): void {
    // A reinstated account's named suspension ends on the accounts screen: the moderators' live
    // list hears of it as of a lift made here.
    this.reinstated = this.accounts.sanctionsLifted.subscribe((ids) => {
      for (const id of ids) {
        this.get(id).then(
          (entry) => this.realtime.emit('moderation', 'sanction.lifted', entry),
          (error: unknown) => this.logger.warn({ err: error }, 'the moderation room was not told of a lifted sanction'),
        );
      }
    });
  }

  onModuleDestroy(): void {
    this.reinstated?.unsubscribe();
  }

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
      throw new NotFoundException(`No sanction ${id}`);
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
    let pending: PendingNotifications = { rows: [] };
    const entry = await this.db.transaction(async (tx) => {
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
        throw new NotFoundException(`No sanction ${id}`);
      }
      if (row.lifted_at) {
        throw new ConflictException('This sanction was already lifted');
      }
      if (row.expired) {
        throw new ConflictException('This mute has already ended: there is nothing to lift');
      }
      if (isAccountSuspension(row)) {
        throw new ConflictException(
          'This suspension is the author’s account suspension: reinstate the account from the accounts screen (POST /users/:id/reinstate), which closes this sanction too',
        );
      }
      if (row.user_id === moderator.id) {
        throw new ConflictException('You cannot lift a sanction on yourself');
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
      pending = await this.notifications.notifyUsers(
        tx,
        row.binds ? [row.user_id] : [],
        'moderation',
        { subjectType: thread?.subject_type ?? null, subjectId: thread?.subject_id ?? null, title: thread?.title ?? null },
        { action: 'lifted', kind: row.kind, reason, threadId: thread?.id ?? null, messageId: row.via_message_id },
        { throughPseudonym: row.through_pseudonym },
      );
      return lifted;
    });
    this.notifications.push(pending);
    this.realtime.emit('moderation', 'sanction.lifted', entry);
    return entry;
  }

  /** After a sanction's transaction has committed: the moderators' live list gets it. */
  async announceCreated(id: string): Promise<void> {
    this.realtime.emit('moderation', 'sanction.created', await this.get(id));
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
