import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { HistoryEntry, OrganizationRef, TimelineView, Viewer } from '@suivi/contracts';
import { DataSource } from 'typeorm';

import { bilingual } from '../common/bilingual';
import { CommitmentsService } from '../commitments/commitments.service';
import { milestonesOf } from '../milestones/milestones.service';
import { reportsOf } from '../reports/reports.service';

/**
 * A commitment's page below its header: both tracks of reports, milestones, the divergences
 * between the tracks and the public history. Above commitments and reports, which it reads
 * (reports depend on commitments; a commitment never needs its reports' feature).
 */
@Injectable()
export class TimelineService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly commitments: CommitmentsService,
  ) {}

  async timeline(id: string, viewer: Viewer | null): Promise<TimelineView> {
    await this.commitments.assertExists(id);
    const [reports, milestones, historyRows] = await Promise.all([
      reportsOf(this.db, [id], viewer),
      milestonesOf(this.db, id),
      // The public history names organisations, never people, and no pseudonym reaches it.
      this.db.query(
        `SELECT e.seq, e.at, e.action, e.hash, coalesce(o.acronym, o.name_en, o.name_fr) AS actor_org, e.actor,
                o.id AS org_id, o.name_en AS org_name_en, o.name_fr AS org_name_fr, o.acronym AS org_acronym, o.stakeholder_group AS org_group
           FROM audit_events e
           LEFT JOIN users u ON e.actor LIKE 'user:%' AND u.id::text = substr(e.actor, 6)
           LEFT JOIN organizations o ON o.id = u.organization_id
          WHERE e.subject = $1 ORDER BY e.seq`,
        [`commitment:${id}`],
      ) as Promise<
        Array<{
          seq: string;
          at: Date;
          action: string;
          hash: string;
          actor_org: string | null;
          actor: string | null;
          org_id: string | null;
          org_name_en: string | null;
          org_name_fr: string | null;
          org_acronym: string | null;
          org_group: OrganizationRef['group'] | null;
        }>
      >,
    ]);
    const history: HistoryEntry[] = historyRows.map((h) => ({
      seq: Number(h.seq),
      at: h.at.toISOString(),
      action: h.action,
      actor: h.actor === 'system' ? null : h.actor_org,
      actorOrganization:
        h.actor === 'system' || !h.org_id || !h.org_group
          ? null
          : { id: h.org_id, name: bilingual(h.org_name_en, h.org_name_fr), acronym: h.org_acronym, group: h.org_group },
      hash: h.hash,
    }));
    return {
      commitmentId: id,
      selfReports: reports.filter((r) => r.kind === 'self_report'),
      assessments: reports.filter((r) => r.kind === 'independent_assessment'),
      milestones,
      // Derived with each assessment, in SQL (audit/tracking.ts): oldest first, as the reports.
      divergences: reports.flatMap((r) => (r.divergence ? [r.divergence] : [])),
      history,
    };
  }
}
