import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  can,
  MESSAGE_EDIT_WINDOW_MS,
  messageExcerpt,
  type MentionView,
  type MessageAuthor,
  type MessagePage,
  type MessageView,
  type OwnPseudonymView,
  type StakeholderGroup,
  type Viewer,
} from '@suivi/contracts';
import { DataSource, type EntityManager } from 'typeorm';

import { DomainError, invalidField, notFound } from '../common/domain-error';
import { AuditService, pseudonymActor, userActor, type AuditActor } from '../audit/audit.service';
import { changedRows } from '../common/sql';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { RestrictionsService, restrictionMessage } from '../restrictions/restrictions.service';
import { DomainEvents } from '../events/domain-events';
import { NotificationsService } from '../notifications/notifications.service';
import { readThreadAccess, THREAD_COLUMNS, type ThreadRecord, type ThreadRow } from '../threads/thread-rows';
import { ThreadsService } from '../threads/threads.service';
import {
  MESSAGE_COLUMNS,
  MESSAGE_FROM,
  messageFrom,
  messageOwner,
  messagesChangedSince,
  toAuthor,
  toMessageView,
  type MessageRow,
} from './message-rows';
import type { CreateMessageDto, EditMessageDto, MentionDto, MessagePageQuery } from './messages.dto';
import { pseudonymFor } from './pseudonyms';

const PAGE_DEFAULT = 50;

/** What the server knows of a message beyond what readers see: only ever used inside this service. */
interface MessageRecord {
  id: string;
  thread_id: string;
  /** The account that owns the message now (see messageOwner): NULL for a pseudonym of an earlier epoch. */
  owner_id: string | null;
  pseudonymous: boolean;
  pseudonym: string | null;
  state: MessageView['state'];
  created_at: Date;
  mentions: MentionView[];
}

/** Mentions as stored and shown, and the people to tell (never shown). */
interface ResolvedMentions {
  views: MentionView[];
  /** Named members mentioned. */
  userIds: string[];
  /** The current owners of the pseudonyms mentioned: a pseudonym of an earlier epoch reaches nobody. */
  pseudonymUserIds: string[];
}

/**
 * Messages in threads. Every change of a message (created, edited, hidden, unhidden, deleted)
 * takes the thread's next `seq` under the thread's row lock, is recorded in the audit chain in
 * the same transaction, and records the event its room hears after the commit. A pseudonymous
 * message is recorded, shown and pushed under its pseudonym only: its author's id stays in the
 * messages table, where the server needs it to enforce the rules and to say "mine".
 */
