import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PAGE_SIZE_MAX, type CommitmentSummary, type Viewer } from '@suivi/contracts';
import { DataSource } from 'typeorm';

import { canonicalJson, sha256 } from '../audit/canonical';
import { AuditService } from '../audit/audit.service';
import { bilingual, isoDate } from '../common/bilingual';
import { CommitmentListQuery } from '../commitments/commitments.dto';
import { CommitmentsService } from '../commitments/commitments.service';
import { DialoguesService } from '../dialogues/dialogues.service';
import { MESSAGE_COLUMNS, MESSAGE_FROM, toMessageView, type MessageRow } from '../messages/message-rows';
import { REPORT_COLUMNS, REPORT_FROM, toReportView, type ReportRow } from '../reports/report-rows';
import { THREAD_COLUMNS, toThreadView, type ThreadRow } from '../threads/thread-rows';
import { RecommendationsService } from '../recommendations/recommendations.service';
import { joinList, toCsv } from './csv';

export const COMMITMENT_CSV_COLUMNS = [
  'id',
  'dialogue_id',
  'title_en',
  'title_fr',
  'description_en',
  'description_fr',
  'owner_id',
  'owner',
  'supporting_ids',
  'recommendation_codes',
  'themes',
  'regions',
  'start_date',
  'due_date',
  'indicators',
  'current_status',
  'verified_status',
  'assessed_status',
  'overdue',
  'contested',
  'last_report_at',
];

export const REPORT_CSV_COLUMNS = [
  'id',
  'commitment_id',
  'commitment_title_en',
  'commitment_title_fr',
  'kind',
  'status',
  'percent',
  'narrative_en',
  'narrative_fr',
  'evidence_links',
  'organization_id',
  'organization',
  'created_at',
  'verified_at',
  'corrects_id',
  'illustrative',
];

/** One record of the open data export, with the hash of exactly what the public may see. */
export interface OpenDataRecord<T> {
  id: string;
  hash: string;
  data: T;
}

