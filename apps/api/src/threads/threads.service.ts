import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  can,
  isActive,
  PAGE_SIZE_DEFAULT,
  type Page,
  type SubjectType,
  type ThreadListItem,
  type ThreadRefusal,
  type ThreadView,
  type Viewer,
} from '@suivi/contracts';
import { DataSource, type EntityManager } from 'typeorm';

import { DomainError, invalidField, notFound } from '../common/domain-error';
import { AuditService, userActor } from '../audit/audit.service';
import { DomainEvents } from '../events/domain-events';
import { SqlParams } from '../common/sql';
import { RestrictionsService } from '../restrictions/restrictions.service';
import type { CreateThreadDto, ThreadListQuery } from './threads.dto';
import { readThreadAccess, THREAD_COLUMNS, toThreadView, type ThreadRecord, type ThreadRow } from './thread-rows';

/** What only the discussions list takes, not a subject's threads. */
const LIST_ONLY = ['q', 'subject', 'visibility', 'unread', 'sort'] as const;

/**
 * Both stemmers on the query, as the commitments' search: a message has no language of its own,
 * and "judiciaire" and "judicial" should find the same thread.
 */
const searchQuery = (placeholder: string) =>
  `(websearch_to_tsquery('english', ${placeholder}) || websearch_to_tsquery('french', ${placeholder}))`;

const bothLanguages = (en: string, fr: string) =>
  `(to_tsvector('english'::regconfig, coalesce(${en}, '')) || to_tsvector('french'::regconfig, coalesce(${fr}, '')))`;

/**
 * Threads whose title, as THREAD_COLUMNS shows it, matches: a channel's own title, or else the
 * title of what it discusses (a commitment's title is its `search` column's weight A; a
 * recommendation's "R1 — text" is all of its `search`). Each branch can use its table's index.
 */
const titleMatches = (query: string) => `
  SELECT t.id FROM threads t
   WHERE (t.title_en IS NOT NULL OR t.title_fr IS NOT NULL) AND ${bothLanguages('t.title_en', 't.title_fr')} @@ ${query}
  UNION ALL
  SELECT t.id FROM commitments c JOIN threads t ON t.subject_type = 'commitment' AND t.subject_id = c.id
   WHERE c.search @@ ${query} AND ts_filter(c.search, '{a}') @@ ${query} AND t.title_en IS NULL AND t.title_fr IS NULL
  UNION ALL
  SELECT t.id FROM recommendations r JOIN threads t ON t.subject_type = 'recommendation' AND t.subject_id = r.id
   WHERE r.search @@ ${query} AND t.title_en IS NULL AND t.title_fr IS NULL
  UNION ALL
  SELECT t.id FROM dialogues d JOIN threads t ON t.subject_type = 'dialogue' AND t.subject_id = d.id
   WHERE ${bothLanguages('d.title_en', 'd.title_fr')} @@ ${query} AND t.title_en IS NULL AND t.title_fr IS NULL`;

/**
 * Threads with a visible message that matches, through messages_search_idx (the same expression,
 * the same condition on state): hidden, deleted and purged words are in neither.
 */
const messageMatches = (query: string) => `
  SELECT DISTINCT m.thread_id FROM messages m
   WHERE m.state = 'visible' AND (to_tsvector('english'::regconfig, m.body) || to_tsvector('french'::regconfig, m.body)) @@ ${query}`;

const SUBJECT_TABLES: Record<SubjectType, string> = {
  dialogue: 'dialogues',
  recommendation: 'recommendations',
  commitment: 'commitments',
};

/**
 * Threads: the public one that every dialogue, recommendation and commitment gets, and the
 * further ones the secretariat opens with any visibility. Who may read one is `can.readThread`;
 * lists are narrowed in SQL by the same rule and checked again with it.
 */
