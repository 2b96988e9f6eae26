import { randomUUID } from 'node:crypto';

import type {
  AccountabilityReportView,
  CommitmentSummary,
  CommitmentView,
  DashboardView,
  Divergence,
  OrganizationView,
  Page,
  ProgressStatus,
  RecommendationDetailView,
  ReportKind,
  ReportView,
  TimelineView,
} from '@suivi/contracts';
import { parse } from 'csv-parse/sync';

import { refreshCommitmentState } from '../../apps/api/src/reports/reports.service';
import { bearer, bindFixture, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

/**
 * `contested` and each assessment's divergence are derived once, in SQL (apps/api/src/audit/
 * tracking.ts), and every reader of the API serves that derivation: the commitment, the list and
 * its filter, the dashboard, the timeline, a report, the CSV export, the accountability report and
 * a recommendation's page. Ties are where derivations drift apart, so the reports here share their
 * created_at as an import's rows do (one transaction, one now()), with ids chosen to make the
 * id order and the filing order disagree. A reader that derived either again, with another tie
 * rule, would answer differently from the others in one of these cases.
 */
describe('contested and divergences: one derivation, read alike by every reader, ties included', () => {
  let t: TestApp;
  let secretariat: Session;
  let dialogueId: string;
  let recommendationId: string;
  let ownerId: string;
  let civilId: string;

  /** A report to file: its kind, status, day (reports of one day share their created_at) and rank in the id order. */
  type Filed = { key: string; kind: ReportKind; status: ProgressStatus; day: number; rank: number };
  interface Case {
    name: string;
    reports: Filed[];
    current: ProgressStatus;
    assessed: ProgressStatus | null;
    contested: boolean;
    /** Each diverging assessment's key, with the self-report (key, or null before any) and status it differs from. */
    divergences: Array<[assessment: string, selfReport: string | null, selfReported: ProgressStatus]>;
  }
  const self = (key: string, status: ProgressStatus, day: number, rank = 8): Filed => ({ key, kind: 'self_report', status, day, rank });
  const assess = (key: string, status: ProgressStatus, day: number, rank = 8): Filed => ({
    key,
    kind: 'independent_assessment',
    status,
    day,
    rank,
  });

  const CASES: Case[] = [
    {
      name: 'a self-report filed in the same instant as an assessment stands beside it, whatever their ids',
      // The assessment's id sorts first: in (created_at, id) order the new self-report comes after it.
      reports: [self('s0', 'in_progress', 1), self('s1', 'completed', 2, 0xf0), assess('a1', 'completed', 2, 0x10)],
      current: 'completed',
      assessed: 'completed',
      contested: false,
      divergences: [],
    },
    {
      name: 'the same, the other way round in the id order',
      reports: [self('s0', 'in_progress', 1), self('s1', 'completed', 2, 0x10), assess('a1', 'completed', 2, 0xf0)],
      current: 'completed',
      assessed: 'completed',
      contested: false,
      divergences: [],
    },
    {
      name: 'an assessment differing from a self-report of the same instant contests it',
      reports: [self('s0', 'completed', 1), self('s1', 'in_progress', 2, 0xf0), assess('a1', 'stalled', 2, 0x10)],
      current: 'in_progress',
      assessed: 'stalled',
      contested: true,
      divergences: [['a1', 's1', 'in_progress']],
    },
    {
      name: 'of two self-reports filed in the same instant, the later id stands',
      reports: [
        self('s1', 'in_progress', 1, 0x10),
        self('s2', 'stalled', 1, 0xf0),
        assess('a0', 'in_progress', 1, 0x80),
        assess('a1', 'stalled', 2),
      ],
      current: 'stalled',
      assessed: 'stalled',
      contested: false,
      divergences: [['a0', 's2', 'stalled']],
    },
    {
      name: 'of two assessments filed in the same instant, the later id is the assessed status',
      reports: [self('s1', 'in_progress', 1), assess('a1', 'stalled', 2, 0x10), assess('a2', 'in_progress', 2, 0xf0)],
      current: 'in_progress',
      assessed: 'in_progress',
      contested: false,
      divergences: [['a1', 's1', 'in_progress']],
    },
    {
      name: 'before any self-report a commitment is not started, and an assessment differing from that contests it',
      reports: [assess('a1', 'stalled', 1)],
      current: 'not_started',
      assessed: 'stalled',
      contested: true,
      divergences: [['a1', null, 'not_started']],
    },
    {
      name: 'an assessment finding it not started, before any self-report, agrees',
      reports: [assess('a1', 'not_started', 1)],
      current: 'not_started',
      assessed: 'not_started',
      contested: false,
      divergences: [],
    },
    {
      // What timeline/divergences.spec.ts asserted when the server derived divergences in TypeScript.
      name: 'each assessment is compared with the self-report standing when it was filed',
      reports: [self('s1', 'in_progress', 1), assess('a1', 'in_progress', 2), self('s2', 'completed', 3), assess('a2', 'stalled', 4)],
      current: 'completed',
      assessed: 'stalled',
      contested: true,
      divergences: [['a2', 's2', 'completed']],
    },
    {
      // What the web app's live-timeline.spec.ts asserted when it derived a live assessment's divergence.
      name: 'an assessment between two self-reports is compared with the earlier, one after both with the later',
      reports: [self('s1', 'in_progress', 1), assess('aMar', 'stalled', 3), self('s2', 'completed', 6), assess('aJul', 'stalled', 7)],
      current: 'completed',
      assessed: 'stalled',
      contested: true,
      divergences: [
        ['aMar', 's1', 'in_progress'],
        ['aJul', 's2', 'completed'],
      ],
    },
    {
      name: 'a self-report filed after the latest assessment ends the contest, and the assessment keeps its divergence',
      reports: [self('s1', 'in_progress', 1), assess('a1', 'stalled', 2), self('s2', 'stalled', 3)],
      current: 'stalled',
      assessed: 'stalled',
      contested: false,
      divergences: [['a1', 's1', 'in_progress']],
    },
  ];

  /** Per case: its commitment and each report's id. */
  const made = new Map<string, { commitmentId: string; ids: Map<string, string> }>();

  // Dated in the future so that every contested case is among the dashboard's most recently reported.
  const at = (day: number) => `2031-01-${String(day).padStart(2, '0')}T09:00:00.000Z`;
  const ranked = (rank: number) => `${rank.toString(16).padStart(2, '0')}${randomUUID().slice(2)}`;

  beforeAll(async () => {
    t = await startTestApp();
    secretariat = await signIn(t, 'secretariat@suivi.demo');
    [{ id: dialogueId }] = (await t.http().get('/api/dialogues').expect(200)).body as Array<{ id: string }>;
    [{ id: recommendationId }] = (await t.http().get(`/api/recommendations?dialogueId=${dialogueId}`).expect(200)).body as Array<{
      id: string;
    }>;
    const orgs = (await t.http().get('/api/organizations').expect(200)).body as OrganizationView[];
    ownerId = orgs.find((o) => o.acronym === 'MJDH')?.id as string;
    civilId = orgs.find((o) => o.group === 'civil_society')?.id as string;

    for (const c of CASES) {
      const commitment = (
        await t
          .http()
          .post('/api/commitments')
          .set(bearer(secretariat))
          .send({ dialogueId, title: { en: `Contested: ${c.name}` }, ownerId, recommendationIds: [recommendationId] })
          .expect(201)
      ).body as CommitmentView;
      // Straight to the table, as the report service writes (the API stamps now(), and ties are the point).
      const ids = new Map(c.reports.map((r) => [r.key, ranked(r.rank)]));
      for (const r of c.reports) {
        await t.adminDb.query(
          `INSERT INTO progress_reports (id, commitment_id, kind, status, narrative_en, organization_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [ids.get(r.key), commitment.id, r.kind, r.status, `Report ${r.key}`, r.kind === 'self_report' ? ownerId : civilId, at(r.day)],
        );
      }
      await refreshCommitmentState(t.adminDb, commitment.id);
      await bindFixture(
        t,
        [...ids.values()].map((id) => ({ type: 'report' as const, id })),
      );
      made.set(c.name, { commitmentId: commitment.id, ids });
    }
  });
  afterAll(() => t?.close());

  const expectedDivergences = (c: Case): Divergence[] => {
    const { ids } = made.get(c.name) ?? { ids: new Map<string, string>() };
    return c.divergences.map(([assessment, selfReport, selfReported]) => ({
      assessmentId: ids.get(assessment) as string,
      selfReportId: selfReport ? (ids.get(selfReport) as string) : null,
      selfReportedStatus: selfReported,
      assessedStatus: c.reports.find((r) => r.key === assessment)?.status as ProgressStatus,
      at: at(c.reports.find((r) => r.key === assessment)?.day as number),
    }));
  };

  describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const commitmentId = () => made.get(c.name)?.commitmentId as string;

    it('the commitment, the list and its contested filter say the same', async () => {
      const view = (await t.http().get(`/api/commitments/${commitmentId()}`).expect(200)).body as CommitmentView;
      expect({ current: view.currentStatus, assessed: view.assessedStatus, contested: view.contested }).toEqual({
        current: c.current,
        assessed: c.assessed,
        contested: c.contested,
      });
      for (const filter of [true, false]) {
        const page = (await t.http().get(`/api/commitments?contested=${filter}&owner=${ownerId}&pageSize=100`).expect(200))
          .body as Page<CommitmentSummary>;
        expect(page.items.some((s) => s.id === commitmentId())).toBe(filter === c.contested);
        expect(page.items.find((s) => s.id === commitmentId())?.contested ?? filter).toBe(filter);
      }
    });

    it('the dashboard lists it as contested exactly when it is', async () => {
      const dashboard = (await t.http().get('/api/dashboard').expect(200)).body as DashboardView;
      expect(dashboard.contested.some((b) => b.id === commitmentId())).toBe(c.contested);
    });

    it('the timeline and each assessment carry the same divergences', async () => {
      const timeline = (await t.http().get(`/api/commitments/${commitmentId()}/timeline`).expect(200)).body as TimelineView;
      expect(timeline.divergences).toEqual(expectedDivergences(c));
      for (const assessment of timeline.assessments) {
        const expected = expectedDivergences(c).find((d) => d.assessmentId === assessment.id) ?? null;
        expect(assessment.divergence).toEqual(expected);
        // As a report is read alone, and as its room hears it when it is filed (reports.live.ts).
        const alone = (await t.http().get(`/api/reports/${assessment.id}`).expect(200)).body as ReportView;
        expect(alone.divergence).toEqual(expected);
      }
      for (const selfReport of timeline.selfReports) {
        expect(selfReport.divergence).toBeNull();
      }
    });

    it('the CSV export, the accountability report and the recommendation say the same', async () => {
      const csv = await t.http().get(`/api/commitments/export.csv?owner=${ownerId}`).expect(200);
      const row = (parse(csv.text.slice(1), { columns: true }) as Array<Record<string, string>>).find((r) => r['id'] === commitmentId());
      // The CSV writes a boolean as spreadsheets read one: 1, or an empty cell.
      expect(row?.['contested']).toBe(c.contested ? '1' : '');

      const report = (await t.http().get(`/api/dialogues/${dialogueId}/report`).expect(200)).body as AccountabilityReportView;
      const entry = report.recommendations.flatMap((r) => r.commitments).find((e) => e.commitment.id === commitmentId());
      expect(entry?.commitment.contested).toBe(c.contested);
      expect(entry?.latestAssessment?.status ?? null).toBe(c.assessed);
      const latestDivergence = expectedDivergences(c).find((d) => d.assessmentId === entry?.latestAssessment?.id) ?? null;
      expect(entry?.latestAssessment?.divergence ?? null).toEqual(latestDivergence);

      const recommendation = (await t.http().get(`/api/recommendations/${recommendationId}`).expect(200)).body as RecommendationDetailView;
      expect(recommendation.commitments.find((s) => s.id === commitmentId())?.contested).toBe(c.contested);
    });
  });

  it('counts on the dashboard what the contested filter finds', async () => {
    const dashboard = (await t.http().get('/api/dashboard').expect(200)).body as DashboardView;
    const page = (await t.http().get('/api/commitments?contested=true&pageSize=1').expect(200)).body as Page<CommitmentSummary>;
    expect(dashboard.totals.contested).toBe(page.total);
  });
});
