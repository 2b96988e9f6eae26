import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  addDays,
  can,
  CLOSED_STATUSES,
  WORK_DUE_WITHIN_DAYS,
  WORK_LIST_MAX,
  type MyWork,
  type RequestTrack,
  type SecretariatQueues,
  type Viewer,
  type WorkCommitment,
  type WorkReportToVerify,
  type WorkRequest,
} from '@suivi/contracts';
import { DataSource } from 'typeorm';

import { AccountsService } from '../accounts/accounts.service';
import { requestRows } from '../audit/round-states';
import { latestReport } from '../audit/tracking';
import { Clock } from '../clock/clock';
import { bilingual, isoDate } from '../common/bilingual';
import { SingleFlight } from '../common/single-flight';
import { DomainEvents } from '../events/domain-events';
import { LiveChannel } from '../events/live-channel';
import { RoundsService } from '../rounds/rounds.service';

/** How long a burst of changes is gathered into one push of the queue counts. */
const QUEUES_PUSH_DELAY_MS = 150;

/** A report waits for verification when it is its commitment's latest self-report and nobody verified it. */
const TO_VERIFY = `
  FROM commitments c
  JOIN LATERAL (${latestReport('self_report', 'c.id', { columns: ['id', 'created_at', 'organization_id'] })}) p ON true
  LEFT JOIN organizations o ON o.id = p.organization_id
 WHERE NOT EXISTS (SELECT 1 FROM report_verifications v WHERE v.report_id = p.id)`;

/**
 * "My work" (DESIGN.md): what is asked of the reader now. A member sees their organisation's
 * open report requests, its commitments due or overdue, and the newcomers they may confirm or
 * vouch for; civil society also the assessments a round invites; the secretariat its queues
 * (accounts to approve, open flags, reports to verify) and every dialogue's current round. The
 * queue counts are pushed to the secretariat's `moderation` room whenever one may have moved.
 */
