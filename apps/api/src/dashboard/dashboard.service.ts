import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AUDIT_VERIFY_PATH,
  DASHBOARD_LIST_MAX,
  REGIONS,
  STAKEHOLDER_GROUPS,
  THEMES,
  type DashboardView,
  type ProgressStatus,
  type Region,
  type StakeholderGroup,
  type Theme,
} from '@suivi/contracts';
import { DataSource } from 'typeorm';

import { AuditService } from '../audit/audit.service';
import { bilingual } from '../common/bilingual';
import { Clock } from '../clock/clock';
import { countsBy, emptyCounts, total } from '../common/status-counts';
import { commitmentsNeedingAttention } from '../commitments/commitments.service';

type KeyedCount<K> = { key: K; status: ProgressStatus; n: number };

@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private cached: Served | null = null;

  /**
   * The dashboard as served: its JSON text, serialised once per version (100 KB at 10,000
   * commitments), and its ETag, the sha256 of that text, computed with it. The same figures give
   * the same ETag, whatever was written meanwhile.
   */
  async served(): Promise<Served> {
    // The dashboard changes only when something is written (every write moves the chain's head)
    // or when the day changes (overdue): that pair is when to compute it again, on every instance
    // alike. Not its ETag: most writes (a safe-space message, a registration) change nothing in
    // it, and an ETag that moved with them was a public counter of every write. The day the
    // version names is the day the figures are computed for.
    const today = await this.clock.today();
    const version = `${await this.audit.headSeq()}-${today}`;
    if (this.cached?.key === version) {
      return this.cached;
    }
    const view = await this.compute(today);
    const json = JSON.stringify(view);
    this.cached = { key: version, view, json, etag: `"${createHash('sha256').update(json).digest('hex')}"` };
    return this.cached;
  }

  private async compute(today: string): Promise<DashboardView> {
    const [statusRows, groupRows, themeRows, regionRows, reportTotals, attention, recommendations, recCounts, checkpoints] =
      await Promise.all([
        this.db.query(`SELECT 'all' AS key, current_status AS status, count(*)::int AS n FROM commitments GROUP BY 2`) as Promise<
          KeyedCount<'all'>[]
        >,
        this.db.query(
          `SELECT o.stakeholder_group AS key, c.current_status AS status, count(*)::int AS n
             FROM commitments c JOIN organizations o ON o.id = c.owner_id GROUP BY 1, 2`,
        ) as Promise<KeyedCount<StakeholderGroup>[]>,
        this.db.query(
          `SELECT t AS key, c.current_status AS status, count(*)::int AS n FROM commitments c, unnest(c.themes) t GROUP BY 1, 2`,
        ) as Promise<KeyedCount<Theme>[]>,
        this.db.query(
          `SELECT r AS key, c.current_status AS status, count(*)::int AS n FROM commitments c, unnest(c.regions) r GROUP BY 1, 2`,
        ) as Promise<KeyedCount<Region>[]>,
        this.db.query(
          `SELECT count(*) FILTER (WHERE kind = 'self_report')::int AS reports,
                  count(*) FILTER (WHERE kind = 'independent_assessment')::int AS assessments
             FROM progress_reports`,
        ) as Promise<Array<{ reports: number; assessments: number }>>,
        // Lists, not the whole set: with thousands of commitments the full lists made the public
        // dashboard several megabytes of JSON for a phone (tests/perf, R4 and F3).
        commitmentsNeedingAttention(this.db, today, DASHBOARD_LIST_MAX),
        this.db.query(`SELECT id, dialogue_id, code, text_en, text_fr FROM recommendations ORDER BY dialogue_id, code`) as Promise<
          Array<{ id: string; dialogue_id: string; code: string; text_en: string | null; text_fr: string | null }>
        >,
        this.db.query(
          `SELECT cr.recommendation_id AS key, c.current_status AS status, count(*)::int AS n
             FROM commitment_recommendations cr JOIN commitments c ON c.id = cr.commitment_id GROUP BY 1, 2`,
        ) as Promise<KeyedCount<string>[]>,
        this.audit.checkpoints(1),
      ]);

    const byStatus = countsBy(statusRows).get('all') ?? emptyCounts();
    const byGroup = countsBy(groupRows);
    const byTheme = countsBy(themeRows);
    const byRegion = countsBy(regionRows);
    const byRecommendation = countsBy(recCounts);
    return {
      totals: {
        commitments: total(byStatus),
        overdue: attention.overdueCount,
        contested: attention.contestedCount,
        reports: reportTotals[0]?.reports ?? 0,
        assessments: reportTotals[0]?.assessments ?? 0,
      },
      byStatus,
      byGroup: STAKEHOLDER_GROUPS.filter((g) => byGroup.has(g)).map((group) => {
        const counts = byGroup.get(group) ?? emptyCounts();
        return { group, counts, total: total(counts) };
      }),
      byTheme: THEMES.filter((t) => byTheme.has(t)).map((theme) => {
        const counts = byTheme.get(theme) ?? emptyCounts();
        return { theme, counts, total: total(counts) };
      }),
      byRegion: REGIONS.filter((r) => byRegion.has(r)).map((region) => {
        const counts = byRegion.get(region) ?? emptyCounts();
        return { region, counts, total: total(counts) };
      }),
      overdue: attention.overdue,
      contested: attention.contested,
      recommendations: recommendations.map((r) => {
        const counts = byRecommendation.get(r.id) ?? emptyCounts();
        return { id: r.id, dialogueId: r.dialogue_id, code: r.code, text: bilingual(r.text_en, r.text_fr), counts, total: total(counts) };
      }),
      audit: { checkpoint: checkpoints[0] ?? null, verify: AUDIT_VERIFY_PATH },
    };
  }
}

interface Served {
  /** The version it was computed for (see `version`). */
  key: string;
  view: DashboardView;
  json: string;
  etag: string;
}
