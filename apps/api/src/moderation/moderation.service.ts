import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  can,
  PAGE_SIZE_DEFAULT,
  type FlagState,
  type FlagCreatedEvent,
  type FlagView,
  type MessageView,
  type ModerationItem,
  type ModerationQueuePage,
  type SanctionView,
  type Viewer,
} from '@suivi/contracts';
import { DataSource, type EntityManager } from 'typeorm';

import { DomainError, invalidField, notFound } from '../common/domain-error';
import { AccountsService } from '../accounts/accounts.service';
import { AuditService, userActor } from '../audit/audit.service';
import { changedRows } from '../common/sql';
import { MessagesService } from '../messages/messages.service';
import type { FlagDto, SanctionDto } from '../messages/messages.dto';
import { DomainEvents } from '../events/domain-events';
import { NotificationsService } from '../notifications/notifications.service';
import { THREAD_COLUMNS, type ThreadRow } from '../threads/thread-rows';
import { ThreadsService } from '../threads/threads.service';
import type { FlagResolutionDto, ModerationQueueQuery } from './moderation.dto';

interface FlagRow {
  id: string;
  message_id: string;
  state: FlagState;
  reason: string;
  created_at: Date;
  resolved_at: Date | null;
  resolution: string | null;
}

const toFlagView = (row: FlagRow): FlagView => ({
  id: row.id,
  state: row.state,
  reason: row.reason,
  createdAt: row.created_at.toISOString(),
  resolvedAt: row.resolved_at?.toISOString() ?? null,
  resolution: row.resolution,
});

const CONTEXT_AROUND = 2;
/**
 * Whoever reads the `moderation` room: any member of the secretariat. Events go to the whole
 * room, so they are read as a moderator who wrote none of the messages (`mine` is false).
 */
const ANY_MODERATOR: Viewer = {
  id: '00000000-0000-0000-0000-000000000000',
  role: 'secretariat',
  status: 'active',
  organizationId: null,
  group: 'secretariat',
};
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * Flags, the moderation queue and the secretariat's decisions. Every decision is an audited
 * write. A pseudonymous author is acted on through their message: the moderator sees and
 * records the pseudonym, and the server alone follows it to the person.
 */