@Injectable()
export class ExportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly commitments: CommitmentsService,
    private readonly dialogues: DialoguesService,
    private readonly recommendations: RecommendationsService,
    private readonly audit: AuditService,
  ) {}

  /** Every commitment the list's filters select, all pages. */
  async selected(query: CommitmentListQuery): Promise<CommitmentSummary[]> {
    const out: CommitmentSummary[] = [];
    for (let page = 1; ; page++) {
      const result = await this.commitments.list({ ...query, page, pageSize: PAGE_SIZE_MAX });
      out.push(...result.items);
      if (out.length >= result.total || !result.items.length) {
        return out;
      }
    }
  }

  async commitmentsCsv(query: CommitmentListQuery): Promise<string> {
    const items = await this.selected(query);
    const details = await this.details(items.map((c) => c.id));
    return toCsv(
      COMMITMENT_CSV_COLUMNS,
      items.map((c) => {
        const d = details.get(c.id);
        return [
          c.id,
          d?.dialogue_id,
          c.title.en,
          c.title.fr,
          d?.description_en,
          d?.description_fr,
          c.owner.id,
          c.owner.acronym ?? c.owner.name.en ?? c.owner.name.fr,
          joinList(d?.supporting_ids),
          joinList(c.recommendationCodes),
          joinList(c.themes),
          joinList(c.regions),
          isoDate(d?.start_date),
          c.dueDate,
          JSON.stringify(d?.indicators ?? []),
          c.currentStatus,
          c.verifiedStatus,
          c.assessedStatus,
          c.overdue,
          c.contested,
          c.lastReportAt,
        ];
      }),
    );
  }

  async reportsCsv(query: CommitmentListQuery): Promise<string> {
    const items = await this.selected(query);
    const titles = new Map(items.map((c) => [c.id, c.title]));
    const rows = (await this.db.query(
      `SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} WHERE p.commitment_id = ANY($1::uuid[]) ORDER BY p.commitment_id, p.created_at, p.id`,
      [items.map((c) => c.id)],
    )) as ReportRow[];
    return toCsv(
      REPORT_CSV_COLUMNS,
      rows.map((r) => {
        // The public view only: the organisation, never the person.
        const view = toReportView(r, null);
        const title = titles.get(view.commitmentId);
        return [
          view.id,
          view.commitmentId,
          title?.en,
          title?.fr,
          view.kind,
          view.status,
          view.percent,
          view.narrative.en,
          view.narrative.fr,
          view.evidenceLinks.join(' '),
          view.organization.id,
          view.organization.acronym ?? view.organization.name.en ?? view.organization.name.fr,
          view.createdAt,
          view.verification?.verifiedAt,
          view.correctsId,
          view.illustrative,
        ];
      }),
    );
  }

  /**
   * Everything the public may see, each record with the hash of that public view, and the audit
   * chain as links (sequence, previous hash, hash) with its checkpoints. Offline, anyone can check
   * the records' hashes, the links, and that the chain still passes through a head they kept.
   * The chain's canonical texts and salted digests stay out: they name accounts, not organisations.
   */
  async openData(viewer: Viewer | null = null): Promise<Record<string, unknown>> {
    const [dialogues, recommendations, commitments] = await Promise.all([
      this.dialogues.list(),
      this.recommendations.list({}),
      this.selected({}),
    ]);
    const full = await Promise.all(commitments.map((c) => this.commitments.get(c.id)));
    const reportRows = (await this.db.query(`SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} ORDER BY p.created_at, p.id`)) as ReportRow[];
    const milestones = (await this.db.query(
      'SELECT id, commitment_id, title_en, title_fr, planned_date, reached_date, evidence FROM milestones ORDER BY commitment_id, planned_date NULLS LAST, id',
    )) as Array<{
      id: string;
      commitment_id: string;
      title_en: string | null;
      title_fr: string | null;
      planned_date: string | null;
      reached_date: string | null;
      evidence: string | null;
    }>;
    // The public discussion as the public reads it: pseudonymous messages under their pseudonym
    // only, hidden ones without their words, deleted ones as tombstones.
    const threadRows = (await this.db.query(
      `SELECT ${THREAD_COLUMNS} FROM threads t WHERE t.visibility = 'public' ORDER BY t.created_at, t.id`,
    )) as ThreadRow[];
    const messageRows = (await this.db.query(
      `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM} JOIN threads th ON th.id = m.thread_id AND th.visibility = 'public'
        ORDER BY m.thread_id, m.number`,
      [null, false],
    )) as MessageRow[];
    const links = (await this.db.query('SELECT seq, prev_hash, hash FROM audit_events ORDER BY seq')) as Array<{
      seq: string;
      prev_hash: string;
      hash: string;
    }>;
    const checkpoints = await this.audit.checkpoints(10_000);
    const head = links.at(-1);
    return {
      format: 'suivi-open-data/1',
      generatedAt: new Date().toISOString(),
      notice:
        'Public records of Suivi. Each record carries sha256 of its canonical JSON (keys sorted). Verify with: npm run verify-export -- FILE [--extends SEQ:HASH]',
      dialogues: dialogues.map(record),
      recommendations: recommendations.map(record),
      commitments: full.map(record),
      reports: reportRows.map((r) => record(toReportView(r, viewer))),
      milestones: milestones.map((m) =>
        record({
          id: m.id,
          commitmentId: m.commitment_id,
          title: bilingual(m.title_en, m.title_fr),
          plannedDate: isoDate(m.planned_date),
          reachedDate: isoDate(m.reached_date),
          evidence: m.evidence,
        }),
      ),
      threads: threadRows.map((row) => {
        const { canPost: _p, canPostPseudonymously: _q, ...view } = toThreadView(row, null, false);
        return record(view);
      }),
      messages: messageRows.map((row) => {
        const { mine: _m, openFlags: _f, ...view } = toMessageView(row);
        return record(view);
      }),
      audit: {
        head: head ? { seq: Number(head.seq), hash: head.hash } : null,
        checkpoints: checkpoints.map((c) => ({ seq: c.seq, hash: c.hash, createdAt: c.createdAt })).reverse(),
        links: links.map((l) => [Number(l.seq), l.prev_hash, l.hash]),
      },
    };
  }

  private async details(ids: string[]) {
    const rows = (await this.db.query(
      `SELECT c.id, c.dialogue_id, c.description_en, c.description_fr, c.start_date, c.indicators,
              ARRAY(SELECT s.organization_id::text FROM commitment_supporters s WHERE s.commitment_id = c.id ORDER BY s.organization_id) AS supporting_ids
         FROM commitments c WHERE c.id = ANY($1::uuid[])`,
      [ids],
    )) as Array<{
      id: string;
      dialogue_id: string;
      description_en: string | null;
      description_fr: string | null;
      start_date: string | null;
      indicators: unknown[];
      supporting_ids: string[];
    }>;
    return new Map(rows.map((r) => [r.id, r]));
  }
}

function record<T extends { id: string }>(data: T): OpenDataRecord<T> {
  return { id: data.id, hash: sha256(canonicalJson(data)), data };
}
