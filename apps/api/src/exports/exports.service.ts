import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PAGE_SIZE_MAX, type CommitmentRoundState, type CommitmentSummary } from '@suivi/contracts';
import { DataSource } from 'typeorm';

import { isoDate } from '../common/bilingual';
import { CommitmentListQuery } from '../commitments/commitments.dto';
import { CommitmentsService } from '../commitments/commitments.service';
import { joinList, toCsv, type Cell } from '../common/csv';
import { reportsOf } from '../reports/reports.service';
import { roundStatesOf } from '../rounds/rounds.service';
import { Clock } from '../clock/clock';

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
  // Its state in the latest reporting round that asked about it: "no report this round" is a finding.
  'round_id',
  'round_title_en',
  'round_title_fr',
  'round_due_on',
  'round_self_report',
  'round_assessment',
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

@Injectable()
export class ExportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly commitments: CommitmentsService,
    private readonly clock: Clock,
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
    const rounds = await roundStatesOf(
      this.db,
      items.map((c) => c.id),
      await this.clock.today(),
    );
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
          ...latestRoundColumns(rounds.get(c.id)?.[0]),
        ];
      }),
    );
  }

  async reportsCsv(query: CommitmentListQuery): Promise<string> {
    const items = await this.selected(query);
    const titles = new Map(items.map((c) => [c.id, c.title]));
    // The public view only: the organisation, never the person.
    const reports = await reportsOf(
      this.db,
      items.map((c) => c.id),
      null,
    );
    return toCsv(
      REPORT_CSV_COLUMNS,
      reports.map((view) => {
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

function latestRoundColumns(round: CommitmentRoundState | undefined): Cell[] {
  return round
    ? [round.roundId, round.title.en, round.title.fr, round.dueOn, round.states.self_report, round.states.independent_assessment]
    : [null, null, null, null, null, null];
}