@Injectable()
export class ModerationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly messages: MessagesService,
    private readonly threads: ThreadsService,
    private readonly notifications: NotificationsService,
    private readonly accounts: AccountsService,
    private readonly events: DomainEvents,
  ) {}

  async flag(messageId: string, dto: FlagDto, viewer: Viewer): Promise<FlagView> {
    const flag = await this.db.transaction(async (tx) => {
      const [message] = (await tx.query('SELECT thread_id, state FROM messages WHERE id = $1', [messageId])) as Array<{
        thread_id: string;
        state: MessageView['state'];
      }>;
      if (!message) {
        throw notFound('message', messageId);
      }
      await this.threads.readable(message.thread_id, viewer, tx);
      if (message.state === 'deleted') {
        throw new DomainError('message_deleted', 'This message was deleted by its author');
      }
      const [open] = (await tx.query(`SELECT 1 FROM flags WHERE message_id = $1 AND reporter_id = $2 AND state = 'open'`, [
        messageId,
        viewer.id,
      ])) as unknown[];
      if (open) {
        throw new DomainError('already_flagged', 'You have already flagged this message; the moderators will look at it');
      }
      const [row] = (await tx.query(
        `INSERT INTO flags (message_id, reporter_id, reason) VALUES ($1, $2, $3)
         RETURNING id, message_id, state, reason, created_at, resolved_at, resolution`,
        [messageId, viewer.id, dto.reason],
      )) as FlagRow[];
      await this.audit.append(tx, {
        actor: userActor(viewer.id),
        action: 'flag.created',
        entityType: 'flag',
        entityId: row.id,
        subject: `thread:${message.thread_id}`,
        data: { id: row.id, messageId, reason: dto.reason },
      });
      await this.events.record(tx, { type: 'flag.created', flagId: row.id });
      return row;
    });
    return toFlagView(flag);
  }

  /** A flag as its reporter reads it (a replay of its creation). */
  async flagOf(id: string, reporter: Viewer): Promise<FlagView> {
    const [row] = (await this.db.query(
      `SELECT id, message_id, state, reason, created_at, resolved_at, resolution FROM flags WHERE id = $1 AND reporter_id = $2`,
      [id, reporter.id],
    )) as FlagRow[];
    if (!row) {
      throw notFound('flag', id);
    }
    return toFlagView(row);
  }

  async queue(query: ModerationQueueQuery, moderator: Viewer): Promise<ModerationQueuePage> {
    const state = query.state ?? 'open';
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? PAGE_SIZE_DEFAULT;
    const [{ total }] = (await this.db.query('SELECT count(*)::int AS total FROM flags WHERE state = $1', [state])) as Array<{
      total: number;
    }>;
    const flags = (await this.db.query(
      `SELECT id, message_id, state, reason, created_at, resolved_at, resolution FROM flags WHERE state = $1
        ORDER BY ${state === 'open' ? 'created_at' : 'resolved_at DESC'}, id LIMIT $2 OFFSET $3`,
      [state, pageSize, (page - 1) * pageSize],
    )) as FlagRow[];
    const items: ModerationItem[] = [];
    for (const flag of flags) {
      items.push(await this.item(this.db.manager, flag, moderator));
    }
    return { items, total, page, pageSize, openFlags: state === 'open' ? total : await this.openFlags() };
  }

  /** Upholding hides the message (unless told not to); either way every open flag on it is settled. */
  async resolve(flagId: string, dto: FlagResolutionDto, moderator: Viewer): Promise<ModerationItem> {
    return this.db.transaction(async (tx) => {
      const [flag] = (await tx.query('SELECT id, message_id, state FROM flags WHERE id = $1 FOR UPDATE', [flagId])) as FlagRow[];
      if (!flag) {
        throw notFound('flag', flagId);
      }
      if (flag.state !== 'open') {
        throw new DomainError('already_done', `This flag was already ${flag.state}`, { state: flag.state });
      }
      const [message] = (await tx.query('SELECT state, thread_id FROM messages WHERE id = $1', [flag.message_id])) as Array<{
        state: MessageView['state'];
        thread_id: string;
      }>;
      const hides = dto.decision === 'uphold' && dto.hide !== false && message.state === 'visible';
      if (hides) {
        await this.messages.setHidden(tx, flag.message_id, true, dto.reason, moderator);
      }
      const settled = await changedRows<{ id: string }>(
        tx,
        `UPDATE flags SET state = $2, moderator_id = $3, resolution = $4, resolved_at = now()
          WHERE message_id = $1 AND state = 'open' RETURNING id`,
        [flag.message_id, dto.decision === 'uphold' ? 'upheld' : 'dismissed', moderator.id, dto.reason],
      );
      await this.audit.append(tx, {
        actor: userActor(moderator.id),
        action: dto.decision === 'uphold' ? 'flag.upheld' : 'flag.dismissed',
        entityType: 'flag',
        entityId: flagId,
        subject: `thread:${message.thread_id}`,
        data: { flagIds: settled.map((r) => r.id), messageId: flag.message_id, reason: dto.reason, hidden: hides },
      });
      await this.events.record(tx, { type: 'flag.resolved', flagId, flagIds: settled.map((r) => r.id) });
      const [row] = (await tx.query('SELECT id, message_id, state, reason, created_at, resolved_at, resolution FROM flags WHERE id = $1', [
        flagId,
      ])) as FlagRow[];
      return this.item(tx, row, moderator);
    });
  }

  async setHidden(messageId: string, hidden: boolean, reason: string, moderator: Viewer): Promise<MessageView> {
    return this.db.transaction((tx) => this.messages.setHidden(tx, messageId, hidden, reason, moderator));
  }

  /**
   * A flag as the `moderation` room reads it (any member of the secretariat), with the open
   * flags' count: what `flag.created` and `flag.resolved` carry.
   */
  async roomItem(flagId: string): Promise<Pick<FlagCreatedEvent, 'item' | 'openFlags'>> {
    const [row] = (await this.db.query(
      'SELECT id, message_id, state, reason, created_at, resolved_at, resolution FROM flags WHERE id = $1',
      [flagId],
    )) as FlagRow[];
    return { item: await this.item(this.db.manager, row, ANY_MODERATOR), openFlags: await this.openFlags() };
  }

  /**
   * A warning, a mute until a time, or a suspension, for the author of a message. A named
   * author's suspension suspends their account (as from the accounts page). Through a
   * pseudonymous message it bars the person from posting instead: their account's status does
   * not change, so no account list or history can show who was behind the pseudonym.
   */
  async sanction(messageId: string, dto: SanctionDto, moderator: Viewer): Promise<SanctionView> {
    const until = this.checkUntil(dto);
    const author = await this.db.transaction((tx) => this.messages.authorOf(tx, messageId));
    if (!author) {
      throw notFound('message', messageId);
    }
    if (author.userId === moderator.id) {
      throw new DomainError('self_sanction', 'You cannot sanction yourself');
    }
    const suspendsAccount = dto.kind === 'suspend' && !author.pseudonymous;
    const view = await this.db.transaction(async (tx) => {
      if (suspendsAccount) {
        // In the sanction's transaction: never a suspended account without its sanction row.
        await this.accounts.suspendWithin(tx, author.userId, dto.reason, moderator);
      }
      const [thread] = (await tx.query(
        `SELECT ${THREAD_COLUMNS} FROM threads t WHERE t.id = (SELECT thread_id FROM messages WHERE id = $1)`,
        [messageId],
      )) as ThreadRow[];
      const [row] = (await tx.query(
        `INSERT INTO sanctions (user_id, user_epoch, kind, until, reason, moderator_id, via_message_id, through_pseudonym)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, created_at`,
        [author.userId, author.epoch, dto.kind, until, dto.reason, moderator.id, messageId, author.pseudonymous],
      )) as Array<{ id: string; created_at: Date }>;
      const target = author.pseudonymous ? author.author : { kind: 'member' as const, id: author.userId };
      await this.audit.append(tx, {
        actor: userActor(moderator.id),
        action: 'sanction.created',
        entityType: 'sanction',
        entityId: row.id,
        subject: `thread:${thread.id}`,
        data: { id: row.id, messageId, kind: dto.kind, until: until?.toISOString() ?? null, reason: dto.reason, target },
      });
      // Through a pseudonym of an earlier epoch the sanction binds that pair, which no account
      // holds any more: it restricts nobody, and nobody is told.
      await this.notifications.notifyUsers(
        tx,
        author.current ? [author.userId] : [],
        'moderation',
        { subjectType: thread.subject_type, subjectId: thread.subject_id, title: thread.title },
        { action: dto.kind, reason: dto.reason, until: until?.toISOString() ?? null, threadId: thread.id, messageId },
        { throughPseudonym: author.pseudonymous },
      );
      await this.events.record(tx, { type: 'sanction.created', sanctionId: row.id });
      return {
        id: row.id,
        kind: dto.kind,
        until: until?.toISOString() ?? null,
        reason: dto.reason,
        createdAt: row.created_at.toISOString(),
        target: author.author,
        throughPseudonym: author.pseudonymous,
      } satisfies SanctionView;
    });
    if (suspendsAccount) {
      await this.accounts.settled(author.userId);
    }
    return view;
  }

  /** A sanction as its creation answered it (a replay): the target as the moderator saw it then. */
  async sanctionOf(id: string, moderator: Viewer): Promise<SanctionView> {
    // A replay within a key's day: the reader must still be a moderator, not just its sender.
    if (!can.moderate(moderator)) {
      throw new DomainError('forbidden', 'Only the secretariat reads sanctions');
    }
    const [row] = (await this.db.query(
      'SELECT id, kind, until, reason, created_at, via_message_id, through_pseudonym FROM sanctions WHERE id = $1',
      [id],
    )) as Array<{
      id: string;
      kind: SanctionView['kind'];
      until: Date | null;
      reason: string;
      created_at: Date;
      via_message_id: string;
      through_pseudonym: boolean;
    }>;
    const author = row && (await this.db.transaction((tx) => this.messages.authorOf(tx, row.via_message_id)));
    if (!row || !author) {
      throw notFound('sanction', id);
    }
    return {
      id: row.id,
      kind: row.kind,
      until: row.until?.toISOString() ?? null,
      reason: row.reason,
      createdAt: row.created_at.toISOString(),
      target: author.author,
      throughPseudonym: row.through_pseudonym,
    };
  }

  private async openFlags(): Promise<number> {
    const [{ count }] = (await this.db.query(`SELECT count(*)::int AS count FROM flags WHERE state = 'open'`)) as Array<{ count: number }>;
    return count;
  }

  private checkUntil(dto: SanctionDto): Date | null {
    if (dto.kind !== 'mute') {
      if (dto.until) {
        throw invalidField('until', 'only_mute_ends', 'until: only a mute has an end');
      }
      return null;
    }
    if (!dto.until) {
      throw invalidField('until', 'required', 'until is required for a mute: when does it end?');
    }
    const until = new Date(dto.until);
    if (until.getTime() <= Date.now()) {
      throw invalidField('until', 'not_in_future', 'until must be in the future');
    }
    if (until.getTime() - Date.now() > YEAR_MS) {
      throw invalidField('until', 'too_far', 'until must be within a year; use a suspension for longer');
    }
    return until;
  }

  private async item(db: EntityManager, flag: FlagRow, moderator: Viewer): Promise<ModerationItem> {
    const message = await this.messages.get(flag.message_id, moderator, db);
    const [thread] = (await db.query(`SELECT ${THREAD_COLUMNS} FROM threads t WHERE t.id = $1`, [message.threadId])) as ThreadRow[];
    const history = (await db.query(
      'SELECT id, message_id, state, reason, created_at, resolved_at, resolution FROM flags WHERE message_id = $1 ORDER BY created_at, id',
      [flag.message_id],
    )) as FlagRow[];
    const around = (await db.query(
      `SELECT id FROM messages WHERE thread_id = $1 AND number BETWEEN $2 AND $3 AND id <> $4 ORDER BY number`,
      [message.threadId, message.number - CONTEXT_AROUND, message.number + CONTEXT_AROUND, message.id],
    )) as Array<{ id: string }>;
    const context = await this.messages.getMany(
      around.map((m) => m.id),
      moderator,
      db,
    );
    return {
      flag: toFlagView(flag),
      history: history.map(toFlagView),
      message,
      thread: {
        id: thread.id,
        title: thread.title,
        visibility: thread.visibility,
        locked: thread.locked,
        subjectType: thread.subject_type,
        subjectId: thread.subject_id,
      },
      context,
    };
  }
}
