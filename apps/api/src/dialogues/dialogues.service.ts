import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DialogueView, OrganizationRef, Room, Viewer } from '@suivi/contracts';
import { DataSource, type EntityManager } from 'typeorm';

import { invalidField, notFound, staleEdit } from '../common/domain-error';
import { AuditService, userActor } from '../audit/audit.service';
import { DomainEvents } from '../events/domain-events';
import { createPublicThread } from '../threads/public-thread';
import type { CreateDialogueDto, UpdateDialogueDto } from './dialogues.dto';

import { bilingual, isoDate } from '../common/bilingual';
import { changedRows } from '../common/sql';

interface DialogueRow {
  id: string;
  title_en: string | null;
  title_fr: string | null;
  summary_en: string | null;
  summary_fr: string | null;
  place: string;
  start_date: string;
  end_date: string;
  status: DialogueView['status'];
  version: number;
  recommendation_count: number;
  commitment_count: number;
  organizations: Array<{
    id: string;
    name_en: string | null;
    name_fr: string | null;
    acronym: string | null;
    stakeholder_group: OrganizationRef['group'];
  }>;
}

const DIALOGUE_SQL = `
  SELECT d.id, d.title_en, d.title_fr, d.summary_en, d.summary_fr, d.place, d.start_date, d.end_date, d.status, d.version,
    (SELECT count(*)::int FROM recommendations r WHERE r.dialogue_id = d.id) AS recommendation_count,
    (SELECT count(*)::int FROM commitments c WHERE c.dialogue_id = d.id) AS commitment_count,
    coalesce((SELECT json_agg(json_build_object('id', o.id, 'name_en', o.name_en, 'name_fr', o.name_fr,
                      'acronym', o.acronym, 'stakeholder_group', o.stakeholder_group)
                      ORDER BY o.stakeholder_group, coalesce(o.acronym, o.name_en, o.name_fr))
                FROM dialogue_participants dp JOIN organizations o ON o.id = dp.organization_id
               WHERE dp.dialogue_id = d.id), '[]') AS organizations
  FROM dialogues d`;

