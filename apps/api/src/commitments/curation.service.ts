import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CommitmentView, Viewer } from '@suivi/contracts';
import { DataSource, type EntityManager } from 'typeorm';

import { invalidField, notFound, staleEdit } from '../common/domain-error';
import { AuditService, userActor } from '../audit/audit.service';
import { DomainEvents } from '../events/domain-events';
import { NotificationsService } from '../notifications/notifications.service';
import { createPublicThread } from '../threads/public-thread';
import type { CreateCommitmentDto, UpdateCommitmentDto } from './commitment-input.dto';
import { CommitmentsService } from './commitments.service';

type Queryable = Pick<EntityManager, 'query'>;

type CurrentCommitment = Record<string, unknown> & {
  dialogue_id: string;
  version: number;
  start_date: string | null;
  due_date: string | null;
  owner_id: string;
};

/** The secretariat's curation of commitments: create, and edit with the version that was read. */
@Injectable()
export class CommitmentCurationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly commitments: CommitmentsService,
    private readonly notifications: NotificationsService,
    private readonly events: DomainEvents,
  ) {}

  async create(dto: CreateCommitmentDto, viewer: Viewer): Promise<CommitmentView> {
    const id = await this.db.transaction((tx) => this.insert(tx, dto, viewer));
    return this.commitments.get(id);
  }

  /**
   * What refuses a new commitment, read without writing or locking anything: an import's dry run
   * checks every row with it, and `insert` runs it again inside its transaction.
   */
  async checkCreate(db: Queryable, dto: CreateCommitmentDto): Promise<void> {
    checkDates(dto.startDate, dto.dueDate);
    const [dialogue] = (await db.query('SELECT id FROM dialogues WHERE id = $1', [dto.dialogueId])) as unknown[];
    if (!dialogue) {
      throw invalidField('dialogueId', 'unknown_dialogue', 'dialogueId does not name a known dialogue');
    }
    await this.checkReferences(db, dto.dialogueId, dto.ownerId, dto.supportingIds, dto.recommendationIds);
  }

  /** A new commitment inside the caller's transaction (an import writes many), with the id given or a new one. */
  async insert(tx: EntityManager, dto: CreateCommitmentDto, viewer: Viewer, id?: string): Promise<string> {
    await this.checkCreate(tx, dto);
    const [row] = (await tx.query(
      `INSERT INTO commitments (id, dialogue_id, title_en, title_fr, description_en, description_fr, owner_id, themes, regions,
                                start_date, due_date, indicators)
       VALUES (coalesce($12::uuid, gen_random_uuid()), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        dto.dialogueId,
        dto.title.en ?? null,
        dto.title.fr ?? null,
        dto.description?.en ?? null,
        dto.description?.fr ?? null,
        dto.ownerId,
        dto.themes ?? [],
        dto.regions ?? [],
        dto.startDate ?? null,
        dto.dueDate ?? null,
        JSON.stringify(dto.indicators ?? []),
        id ?? null,
      ],
    )) as Array<{ id: string }>;
    await this.setLinks(tx, row.id, dto.supportingIds ?? [], dto.recommendationIds ?? []);
    await this.audit.append(tx, {
      actor: userActor(viewer.id),
      action: 'commitment.created',
      entityType: 'commitment',
      entityId: row.id,
      subject: `commitment:${row.id}`,
      data: { id: row.id, ...dto },
    });
    await createPublicThread(tx, this.audit, { type: 'commitment', id: row.id, dialogueId: dto.dialogueId }, userActor(viewer.id));
    await this.events.record(tx, { type: 'commitment.updated', commitmentId: row.id });
    return row.id;
  }

  /**
   * Edits carry the version that was read. A stale one is refused with a 409 whose body holds the
   * current record, so the screen can show what changed and let the person re-apply.
   */
  async update(id: string, dto: UpdateCommitmentDto, viewer: Viewer): Promise<CommitmentView> {
    await this.db.transaction((tx) => this.applyUpdate(tx, id, dto, viewer));
    return this.commitments.get(id);
  }

  /**
   * What refuses an edit (unknown commitment, stale version, dates, references), read without
   * writing; inside a transaction `lock` takes the commitment's row first.
   */
  async checkUpdate(db: Queryable, id: string, dto: UpdateCommitmentDto, lock = false): Promise<CurrentCommitment> {
    const [current] = (await db.query(
      `SELECT id, dialogue_id, title_en, title_fr, description_en, description_fr, owner_id, themes, regions, start_date, due_date,
              indicators, version FROM commitments WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    )) as CurrentCommitment[];
    if (!current) {
      throw notFound('commitment', id);
    }
    if (current.version !== dto.version) {
      throw staleEdit(
        'This commitment was changed by someone else since you opened it; here is the current record',
        await this.commitments.get(id, db),
      );
    }
    const startDate = dto.startDate === undefined ? current.start_date : dto.startDate;
    const dueDate = dto.dueDate === undefined ? current.due_date : dto.dueDate;
    checkDates(startDate, dueDate);
    await this.checkReferences(db, current.dialogue_id, dto.ownerId ?? current.owner_id, dto.supportingIds, dto.recommendationIds);
    return current;
  }

  /** An edit inside the caller's transaction (an import writes many). */
  async applyUpdate(tx: EntityManager, id: string, dto: UpdateCommitmentDto, viewer: Viewer): Promise<void> {
    const current = await this.checkUpdate(tx, id, dto, true);
    const startDate = dto.startDate === undefined ? current.start_date : dto.startDate;
    const dueDate = dto.dueDate === undefined ? current.due_date : dto.dueDate;
    const title = dto.title ?? { en: current['title_en'] as string | undefined, fr: current['title_fr'] as string | undefined };
    const description = dto.description ?? {
      en: current['description_en'] as string | undefined,
      fr: current['description_fr'] as string | undefined,
    };
    await tx.query(
      `UPDATE commitments SET title_en = $2, title_fr = $3, description_en = $4, description_fr = $5, owner_id = $6, themes = $7,
              regions = $8, start_date = $9, due_date = $10, indicators = $11, version = version + 1, updated_at = now()
        WHERE id = $1`,
      [
        id,
        title.en ?? null,
        title.fr ?? null,
        description.en ?? null,
        description.fr ?? null,
        dto.ownerId ?? current.owner_id,
        dto.themes ?? current['themes'],
        dto.regions ?? current['regions'],
        startDate,
        dueDate,
        JSON.stringify(dto.indicators ?? current['indicators']),
      ],
    );
    if (dto.supportingIds || dto.recommendationIds) {
      await this.setLinks(tx, id, dto.supportingIds, dto.recommendationIds);
    }
    const { version: _version, ...changes } = dto;
    await this.audit.append(tx, {
      actor: userActor(viewer.id),
      action: 'commitment.updated',
      entityType: 'commitment',
      entityId: id,
      subject: `commitment:${id}`,
      data: { id, changes, before: { ...current, version: current.version } },
    });
    if (dueDate !== current.due_date) {
      await this.notifications.notifyFollowersOfCommitment(tx, id, 'due_date', { from: current.due_date, to: dueDate }, viewer.id);
    }
    await this.events.record(tx, { type: 'commitment.updated', commitmentId: id });
  }

  private async checkReferences(
    tx: Queryable,
    dialogueId: string,
    ownerId: string,
    supportingIds: string[] | undefined,
    recommendationIds: string[] | undefined,
  ): Promise<void> {
    const orgIds = [ownerId, ...(supportingIds ?? [])];
    const known = (await tx.query('SELECT id FROM organizations WHERE id = ANY($1::uuid[])', [orgIds])) as Array<{ id: string }>;
    const knownIds = new Set(known.map((k) => k.id));
    if (!knownIds.has(ownerId)) {
      throw invalidField('ownerId', 'unknown_organisation', 'ownerId does not name a known organisation');
    }
    if ((supportingIds ?? []).some((s) => !knownIds.has(s))) {
      throw invalidField('supportingIds', 'unknown_organisation', 'supportingIds names an unknown organisation');
    }
    if ((supportingIds ?? []).includes(ownerId)) {
      throw invalidField('supportingIds', 'owner_supporting', 'supportingIds must not include the owner');
    }
    if (recommendationIds?.length) {
      const recs = (await tx.query('SELECT id FROM recommendations WHERE id = ANY($1::uuid[]) AND dialogue_id = $2', [
        recommendationIds,
        dialogueId,
      ])) as unknown[];
      if (recs.length !== recommendationIds.length) {
        throw invalidField(
          'recommendationIds',
          'recommendation_dialogue',
          'recommendationIds must name recommendations of the same dialogue',
        );
      }
    }
  }

  private async setLinks(
    tx: EntityManager,
    id: string,
    supportingIds: string[] | undefined,
    recommendationIds: string[] | undefined,
  ): Promise<void> {
    if (supportingIds) {
      await tx.query('DELETE FROM commitment_supporters WHERE commitment_id = $1', [id]);
      for (const org of supportingIds) {
        await tx.query('INSERT INTO commitment_supporters (commitment_id, organization_id) VALUES ($1, $2)', [id, org]);
      }
    }
    if (recommendationIds) {
      await tx.query('DELETE FROM commitment_recommendations WHERE commitment_id = $1', [id]);
      for (const rec of recommendationIds) {
        await tx.query('INSERT INTO commitment_recommendations (commitment_id, recommendation_id) VALUES ($1, $2)', [id, rec]);
      }
    }
  }
}

function checkDates(startDate: string | null | undefined, dueDate: string | null | undefined): void {
  if (startDate && dueDate && dueDate < startDate) {
    throw invalidField('dueDate', 'date_order', 'dueDate must not be before startDate', { after: 'startDate' });
  }
}