@Injectable()
export class MessagesService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly threads: ThreadsService,
    private readonly notifications: NotificationsService,
    private readonly restrictions: RestrictionsService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.within('record.erased', (tx, { recordType, id }) =>
      recordType === 'message' ? this.announceErased(tx, id) : Promise.resolve(),
    );
  }

  /**
   * After a purge erased a message's words, in the purge's transaction: the message moves to a
   * new seq and its room hears it, as for a hide, so no open page keeps the words and a rejoin
   * replays it. The purge has locked the thread, then the message.
   */
  private async announceErased(tx: EntityManager, id: string): Promise<void> {
    const [message] = (await tx.query('SELECT thread_id FROM messages WHERE id = $1', [id])) as Array<{ thread_id: string }>;
    const seq = await this.nextSeq(tx, message.thread_id);
    await tx.query('UPDATE messages SET seq = $2 WHERE id = $1', [id, seq]);
    await this.announce(tx, 'message.updated', await this.get(id, null, tx));
  }

  /** A page of a thread: the newest, or those before `before` (by number); or what changed after `after` (by seq). */
  async page(threadId: string, viewer: Viewer | null, query: MessagePageQuery): Promise<MessagePage> {
    await this.threads.readable(threadId, viewer);
    if (query.before !== undefined && query.after !== undefined) {
      throw invalidField('before', 'not_with', 'before and after cannot be used together', { other: 'after' });
    }
    const limit = query.limit ?? PAGE_DEFAULT;
    const [{ last_seq }] = (await this.db.query('SELECT last_seq FROM threads WHERE id = $1', [threadId])) as Array<{ last_seq: string }>;
    const params = [viewer?.id ?? null, can.moderate(viewer), threadId];
    if (query.after !== undefined) {
      const items = await messagesChangedSince(this.db, threadId, query.after, viewer, limit + 1);
      return { items: items.slice(0, limit), hasMore: items.length > limit, lastSeq: Number(last_seq) };
    }
    const rows = (await this.db.query(
      `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM}
        WHERE m.thread_id = $3 AND ($4::bigint IS NULL OR m.number < $4) ORDER BY m.number DESC LIMIT $5`,
      [...params, query.before ?? null, limit + 1],
    )) as MessageRow[];
    return { items: rows.slice(0, limit).reverse().map(toMessageView), hasMore: rows.length > limit, lastSeq: Number(last_seq) };
  }

  /**
   * The pseudonym `post` would give the viewer's next pseudonymous message in this thread: the
   * same function of the same inputs (key, account, thread, current epoch). After a reset the
   * epoch has moved on, so whoever holds the account then learns only a pseudonym nothing was
   * written under.
   */
  async ownPseudonym(threadId: string, viewer: Viewer): Promise<OwnPseudonymView> {
    await this.threads.readable(threadId, viewer);
    const epoch = await this.epochOf(this.db, viewer.id);
    return { threadId, pseudonym: pseudonymFor(this.config.pseudonymKey, viewer.id, threadId, epoch) };
  }

  async assertReadable(threadId: string, viewer: Viewer | null): Promise<void> {
    await this.threads.readable(threadId, viewer);
  }

  /** Several messages in one query, in creation order (the moderation queue's context). */
  async getMany(ids: string[], viewer: Viewer | null, db: Pick<EntityManager, 'query'> = this.db): Promise<MessageView[]> {
    if (!ids.length) {
      return [];
    }
    const rows = (await db.query(`SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM} WHERE m.id = ANY($3::uuid[]) ORDER BY m.number`, [
      viewer?.id ?? null,
      can.moderate(viewer),
      ids,
    ])) as MessageRow[];
    return rows.map(toMessageView);
  }

  async get(id: string, viewer: Viewer | null, db: Pick<EntityManager, 'query'> = this.db): Promise<MessageView> {
    const [row] = (await db.query(`SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM} WHERE m.id = $3`, [
      viewer?.id ?? null,
      can.moderate(viewer),
      id,
    ])) as MessageRow[];
    if (!row) {
      throw notFound('message', id);
    }
    return toMessageView(row);
  }

  async post(threadId: string, dto: CreateMessageDto, viewer: Viewer): Promise<MessageView> {
    if (dto.pseudonymous && !can.postPseudonymously(viewer)) {
      throw new DomainError('pseudonym_not_allowed', 'Only members of civil-society organisations may post under a pseudonym');
    }
    // Read before the transaction, so not under the thread's lock, which every poster in the
    // thread waits for. Checked inside it, a mute committed a moment later would pass all the same.
    await this.assertNotRestricted(viewer);
    return this.db.transaction(async (tx) => {
      // The epoch names which of the person's pseudonyms this is; read before the thread's lock.
      const epoch = dto.pseudonymous ? await this.epochOf(tx, viewer.id) : 0;
      const thread = await this.threads.readable(threadId, viewer, tx, true);
      this.assertMayPostIn(thread, viewer);
      if (dto.replyToId) {
        const [target] = (await tx.query('SELECT 1 FROM messages WHERE id = $1 AND thread_id = $2', [
          dto.replyToId,
          threadId,
        ])) as unknown[];
        if (!target) {
          throw invalidField('replyToId', 'not_same_thread', 'replyToId must be a message of this thread');
        }
      }
      const mentions = await this.resolveMentions(tx, thread, dto.mentions ?? []);
      const pseudonym = dto.pseudonymous ? pseudonymFor(this.config.pseudonymKey, viewer.id, threadId, epoch) : null;
      // Counters, insert and the row as its author reads it, in one round trip: the thread row is
      // already locked, and the chat ingest benchmark (W3) pays for every round trip in this lock.
      const [row] = (await tx.query(
        `WITH counters AS (
           UPDATE threads SET last_seq = last_seq + 1, message_count = message_count + 1, last_message_at = now(), updated_at = now()
            WHERE id = $3 RETURNING last_seq, message_count
         ), created AS (
           INSERT INTO messages (thread_id, number, seq, author_id, author_epoch, pseudonymous, pseudonym, body, reply_to_id, mentions)
           SELECT $3::uuid, counters.message_count, counters.last_seq, $1::uuid, $9::int, $4::boolean, $5::text, $6::text, $7::uuid, $8::jsonb
             FROM counters
           RETURNING *
         )
         SELECT ${MESSAGE_COLUMNS} FROM ${messageFrom('created m')}`,
        [
          viewer.id,
          can.moderate(viewer),
          threadId,
          pseudonym !== null,
          pseudonym,
          dto.body,
          dto.replyToId ?? null,
          JSON.stringify(mentions.views),
          epoch,
        ],
      )) as MessageRow[];
      if (!row) {
        throw notFound('thread', threadId);
      }
      const created = toMessageView(row);
      await this.audit.append(tx, {
        actor: this.actorOf(viewer.id, pseudonym),
        action: 'message.created',
        entityType: 'message',
        entityId: row.id,
        subject: `thread:${threadId}`,
        data: {
          id: row.id,
          threadId,
          number: created.number,
          author: this.recordedAuthor(viewer.id, pseudonym),
          body: dto.body,
          replyToId: dto.replyToId ?? null,
          mentions: mentions.views,
        },
      });
      // Recorded first, so heard first: the room has the message before anyone is told of it.
      await this.announce(tx, 'message.created', created);
      await this.notifyMentionsAndReply(tx, threadId, created, mentions, dto.replyToId ?? null, viewer.id);
      return created;
    });
  }

  /** The author corrects their message within the edit window; the chain keeps every version. */
  async edit(id: string, dto: EditMessageDto, viewer: Viewer): Promise<MessageView> {
    return this.db.transaction(async (tx) => {
      const { thread, message } = await this.lockMessage(tx, id, viewer);
      if (message.owner_id !== viewer.id) {
        throw new DomainError('author_only', 'Only its author may edit a message');
      }
      if (message.state !== 'visible') {
        throw new DomainError('message_not_editable', `This message is ${message.state} and can no longer be edited`, {
          state: message.state,
        });
      }
      if (Date.now() - message.created_at.getTime() > MESSAGE_EDIT_WINDOW_MS) {
        throw new DomainError('edit_window_over', 'A message can be edited for 15 minutes after it was posted', {
          minutes: MESSAGE_EDIT_WINDOW_MS / 60_000,
        });
      }
      this.assertMayPostIn(thread, viewer);
      await this.assertNotRestricted(viewer, tx);
      const mentions = await this.resolveMentions(tx, thread, dto.mentions ?? []);
      const seq = await this.nextSeq(tx, thread.id);
      await tx.query(`UPDATE messages SET body = $2, mentions = $3, edited_at = now(), seq = $4, updated_at = now() WHERE id = $1`, [
        id,
        dto.body,
        JSON.stringify(mentions.views),
        seq,
      ]);
      await this.audit.append(tx, {
        actor: this.actorOf(viewer.id, message.pseudonym),
        action: 'message.edited',
        entityType: 'message',
        entityId: id,
        subject: `thread:${thread.id}`,
        data: { id, threadId: thread.id, body: dto.body, mentions: mentions.views },
      });
      const edited = await this.get(id, viewer, tx);
      const before = new Set(message.mentions.map((m) => (m.kind === 'member' ? `member:${m.id}` : `pseudonym:${m.label}`)));
      const added = await this.resolveMentions(
        tx,
        thread,
        (dto.mentions ?? []).filter((m) => !before.has(m.kind === 'member' ? `member:${m.id}` : `pseudonym:${m.pseudonym}`)),
      );
      await this.announce(tx, 'message.updated', edited);
      await this.notifyMentionsAndReply(tx, thread.id, edited, added, null, viewer.id);
      return edited;
    });
  }

  /** Deleting one's own message leaves a tombstone; the words leave the thread (the chain keeps them until purged). */
  async remove(id: string, viewer: Viewer): Promise<MessageView> {
    return this.db.transaction(async (tx) => {
      const { thread, message } = await this.lockMessage(tx, id, viewer);
      if (message.owner_id !== viewer.id) {
        throw new DomainError('author_only', 'Only its author may delete a message; moderators hide it instead');
      }
      if (message.state === 'deleted') {
        throw new DomainError('already_done', 'This message is already deleted', { state: 'deleted' });
      }
      const seq = await this.nextSeq(tx, thread.id);
      await tx.query(`UPDATE messages SET state = 'deleted', body = '', mentions = '[]', seq = $2, updated_at = now() WHERE id = $1`, [
        id,
        seq,
      ]);
      await this.audit.append(tx, {
        actor: this.actorOf(viewer.id, message.pseudonym),
        action: 'message.deleted',
        entityType: 'message',
        entityId: id,
        subject: `thread:${thread.id}`,
        data: { id, threadId: thread.id },
      });
      const deleted = await this.get(id, viewer, tx);
      await this.announce(tx, 'message.updated', deleted);
      return deleted;
    });
  }

  /**
   * Hides or shows a message again (moderation). The author is told; the flag history stays.
   * Runs in the caller's transaction so a flag's resolution and the hiding are one decision.
   */
  async setHidden(tx: EntityManager, id: string, hidden: boolean, reason: string, moderator: Viewer): Promise<MessageView> {
    const { thread, message } = await this.lockMessage(tx, id, moderator);
    if (message.state === 'deleted') {
      throw new DomainError('message_deleted', 'This message was deleted by its author');
    }
    if ((message.state === 'hidden') === hidden) {
      throw hidden
        ? new DomainError('already_done', 'This message is already hidden', { state: 'hidden' })
        : new DomainError('already_done', 'This message is not hidden', { state: 'visible' });
    }
    const seq = await this.nextSeq(tx, thread.id);
    await tx.query(`UPDATE messages SET state = $2, hidden_reason = $3, seq = $4, updated_at = now() WHERE id = $1`, [
      id,
      hidden ? 'hidden' : 'visible',
      hidden ? reason : null,
      seq,
    ]);
    await this.audit.append(tx, {
      actor: userActor(moderator.id),
      action: hidden ? 'message.hidden' : 'message.unhidden',
      entityType: 'message',
      entityId: id,
      subject: `thread:${thread.id}`,
      data: { id, threadId: thread.id, reason },
    });
    const view = await this.get(id, moderator, tx);
    await this.announce(tx, 'message.updated', view);
    await this.notifications.notifyUsers(
      tx,
      message.owner_id ? [message.owner_id] : [],
      'moderation',
      await this.threadSubject(tx, thread.id),
      { action: hidden ? 'hidden' : 'unhidden', reason, threadId: thread.id, messageId: id },
      { throughPseudonym: message.pseudonymous },
    );
    return view;
  }

  /**
   * People already visible in the thread, to mention: named members and pseudonyms, never who is
   * behind one. One entry per member (by id) and per pseudonym: a member whose name reads like a
   * pseudonym is listed beside it with their organisation, never in its place.
   */
  async mentionable(threadId: string, viewer: Viewer | null, q: string | undefined): Promise<MessageAuthor[]> {
    await this.threads.readable(threadId, viewer);
    const like = `%${(q ?? '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = (await this.db.query(
      `SELECT * FROM (
       SELECT DISTINCT ON (pseudonymous, coalesce(member_id::text, label))
              label, pseudonymous, member_id, org_id, org_name_en, org_name_fr, org_acronym, org_group FROM (
         SELECT m.pseudonym AS label, TRUE AS pseudonymous, NULL::uuid AS member_id, NULL::uuid AS org_id, NULL AS org_name_en,
                NULL AS org_name_fr, NULL AS org_acronym, NULL AS org_group
           FROM messages m WHERE m.thread_id = $1 AND m.pseudonymous AND m.state <> 'deleted'
         UNION ALL
         SELECT u.display_name, FALSE, u.id, o.id, o.name_en, o.name_fr, o.acronym, o.stakeholder_group
           FROM messages m JOIN users u ON u.id = m.author_id LEFT JOIN organizations o ON o.id = u.organization_id
          WHERE m.thread_id = $1 AND NOT m.pseudonymous AND m.state <> 'deleted' AND u.status = 'active'
       ) people WHERE label ILIKE $2 ORDER BY pseudonymous, coalesce(member_id::text, label)
       ) distinct_people ORDER BY label, pseudonymous, member_id LIMIT 20`,
      [threadId, like],
    )) as Array<{
      label: string;
      pseudonymous: boolean;
      member_id: string | null;
      org_id: string | null;
      org_name_en: string | null;
      org_name_fr: string | null;
      org_acronym: string | null;
      org_group: StakeholderGroup | null;
    }>;
    return rows.map((r) =>
      toAuthor({
        pseudonymous: r.pseudonymous,
        pseudonym: r.label,
        id: r.member_id,
        name: r.label,
        orgId: r.org_id,
        orgNameEn: r.org_name_en,
        orgNameFr: r.org_name_fr,
        orgAcronym: r.org_acronym,
        orgGroup: r.org_group,
      }),
    );
  }

  /** The message as everyone in its room may see it: nobody's "mine", no hidden words, no flag counts. */
  roomView(view: MessageView): MessageView {
    return { ...view, mine: false, openFlags: 0, body: view.state === 'visible' ? view.body : null };
  }

  /** Inside the write's transaction: its room hears the message as everyone there may see it, once committed. */
  private async announce(tx: EntityManager, type: 'message.created' | 'message.updated', view: MessageView): Promise<void> {
    await this.events.record(tx, { type, message: this.roomView(view) });
  }

  /**
   * Who a message's author is, for the moderation of that message only: never returned to anyone.
   * `epoch` is the pair's (what a sanction through it binds); `current` whether the account is
   * still in that epoch, so that it is told — once a reset has advanced it, nobody is.
   */
  async authorOf(
    tx: EntityManager,
    messageId: string,
  ): Promise<{ userId: string; epoch: number; current: boolean; pseudonymous: boolean; author: MessageAuthor } | null> {
    const [row] = (await tx.query(
      `SELECT m.author_id, m.author_epoch, m.pseudonymous, ${messageOwner()} IS NOT NULL AS current
         FROM messages m JOIN users u ON u.id = m.author_id WHERE m.id = $1`,
      [messageId],
    )) as Array<{ author_id: string; author_epoch: number; pseudonymous: boolean; current: boolean }>;
    if (!row) {
      return null;
    }
    const view = await this.get(messageId, null, tx);
    return { userId: row.author_id, epoch: row.author_epoch, current: row.current, pseudonymous: row.pseudonymous, author: view.author };
  }

  private assertMayPostIn(thread: ThreadRecord, viewer: Viewer): void {
    if (thread.locked && viewer.role !== 'secretariat') {
      throw new DomainError('thread_locked', 'This thread is locked: no new messages for now');
    }
    if (!can.postInThread(viewer, thread)) {
      throw new DomainError('forbidden', 'Your account may not post in this thread');
    }
  }

  private async assertNotRestricted(viewer: Viewer, db?: EntityManager): Promise<void> {
    const block = await this.restrictions.postingBlock(viewer.id, db);
    if (block) {
      throw new DomainError('posting_restricted', restrictionMessage(block), {
        kind: block.kind,
        until: block.kind === 'mute' && block.until ? block.until.toISOString() : '',
      });
    }
  }

  /** The message and its thread, both locked (thread first, the order every message write takes). */
  private async lockMessage(tx: EntityManager, id: string, viewer: Viewer): Promise<{ thread: ThreadRecord; message: MessageRecord }> {
    const [found] = (await tx.query('SELECT thread_id FROM messages WHERE id = $1', [id])) as Array<{ thread_id: string }>;
    if (!found) {
      throw notFound('message', id);
    }
    const thread = await this.threads.readable(found.thread_id, viewer, tx, true);
    const [message] = (await tx.query(
      `SELECT m.id, m.thread_id, ${messageOwner()} AS owner_id, m.pseudonymous, m.pseudonym, m.state, m.created_at, m.mentions
         FROM messages m JOIN users u ON u.id = m.author_id WHERE m.id = $1 FOR UPDATE OF m`,
      [id],
    )) as MessageRecord[];
    return { thread, message };
  }

  private async epochOf(tx: Pick<EntityManager, 'query'>, userId: string): Promise<number> {
    const [row] = (await tx.query('SELECT epoch FROM users WHERE id = $1', [userId])) as Array<{ epoch: number }>;
    return row?.epoch ?? 0;
  }

  private async nextSeq(tx: EntityManager, threadId: string): Promise<string> {
    const [row] = await changedRows<{ last_seq: string }>(
      tx,
      'UPDATE threads SET last_seq = last_seq + 1, updated_at = now() WHERE id = $1 RETURNING last_seq',
      [threadId],
    );
    return row.last_seq;
  }

  /**
   * Only people already visible in the thread can be mentioned: a named author by id, or a
   * pseudonym that wrote there. The person behind a pseudonym is looked up to be told, never shown.
   */
  private async resolveMentions(tx: EntityManager, thread: ThreadRecord, mentions: MentionDto[]): Promise<ResolvedMentions> {
    const views: MentionView[] = [];
    const userIds: string[] = [];
    const pseudonymUserIds: string[] = [];
    for (const [index, mention] of mentions.entries()) {
      if (mention.kind === 'member') {
        const [member] = (await tx.query(
          `SELECT u.id, u.display_name FROM users u
            WHERE u.id = $1 AND EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = $2 AND m.author_id = u.id AND NOT m.pseudonymous)`,
          [mention.id, thread.id],
        )) as Array<{ id: string; display_name: string }>;
        if (!member) {
          throw invalidField(
            `mentions.${index}.id`,
            'not_in_thread',
            `mentions.${index}.id must be someone who has written in this thread`,
          );
        }
        if (!views.some((v) => v.kind === 'member' && v.id === member.id)) {
          views.push({ kind: 'member', id: member.id, label: member.display_name });
          userIds.push(member.id);
        }
      } else {
        // A pseudonym is one (person, epoch) in one thread, so any of its messages names its owner.
        const [writer] = (await tx.query(
          `SELECT ${messageOwner()} AS owner_id FROM messages m JOIN users u ON u.id = m.author_id
            WHERE m.thread_id = $1 AND m.pseudonymous AND m.pseudonym = $2 LIMIT 1`,
          [thread.id, mention.pseudonym],
        )) as Array<{ owner_id: string | null }>;
        if (!writer) {
          throw invalidField(
            `mentions.${index}.pseudonym`,
            'not_in_thread',
            `mentions.${index}.pseudonym must be a pseudonym that has written in this thread`,
          );
        }
        if (!views.some((v) => v.kind === 'pseudonym' && v.label === mention.pseudonym)) {
          views.push({ kind: 'pseudonym', label: mention.pseudonym ?? '' });
          if (writer.owner_id) {
            pseudonymUserIds.push(writer.owner_id);
          }
        }
      }
    }
    return { views, userIds, pseudonymUserIds };
  }

  /**
   * Mentioned people and the author replied to are told, if they can still read the thread. One
   * reached through a pseudonym (a mention of it, a reply to its message) is told only while the
   * pseudonym is still theirs, and the notice is marked so that a reset deletes it.
   */
  private async notifyMentionsAndReply(
    tx: EntityManager,
    threadId: string,
    message: MessageView,
    mentions: Pick<ResolvedMentions, 'userIds' | 'pseudonymUserIds'>,
    replyToId: string | null,
    writerId: string,
  ): Promise<void> {
    const [replied] = replyToId
      ? ((await tx.query(
          `SELECT ${messageOwner()} AS owner_id, m.pseudonymous FROM messages m JOIN users u ON u.id = m.author_id WHERE m.id = $1`,
          [replyToId],
        )) as Array<{ owner_id: string | null; pseudonymous: boolean }>)
      : [];
    const mentioned = [...mentions.userIds, ...mentions.pseudonymUserIds];
    if (!mentioned.length && !replied?.owner_id) {
      return;
    }
    const subject = await this.threadSubject(tx, threadId);
    const payload = { threadId, messageId: message.id, by: message.author, excerpt: messageExcerpt(message.body ?? '') };
    const allowed = await this.readersAmong(tx, threadId, [...mentioned, ...(replied?.owner_id ? [replied.owner_id] : [])]);
    const told = (id: string) => id !== writerId && allowed.has(id);
    const throughPseudonym = new Set(mentions.pseudonymUserIds.filter(told));
    const named = [...new Set(mentions.userIds)].filter((id) => told(id) && !throughPseudonym.has(id));
    if (named.length) {
      await this.notifications.notifyUsers(tx, named, 'mention', subject, payload);
    }
    if (throughPseudonym.size) {
      await this.notifications.notifyUsers(tx, [...throughPseudonym], 'mention', subject, payload, { throughPseudonym: true });
    }
    const repliedTo = replied?.owner_id;
    if (repliedTo && told(repliedTo) && !named.includes(repliedTo) && !throughPseudonym.has(repliedTo)) {
      await this.notifications.notifyUsers(tx, [repliedTo], 'reply', subject, payload, { throughPseudonym: replied.pseudonymous });
    }
  }

  /**
   * Which of these people may read the thread now. Read inside the transaction (not through the
   * account cache, which would open a second connection: the embedded database serialises them).
   */
  private async readersAmong(tx: EntityManager, threadId: string, userIds: string[]): Promise<Set<string>> {
    if (!userIds.length) {
      return new Set();
    }
    const access = await readThreadAccess(tx, threadId);
    const rows = (await tx.query(
      `SELECT u.id, u.status, u.role, u.organization_id, o.stakeholder_group
         FROM users u LEFT JOIN organizations o ON o.id = u.organization_id WHERE u.id = ANY($1::uuid[])`,
      [[...new Set(userIds)]],
    )) as Array<{
      id: string;
      status: Viewer['status'];
      role: Viewer['role'];
      organization_id: string | null;
      stakeholder_group: Viewer['group'];
    }>;
    const readers = rows.filter(
      (r) =>
        access &&
        r.status === 'active' &&
        can.readThread({ id: r.id, status: r.status, role: r.role, organizationId: r.organization_id, group: r.stakeholder_group }, access),
    );
    return new Set(readers.map((r) => r.id));
  }

  /** What a notification about a thread is about: its subject, or the channel itself, and its title. */
  private async threadSubject(
    tx: EntityManager,
    threadId: string,
  ): Promise<{ subjectType: ThreadRow['subject_type']; subjectId: string | null; title: ThreadRow['title'] }> {
    const [row] = (await tx.query(`SELECT ${THREAD_COLUMNS} FROM threads t WHERE t.id = $1`, [threadId])) as ThreadRow[];
    return { subjectType: row.subject_type, subjectId: row.subject_id, title: row.title };
  }

  private recordedAuthor(userId: string, pseudonym: string | null): Record<string, string> {
    return pseudonym ? { kind: 'pseudonym', pseudonym } : { kind: 'member', id: userId };
  }

  private actorOf(userId: string, pseudonym: string | null): AuditActor {
    return pseudonym ? pseudonymActor(pseudonym) : userActor(userId);
  }
}