@Injectable()
export class ThreadsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly restrictions: RestrictionsService,
    private readonly events: DomainEvents,
  ) {}

  async list(viewer: Viewer | null, query: ThreadListQuery): Promise<ThreadView[] | Page<ThreadListItem>> {
    if (!query.subjectType && !query.subjectId) {
      return this.listPage(viewer, query);
    }
    if (!query.subjectType || !query.subjectId) {
      throw query.subjectType
        ? invalidField('subjectId', 'required_with', 'subjectId is required with subjectType', { other: 'subjectType' })
        : invalidField('subjectType', 'required_with', 'subjectType is required with subjectId', { other: 'subjectId' });
    }
    const listOnly = LIST_ONLY.find((key) => query[key] !== undefined);
    if (listOnly) {
      throw invalidField(
        listOnly,
        'not_with',
        `${listOnly} cannot be used with subjectType and subjectId: it narrows the discussions list`,
        {
          other: 'subjectId',
        },
      );
    }
    const params = new SqlParams();
    const where = [this.readableSql(viewer, params)];
    where.push(`t.subject_type = ${params.add(query.subjectType)} AND t.subject_id = ${params.add(query.subjectId)}`);
    const rows = (await this.db.query(
      `SELECT ${THREAD_COLUMNS} FROM threads t WHERE ${where.join(' AND ')}
        ORDER BY (t.visibility = 'public') DESC, t.created_at, t.id`,
      params.values,
    )) as ThreadRow[];
    return this.views(rows, viewer);
  }

  /**
   * The discussions list: every thread the reader may read, narrowed by subject, visibility,
   * unread and a search, a page at a time, with the count of all matches, in one statement.
   * The search looks only at what the reader could read anyway: titles, and visible messages of
   * threads they may read (the readable condition applies to a match through messages too).
   */
  private async listPage(viewer: Viewer | null, query: ThreadListQuery): Promise<Page<ThreadListItem>> {
    // Whose read marks count, if anyone's (the rule returns a boolean, not a type guard).
    const reader = viewer && can.markThreadsRead(viewer) ? viewer : null;
    if (!reader && query.unread !== undefined) {
      throw invalidField('unread', 'needs_sign_in', 'unread: only a signed-in member has read marks');
    }
    if (!reader && query.sort === 'unread') {
      throw invalidField('sort', 'needs_sign_in', 'sort: only a signed-in member can sort by unread messages');
    }
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? PAGE_SIZE_DEFAULT;
    const params = new SqlParams();
    const where = [this.readableSql(viewer, params)];
    // The reader's read marks as one jsonb object, looked up per thread: the cost stays one index
    // range read plus a lookup per thread whatever the planner knows of thread_reads. Joined, a
    // table not yet analysed (a new deployment, a burst of first reads) was estimated at a row or
    // two and read again for every thread: 250 ms for 10,000 threads and 300 marks (EXPLAIN, issue 22).
    const ctes: string[] = [];
    let from = 'threads t';
    let unread = 'NULL::int';
    if (reader) {
      ctes.push(
        `marks AS (SELECT coalesce(jsonb_object_agg(r.thread_id, r.last_read_number), '{}') AS seen
                     FROM thread_reads r WHERE r.user_id = ${params.add(reader.id)}::uuid)`,
      );
      from = 'threads t CROSS JOIN marks';
      unread = `greatest(t.message_count - coalesce((marks.seen ->> t.id::text)::bigint, 0), 0)::int`;
    }
    if (query.subject) {
      where.push(query.subject === 'general' ? 't.subject_type IS NULL' : `t.subject_type = ${params.add(query.subject)}`);
    }
    if (query.visibility) {
      where.push(`t.visibility = ${params.add(query.visibility)}`);
    }
    let found = 'NULL::text';
    const q = query.q?.trim();
    if (q) {
      const tsquery = searchQuery(params.add(q));
      ctes.push(`title_matches AS (${titleMatches(tsquery)})`, `message_matches AS (${messageMatches(tsquery)})`);
      where.push('(t.id IN (SELECT id FROM title_matches) OR t.id IN (SELECT thread_id FROM message_matches))');
      found = `CASE WHEN t.id IN (SELECT id FROM title_matches) THEN 'title' ELSE 'messages' END`;
    }
    // Threads without a message come after every active one, whatever the sort.
    const order = (a: string) =>
      [
        ...(query.sort === 'unread' ? [`${a}.unread DESC`] : []),
        `${a}.last_message_at DESC NULLS LAST`,
        `${a}.created_at DESC`,
        `${a}.id`,
      ].join(', ');
    if (query.unread !== undefined) {
      where.push(`${unread} ${query.unread ? '> 0' : '= 0'}`);
    }
    ctes.push(
      `matches AS (SELECT t.id, ${unread} AS unread, ${found} AS found, t.last_message_at, t.created_at
                     FROM ${from} WHERE ${where.join(' AND ')})`,
      `page AS (SELECT * FROM matches m ORDER BY ${order('m')} LIMIT ${params.add(pageSize)} OFFSET ${params.add((page - 1) * pageSize)})`,
    );
    // The count's one row carries the total even past the last page, where no thread comes with it.
    const rows = (await this.db.query(
      `WITH ${ctes.join(',\n')}
       SELECT n.total, p.unread, p.found, ${THREAD_COLUMNS}
         FROM (SELECT count(*)::int AS total FROM matches) n
         LEFT JOIN (page p JOIN threads t ON t.id = p.id) ON TRUE
        ORDER BY ${order('p')}`,
      params.values,
    )) as Array<ThreadRow & { total: number; unread: number | null; found: ThreadListItem['found'] }>;
    const total = rows[0]?.total ?? 0;
    const listed = rows.filter((row) => row.id !== null);
    const views = await this.views(listed, viewer);
    const extra = new Map(listed.map((row) => [row.id, row]));
    const items = views.map((view) => {
      const row = extra.get(view.id);
      return { ...view, unread: row?.unread ?? null, found: row?.found ?? null };
    });
    return { items, total, page, pageSize };
  }

  async get(id: string, viewer: Viewer | null): Promise<ThreadView> {
    await this.readable(id, viewer);
    const [row] = (await this.db.query(`SELECT ${THREAD_COLUMNS} FROM threads t WHERE t.id = $1`, [id])) as ThreadRow[];
    const [view] = await this.views([row], viewer);
    return view;
  }

  /** The thread, if the reader may read it: 404 when it does not exist, 401/403 when they may not. */
  async readable(id: string, viewer: Viewer | null, db: Pick<EntityManager, 'query'> = this.db, lock = false): Promise<ThreadRecord> {
    const thread = await readThreadAccess(db, id, lock);
    if (!thread) {
      throw notFound('thread', id);
    }
    if (!can.readThread(viewer, thread)) {
      // The audience, never the title: the page says who reads it and what to do.
      const audience = thread.visibility as ThreadRefusal['audience'];
      throw viewer
        ? new DomainError('thread_audience', 'Your account may not read this thread', { audience }, undefined, { audience })
        : new DomainError('not_signed_in', 'Sign in to read this thread', { audience }, undefined, { audience });
    }
    return thread;
  }

  async create(dto: CreateThreadDto, viewer: Viewer): Promise<ThreadView> {
    const hasSubject = Boolean(dto.subjectType) || Boolean(dto.subjectId);
    if (hasSubject && !(dto.subjectType && dto.subjectId)) {
      throw dto.subjectType
        ? invalidField('subjectId', 'required_with', 'subjectId is required with subjectType', { other: 'subjectType' })
        : invalidField('subjectType', 'required_with', 'subjectType is required with subjectId', { other: 'subjectId' });
    }
    const id = await this.db.transaction(async (tx) => {
      let dialogueId = dto.dialogueId ?? null;
      if (dto.subjectType && dto.subjectId) {
        dialogueId = await this.subjectDialogue(tx, dto.subjectType, dto.subjectId, dialogueId);
      } else if (dialogueId) {
        const [exists] = (await tx.query('SELECT 1 FROM dialogues WHERE id = $1', [dialogueId])) as unknown[];
        if (!exists) {
          throw invalidField('dialogueId', 'unknown_dialogue', 'dialogueId must be the id of a dialogue');
        }
      }
      if (dto.visibility === 'participants' && !dialogueId) {
        throw invalidField(
          'dialogueId',
          'required',
          'dialogueId is required for a participants thread: its participating organisations read it',
        );
      }
      const [row] = (await tx.query(
        `INSERT INTO threads (subject_type, subject_id, dialogue_id, title_en, title_fr, visibility, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [dto.subjectType ?? null, dto.subjectId ?? null, dialogueId, dto.title.en ?? null, dto.title.fr ?? null, dto.visibility, viewer.id],
      )) as Array<{ id: string }>;
      await this.audit.append(tx, {
        actor: userActor(viewer.id),
        action: 'thread.created',
        entityType: 'thread',
        entityId: row.id,
        subject: `thread:${row.id}`,
        data: {
          id: row.id,
          title: dto.title,
          visibility: dto.visibility,
          dialogueId,
          subjectType: dto.subjectType ?? null,
          subjectId: dto.subjectId ?? null,
        },
      });
      return row.id;
    });
    return this.get(id, viewer);
  }

  /** Lock or unlock: a locked thread takes no new message except from the secretariat. */
  async setLocked(id: string, locked: boolean, reason: string, viewer: Viewer): Promise<ThreadView> {
    await this.db.transaction(async (tx) => {
      const thread = await readThreadAccess(tx, id, true);
      if (!thread) {
        throw notFound('thread', id);
      }
      if (thread.locked === locked) {
        throw invalidField('locked', 'already_in_state', `locked: the thread is already ${locked ? 'locked' : 'open'}`, {
          state: locked ? 'locked' : 'open',
        });
      }
      await tx.query('UPDATE threads SET locked = $2, updated_at = now() WHERE id = $1', [id, locked]);
      await this.audit.append(tx, {
        actor: userActor(viewer.id),
        action: locked ? 'thread.locked' : 'thread.unlocked',
        entityType: 'thread',
        entityId: id,
        subject: `thread:${id}`,
        data: { threadId: id, reason },
      });
      await this.events.record(tx, { type: 'thread.updated', threadId: id });
    });
    return this.get(id, viewer);
  }

  /** A thread as everyone in its room may read it: what `thread.updated` carries. */
  async roomView(id: string): Promise<Pick<ThreadView, 'id' | 'locked' | 'title' | 'visibility' | 'lastSeq'>> {
    const [row] = (await this.db.query(`SELECT ${THREAD_COLUMNS} FROM threads t WHERE t.id = $1`, [id])) as ThreadRow[];
    const view = toThreadView(row, null, false);
    return { id, locked: view.locked, title: view.title, visibility: view.visibility, lastSeq: view.lastSeq };
  }

  private async views(rows: ThreadRow[], viewer: Viewer | null): Promise<ThreadView[]> {
    const restricted = isActive(viewer) ? (await this.restrictions.postingBlock(viewer.id)) !== null : false;
    return rows
      .filter((row) => can.readThread(viewer, { visibility: row.visibility, participantOrganizationIds: row.participants }))
      .map((row) => toThreadView(row, viewer, restricted));
  }

  /** `can.readThread` in SQL, so pages count only what the reader may see. */
  private readableSql(viewer: Viewer | null, params: SqlParams): string {
    if (!isActive(viewer)) {
      return `t.visibility = 'public'`;
    }
    if (viewer.role === 'secretariat') {
      return 'TRUE';
    }
    const org = params.add(viewer.organizationId);
    return `(t.visibility = 'public'
      OR (t.visibility = 'participants' AND EXISTS (SELECT 1 FROM dialogue_participants dp WHERE dp.dialogue_id = t.dialogue_id AND dp.organization_id = ${org}::uuid))
      OR t.visibility = ${params.add(`group:${viewer.group ?? ''}`)})`;
  }

  /** A thread about something belongs to its dialogue (for `participants` visibility). */
  private async subjectDialogue(tx: EntityManager, type: SubjectType, id: string, given: string | null): Promise<string> {
    const column = type === 'dialogue' ? 'id' : 'dialogue_id';
    const [row] = (await tx.query(`SELECT ${column} AS dialogue_id FROM ${SUBJECT_TABLES[type]} WHERE id = $1`, [id])) as Array<{
      dialogue_id: string;
    }>;
    if (!row) {
      throw invalidField('subjectId', 'unknown_subject', `subjectId must be the id of a ${type}`, { type });
    }
    if (given && given !== row.dialogue_id) {
      throw invalidField('dialogueId', 'subject_dialogue', `dialogueId must be the dialogue of that ${type}`, { type });
    }
    return row.dialogue_id;
  }
}