@Injectable()
export class DialoguesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async create(dto: CreateDialogueDto, viewer: Viewer): Promise<DialogueView> {
    checkDates(dto.startDate, dto.endDate);
    const id = await this.db.transaction(async (tx) => {
      const [row] = (await tx.query(
        `INSERT INTO dialogues (title_en, title_fr, summary_en, summary_fr, place, start_date, end_date, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          dto.title.en ?? null,
          dto.title.fr ?? null,
          dto.summary?.en ?? null,
          dto.summary?.fr ?? null,
          dto.place ?? '',
          dto.startDate,
          dto.endDate,
          dto.status ?? 'planned',
        ],
      )) as Array<{ id: string }>;
      await this.setParticipants(tx, row.id, dto.participantIds ?? []);
      await this.audit.append(tx, {
        actor: userActor(viewer.id),
        action: 'dialogue.created',
        entityType: 'dialogue',
        entityId: row.id,
        subject: `dialogue:${row.id}`,
        data: { id: row.id, ...dto },
      });
      await createPublicThread(tx, this.audit, { type: 'dialogue', id: row.id, dialogueId: row.id }, userActor(viewer.id));
      return row.id;
    });
    return this.get(id);
  }

  async update(id: string, dto: UpdateDialogueDto, viewer: Viewer): Promise<DialogueView> {
    await this.db.transaction(async (tx) => {
      const [before] = (await tx.query('SELECT * FROM dialogues WHERE id = $1 FOR UPDATE', [id])) as Array<
        Record<string, unknown> & { version: number; start_date: string; end_date: string }
      >;
      if (!before) {
        throw notFound('dialogue', id);
      }
      if (before.version !== dto.version) {
        throw staleEdit('This dialogue was changed by someone else; here is the current record', await this.get(id, tx));
      }
      const startDate = dto.startDate ?? before.start_date;
      const endDate = dto.endDate ?? before.end_date;
      checkDates(startDate, endDate);
      const title = dto.title ?? { en: before['title_en'] as string | undefined, fr: before['title_fr'] as string | undefined };
      const summary = dto.summary ?? { en: before['summary_en'] as string | undefined, fr: before['summary_fr'] as string | undefined };
      await tx.query(
        `UPDATE dialogues SET title_en = $2, title_fr = $3, summary_en = $4, summary_fr = $5, place = $6, start_date = $7, end_date = $8,
                status = $9, version = version + 1, updated_at = now() WHERE id = $1`,
        [
          id,
          title.en ?? null,
          title.fr ?? null,
          summary.en ?? null,
          summary.fr ?? null,
          dto.place ?? before['place'],
          startDate,
          endDate,
          dto.status ?? before['status'],
        ],
      );
      if (dto.participantIds) {
        await this.setParticipants(tx, id, dto.participantIds);
      }
      const { version: _version, ...changes } = dto;
      await this.audit.append(tx, {
        actor: userActor(viewer.id),
        action: 'dialogue.updated',
        entityType: 'dialogue',
        entityId: id,
        subject: `dialogue:${id}`,
        data: { id, changes },
      });
    });
    return this.get(id);
  }

  private async setParticipants(tx: EntityManager, id: string, organizationIds: string[]): Promise<void> {
    const known = (await tx.query('SELECT id FROM organizations WHERE id = ANY($1::uuid[])', [organizationIds])) as unknown[];
    if (known.length !== organizationIds.length) {
      throw invalidField('participantIds', 'unknown_organisation', 'participantIds names an unknown organisation');
    }
    const removed = await changedRows<{ organization_id: string }>(
      tx,
      'DELETE FROM dialogue_participants WHERE dialogue_id = $1 AND NOT organization_id = ANY($2::uuid[]) RETURNING organization_id',
      [id, organizationIds],
    );
    await tx.query(
      `INSERT INTO dialogue_participants (dialogue_id, organization_id) SELECT $1, org FROM unnest($2::uuid[]) org ON CONFLICT DO NOTHING`,
      [id, organizationIds],
    );
    if (removed.length) {
      // Members of a removed organisation stop reading the participants threads now, sockets included.
      const threads = (await tx.query(`SELECT id FROM threads WHERE dialogue_id = $1 AND visibility = 'participants'`, [id])) as Array<{
        id: string;
      }>;
      if (threads.length) {
        await this.events.record(tx, { type: 'access.changed', rooms: threads.map((t) => `thread:${t.id}` as Room) });
      }
    }
  }

  async list(): Promise<DialogueView[]> {
    const rows = (await this.db.query(`${DIALOGUE_SQL} ORDER BY d.start_date DESC`)) as DialogueRow[];
    return rows.map(toDialogueView);
  }

  async get(id: string, tx: EntityManager = this.db.manager): Promise<DialogueView> {
    const [row] = (await tx.query(`${DIALOGUE_SQL} WHERE d.id = $1`, [id])) as DialogueRow[];
    if (!row) {
      throw notFound('dialogue', id);
    }
    return toDialogueView(row);
  }
}

function checkDates(startDate: string, endDate: string): void {
  if (endDate < startDate) {
    throw invalidField('endDate', 'date_order', 'endDate must not be before startDate', { after: 'startDate' });
  }
}

function toDialogueView(row: DialogueRow): DialogueView {
  return {
    id: row.id,
    title: bilingual(row.title_en, row.title_fr),
    summary: bilingual(row.summary_en, row.summary_fr),
    place: row.place,
    startDate: isoDate(row.start_date) ?? '',
    endDate: isoDate(row.end_date) ?? '',
    status: row.status,
    organizations: row.organizations.map((o) => ({
      id: o.id,
      name: bilingual(o.name_en, o.name_fr),
      acronym: o.acronym,
      group: o.stakeholder_group,
    })),
    recommendationCount: row.recommendation_count,
    commitmentCount: row.commitment_count,
    version: row.version,
  };
}
