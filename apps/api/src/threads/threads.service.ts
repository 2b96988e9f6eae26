import { BadRequestException, ForbiddenException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  can,
  isActive,
  PAGE_SIZE_DEFAULT,
  type Page,
  type SubjectType,
  type ThreadRefusal,
  type ThreadView,
  type Viewer,
} from '@suivi/contracts';
import { DataSource, type EntityManager } from 'typeorm';

import { AuditService, userActor } from '../audit/audit.service';
import { DomainEvents } from '../events/domain-events';
import { SqlParams } from '../common/sql';
import { RestrictionsService } from '../restrictions/restrictions.service';
import type { CreateThreadDto, ThreadListQuery } from './threads.dto';
import { readThreadAccess, THREAD_COLUMNS, toThreadView, type ThreadRecord, type ThreadRow } from './thread-rows';

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

  async list(viewer: Viewer | null, query: ThreadListQuery): Promise<ThreadView[] | Page<ThreadView>> {
    const params = new SqlParams();
    const where = [this.readableSql(viewer, params)];
    if (query.subjectType || query.subjectId) {
      if (!query.subjectType || !query.subjectId) {
        throw new BadRequestException([
          query.subjectType ? 'subjectId is required with subjectType' : 'subjectType is required with subjectId',
        ]);
      }
      where.push(`t.subject_type = ${params.add(query.subjectType)} AND t.subject_id = ${params.add(query.subjectId)}`);
      const rows = (await this.db.query(
        `SELECT ${THREAD_COLUMNS} FROM threads t WHERE ${where.join(' AND ')}
          ORDER BY (t.visibility = 'public') DESC, t.created_at, t.id`,
        params.values,
      )) as ThreadRow[];
      return this.views(rows, viewer);
    }
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? PAGE_SIZE_DEFAULT;
    const [{ total }] = (await this.db.query(
      `SELECT count(*)::int AS total FROM threads t WHERE ${where.join(' AND ')}`,
      params.values,
    )) as Array<{
      total: number;
    }>;
    const rows = (await this.db.query(
      `SELECT ${THREAD_COLUMNS} FROM threads t WHERE ${where.join(' AND ')}
        ORDER BY t.last_message_at DESC NULLS LAST, t.created_at DESC, t.id
        LIMIT ${params.add(pageSize)} OFFSET ${params.add((page - 1) * pageSize)}`,
      params.values,
    )) as ThreadRow[];
    return { items: await this.views(rows, viewer), total, page, pageSize };
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
      throw new NotFoundException(`No thread ${id}`);
    }
    if (!can.readThread(viewer, thread)) {
      // The audience, never the title: the page says who reads it and what to do.
      const audience = thread.visibility as ThreadRefusal['audience'];
      throw viewer
        ? new ForbiddenException({ message: 'Your account may not read this thread', audience })
        : new UnauthorizedException({ message: 'Sign in to read this thread', audience });
    }
    return thread;
  }

  async create(dto: CreateThreadDto, viewer: Viewer): Promise<ThreadView> {
    const hasSubject = Boolean(dto.subjectType) || Boolean(dto.subjectId);
    if (hasSubject && !(dto.subjectType && dto.subjectId)) {
      throw new BadRequestException([
        dto.subjectType ? 'subjectId is required with subjectType' : 'subjectType is required with subjectId',
      ]);
    }
    const id = await this.db.transaction(async (tx) => {
      let dialogueId = dto.dialogueId ?? null;
      if (dto.subjectType && dto.subjectId) {
        dialogueId = await this.subjectDialogue(tx, dto.subjectType, dto.subjectId, dialogueId);
      } else if (dialogueId) {
        const [exists] = (await tx.query('SELECT 1 FROM dialogues WHERE id = $1', [dialogueId])) as unknown[];
        if (!exists) {
          throw new BadRequestException(['dialogueId must be the id of a dialogue']);
        }
      }
      if (dto.visibility === 'participants' && !dialogueId) {
        throw new BadRequestException(['dialogueId is required for a participants thread: its participating organisations read it']);
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
        throw new NotFoundException(`No thread ${id}`);
      }
      if (thread.locked === locked) {
        throw new BadRequestException([`locked: the thread is already ${locked ? 'locked' : 'open'}`]);
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
      throw new BadRequestException([`subjectId must be the id of a ${type}`]);
    }
    if (given && given !== row.dialogue_id) {
      throw new BadRequestException([`dialogueId must be the dialogue of that ${type}`]);
    }
    return row.dialogue_id;
  }
}