@Injectable()
export class WorkService implements OnModuleInit {
  private pushTimer: NodeJS.Timeout | null = null;
  private readonly queueReads = new SingleFlight<SecretariatQueues>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly accounts: AccountsService,
    private readonly rounds: RoundsService,
    private readonly events: DomainEvents,
    private readonly live: LiveChannel,
  ) {}

  onModuleInit(): void {
    for (const type of ['queues.changed', 'account.waiting', 'flag.created', 'flag.resolved', 'report.verified'] as const) {
      this.events.after(type, () => this.schedulePush());
    }
  }

  async forViewer(viewer: Viewer): Promise<MyWork> {
    const today = await this.clock.today();
    const secretariat = can.curate(viewer);
    const [requests, due, newcomers, queues, toVerify, rounds] = await Promise.all([
      this.requests(viewer, today),
      viewer.organizationId && !secretariat ? this.commitmentsDue(viewer.organizationId, today) : { items: [], total: 0 },
      can.seeNewcomers(viewer) ? this.accounts.newcomers(viewer) : [],
      secretariat ? this.queues() : null,
      secretariat ? this.reportsToVerify() : { items: [], total: 0 },
      secretariat ? this.rounds.current() : [],
    ]);
    return {
      requests: requests.items,
      commitmentsDue: due.items,
      newcomers,
      queues,
      reportsToVerify: toVerify.items,
      rounds,
      counts: { requests: requests.total, commitmentsDue: due.total, newcomers: newcomers.length, reportsToVerify: toVerify.total },
    };
  }

  async queues(): Promise<SecretariatQueues> {
    return this.queueReads.run(`queues@${this.events.generation}`, async () => {
      const [row] = (await this.db.query(
        `SELECT (SELECT count(*)::int FROM users WHERE status = 'pending' AND approved_at IS NULL) AS accounts,
                (SELECT count(*)::int FROM flags WHERE state = 'open') AS flags,
                (SELECT count(*)::int ${TO_VERIFY}) AS reports`,
      )) as Array<{ accounts: number; flags: number; reports: number }>;
      return { accountsToApprove: row.accounts, openFlags: row.flags, reportsToVerify: row.reports };
    });
  }

  /**
   * Requests still waiting in open rounds: my organisation's self-reports; for a civil-society
   * member, also the assessments asked of civil society on commitments my organisation does not own.
   */
  private async requests(viewer: Viewer, today: string): Promise<{ items: WorkRequest[]; total: number }> {
    if (!viewer.organizationId || can.curate(viewer)) {
      return { items: [], total: 0 };
    }
    const assess = viewer.group === 'civil_society';
    const rows = (await this.db.query(
      `SELECT s.*, c.title_en AS c_title_en, c.title_fr AS c_title_fr, count(*) OVER ()::int AS total
         FROM (${requestRows(
           today,
           `rr.state = 'open' AND (q.organization_id = $1 OR ($2 AND q.track = 'independent_assessment'
              AND (SELECT owner_id FROM commitments WHERE id = q.commitment_id) <> $1))`,
         )}) s JOIN commitments c ON c.id = s.commitment_id
        WHERE s.state = 'requested'
        ORDER BY s.due_on, s.track DESC, c.title_en, s.commitment_id LIMIT ${WORK_LIST_MAX}`,
      [viewer.organizationId, assess],
    )) as Array<{
      round_id: string;
      title_en: string | null;
      title_fr: string | null;
      due_on: string | Date;
      closes_on: string | Date;
      commitment_id: string;
      c_title_en: string | null;
      c_title_fr: string | null;
      track: RequestTrack;
      total: number;
    }>;
    return {
      total: rows[0]?.total ?? 0,
      items: rows.map((r) => {
        const dueOn = isoDate(r.due_on) as string;
        return {
          roundId: r.round_id,
          roundTitle: bilingual(r.title_en, r.title_fr),
          dueOn,
          closesOn: isoDate(r.closes_on) as string,
          commitmentId: r.commitment_id,
          commitmentTitle: bilingual(r.c_title_en, r.c_title_fr),
          track: r.track,
          overdue: dueOn < today,
        };
      }),
    };
  }

  private async commitmentsDue(organizationId: string, today: string): Promise<{ items: WorkCommitment[]; total: number }> {
    const rows = (await this.db.query(
      `SELECT c.id, c.title_en, c.title_fr, c.due_date, count(*) OVER ()::int AS total FROM commitments c
        WHERE c.owner_id = $1 AND c.due_date IS NOT NULL AND c.due_date <= $2::date
          AND NOT (c.current_status = ANY($3::text[]))
        ORDER BY c.due_date, c.id LIMIT ${WORK_LIST_MAX}`,
      [organizationId, addDays(today, WORK_DUE_WITHIN_DAYS), [...CLOSED_STATUSES]],
    )) as Array<{ id: string; title_en: string | null; title_fr: string | null; due_date: string | Date; total: number }>;
    return {
      total: rows[0]?.total ?? 0,
      items: rows.map((r) => {
        const dueDate = isoDate(r.due_date) as string;
        return { id: r.id, title: bilingual(r.title_en, r.title_fr), dueDate, overdue: dueDate < today };
      }),
    };
  }

  private async reportsToVerify(): Promise<{ items: WorkReportToVerify[]; total: number }> {
    const rows = (await this.db.query(
      `SELECT p.id AS report_id, p.created_at, c.id AS commitment_id, c.title_en, c.title_fr,
              o.id AS org_id, o.name_en, o.name_fr, o.acronym, o.stakeholder_group, count(*) OVER ()::int AS total
         ${TO_VERIFY}
        ORDER BY p.created_at, p.id LIMIT ${WORK_LIST_MAX}`,
    )) as Array<{
      report_id: string;
      created_at: Date;
      commitment_id: string;
      title_en: string | null;
      title_fr: string | null;
      org_id: string | null;
      name_en: string | null;
      name_fr: string | null;
      acronym: string | null;
      stakeholder_group: WorkReportToVerify['organization']['group'];
      total: number;
    }>;
    return {
      total: rows[0]?.total ?? 0,
      items: rows.map((r) => ({
        reportId: r.report_id,
        commitmentId: r.commitment_id,
        commitmentTitle: bilingual(r.title_en, r.title_fr),
        organization: { id: r.org_id ?? '', name: bilingual(r.name_en, r.name_fr), acronym: r.acronym, group: r.stakeholder_group },
        createdAt: r.created_at.toISOString(),
      })),
    };
  }

  /** Many changes in a burst (an import, a moderation sweep) make one push. */
  private schedulePush(): void {
    if (this.pushTimer) {
      return;
    }
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      void this.queues()
        .then((q) => this.live.publish('moderation', 'queues.updated', q))
        .catch(() => undefined);
    }, QUEUES_PUSH_DELAY_MS);
    this.pushTimer.unref();
  }
}
