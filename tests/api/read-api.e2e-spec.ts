import type {
  CommitmentSummary,
  CommitmentView,
  DashboardView,
  DialogueView,
  Page,
  RecommendationDetailView,
  TimelineView,
} from '@suivi/contracts';

import { startTestApp, type TestApp } from './support/test-app';

describe('read API on the Bamako demo data', () => {
  let t: TestApp;
  let pjs: CommitmentSummary;

  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.http().get('/api/commitments?q=judiciaire&pageSize=5').expect(200);
    pjs = (res.body as Page<CommitmentSummary>).items[0];
  });
  afterAll(() => t?.close());

  it('answers health and info', async () => {
    await t.http().get('/api/health').expect(200, { status: 'ok', database: 'up' });
    const info = await t.http().get('/api/info').expect(200);
    expect(info.body.demo).toBe(true);
  });

  it('finds the Pôle Judiciaire Spécialisé in French and in English', async () => {
    expect(pjs.title.fr).toMatch(/Pôle judiciaire spécialisé/i);
    const en = await t.http().get('/api/commitments?q=judicial').expect(200);
    expect((en.body as Page<CommitmentSummary>).items.map((c) => c.id)).toContain(pjs.id);
  });

  it('lists the commitments of the seed report with owners and derived state', async () => {
    const res = await t.http().get('/api/commitments?pageSize=100').expect(200);
    const page = res.body as Page<CommitmentSummary>;
    expect(page.total).toBeGreaterThanOrEqual(8);
    expect(page.items).toHaveLength(page.total);
    for (const c of page.items) {
      expect(c.owner.name.en ?? c.owner.name.fr).toBeTruthy();
      expect(c.contested).toBe(c.assessedStatus !== null && c.assessedStatus !== c.currentStatus);
      const due = c.dueDate ? new Date(`${c.dueDate}T00:00:00Z`) : null;
      const expectedOverdue = Boolean(due && due < new Date() && !['completed', 'withdrawn'].includes(c.currentStatus));
      expect(c.overdue).toBe(expectedOverdue);
    }
  });

  it.each([
    ['status=stalled', (c: CommitmentSummary) => c.currentStatus === 'stalled'],
    ['group=government', (c: CommitmentSummary) => c.owner.group === 'government'],
    ['theme=justice_judiciary', (c: CommitmentSummary) => c.themes.includes('justice_judiciary')],
    ['region=national', (c: CommitmentSummary) => c.regions.includes('national')],
    ['overdue=true', (c: CommitmentSummary) => c.overdue],
    ['overdue=false', (c: CommitmentSummary) => !c.overdue],
    ['contested=true', (c: CommitmentSummary) => c.contested],
    ['contested=false', (c: CommitmentSummary) => !c.contested],
  ])('filters by %s', async (filter, predicate) => {
    const all = (await t.http().get('/api/commitments?pageSize=100').expect(200)).body as Page<CommitmentSummary>;
    const res = await t.http().get(`/api/commitments?pageSize=100&${filter}`).expect(200);
    const page = res.body as Page<CommitmentSummary>;
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every(predicate)).toBe(true);
    expect(page.total).toBe(all.items.filter(predicate).length);
  });

  it('filters by owner and combines filters', async () => {
    const res = await t.http().get(`/api/commitments?owner=${pjs.owner.id}&group=government&theme=justice_judiciary`).expect(200);
    const page = res.body as Page<CommitmentSummary>;
    expect(page.items.map((c) => c.id)).toContain(pjs.id);
    expect(page.items.every((c) => c.owner.id === pjs.owner.id)).toBe(true);
  });

  it('pages and sorts', async () => {
    const first = (await t.http().get('/api/commitments?pageSize=3&page=1&sort=due').expect(200)).body as Page<CommitmentSummary>;
    const second = (await t.http().get('/api/commitments?pageSize=3&page=2&sort=due').expect(200)).body as Page<CommitmentSummary>;
    expect(first.items).toHaveLength(3);
    expect(first.pageSize).toBe(3);
    expect(second.page).toBe(2);
    expect(first.items.map((c) => c.id)).not.toContain(second.items[0].id);
    const dues = [...first.items, ...second.items].map((c) => c.dueDate ?? '9999');
    expect(dues).toEqual([...dues].sort());
    const beyond = (await t.http().get('/api/commitments?page=999').expect(200)).body as Page<CommitmentSummary>;
    expect(beyond.items).toEqual([]);
    expect(beyond.total).toBe(first.total);
    const desc = (await t.http().get('/api/commitments?pageSize=100&sort=-due').expect(200)).body as Page<CommitmentSummary>;
    const descDues = desc.items.filter((c) => c.dueDate).map((c) => c.dueDate as string);
    expect(descDues).toEqual([...descDues].sort().reverse());
  });

  it.each([
    ['pageSize=abc', 'pageSize'],
    ['pageSize=0', 'pageSize'],
    ['pageSize=1000', 'pageSize'],
    ['page=-1', 'page'],
    ['status=done', 'status'],
    ['owner=not-a-uuid', 'owner'],
    ['theme=weather', 'theme'],
    ['region=paris', 'region'],
    ['overdue=maybe', 'overdue'],
    ['sort=random', 'sort'],
    ['unknown=1', 'unknown'],
    [`q=${'x'.repeat(300)}`, 'q'],
  ])('answers %s with a 400 naming %s', async (query, field) => {
    const res = await t.http().get(`/api/commitments?${query}`).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(JSON.stringify(res.body.message)).toContain(field);
  });

  it('answers unknown ids with 404 and malformed ids with 400', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const path of ['commitments', 'dialogues', 'recommendations']) {
      const res = await t.http().get(`/api/${path}/${unknown}`).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      await t.http().get(`/api/${path}/42`).expect(400);
    }
    await t.http().get(`/api/commitments/${unknown}/timeline`).expect(404);
    await t.http().get('/api/no-such-route').expect(404);
  });

  it('returns a commitment with its links, indicators and version', async () => {
    const c = (await t.http().get(`/api/commitments/${pjs.id}`).expect(200)).body as CommitmentView;
    expect(c.recommendations.length).toBeGreaterThan(0);
    expect(c.indicators.length).toBeGreaterThan(0);
    expect(c.version).toBeGreaterThanOrEqual(1);
    expect(c.description.en ?? c.description.fr).toBeTruthy();
  });

  it('returns the timeline: two tracks, divergences, history from the audit chain, no authors for the public', async () => {
    const res = await t.http().get('/api/commitments?contested=true&pageSize=1').expect(200);
    const contested = (res.body as Page<CommitmentSummary>).items[0];
    const tl = (await t.http().get(`/api/commitments/${contested.id}/timeline`).expect(200)).body as TimelineView;
    expect(tl.selfReports.every((r) => r.kind === 'self_report')).toBe(true);
    expect(tl.assessments.length).toBeGreaterThan(0);
    expect(tl.assessments.every((r) => r.kind === 'independent_assessment')).toBe(true);
    expect(tl.divergences.length).toBeGreaterThan(0);
    expect([...tl.selfReports, ...tl.assessments].every((r) => r.author === null)).toBe(true);
    expect(tl.history.map((h) => h.action)).toEqual(expect.arrayContaining(['commitment.created', 'report.created']));
    expect(tl.history.every((h) => /^[0-9a-f]{64}$/.test(h.hash))).toBe(true);
  });

  it('serves dialogues and recommendations with progress', async () => {
    const dialogues = (await t.http().get('/api/dialogues').expect(200)).body as DialogueView[];
    expect(dialogues).toHaveLength(1);
    const [bamako] = dialogues;
    expect(bamako.startDate).toBe('2014-10-14');
    expect(bamako.endDate).toBe('2014-10-15');
    expect(bamako.recommendationCount).toBe(4);
    const groups = new Set(bamako.organizations.map((o) => o.group));
    expect([...groups]).toEqual(expect.arrayContaining(['government', 'civil_society', 'international_partner', 'media']));
    const recs = (await t.http().get(`/api/recommendations?dialogueId=${bamako.id}`).expect(200)).body as RecommendationDetailView[];
    expect(recs.map((r) => r.code)).toEqual(['R1', 'R2', 'R3', 'R4']);
    const detail = (await t.http().get(`/api/recommendations/${recs[0].id}`).expect(200)).body as RecommendationDetailView;
    expect(detail.commitments.length).toBe(detail.commitmentCount);
  });

  it('builds the dashboard from the same numbers as the list', async () => {
    const d = (await t.http().get('/api/dashboard').expect(200)).body as DashboardView;
    const all = (await t.http().get('/api/commitments?pageSize=100').expect(200)).body as Page<CommitmentSummary>;
    expect(d.totals.commitments).toBe(all.total);
    expect(d.totals.overdue).toBe(all.items.filter((c) => c.overdue).length);
    expect(d.totals.contested).toBe(all.items.filter((c) => c.contested).length);
    expect(d.overdue).toHaveLength(d.totals.overdue);
    expect(Object.values(d.byStatus).reduce((a, b) => a + b, 0)).toBe(all.total);
    expect(d.byGroup.reduce((a, g) => a + g.total, 0)).toBe(all.total);
    expect(d.recommendations).toHaveLength(4);
    expect(d.audit).toEqual({
      checkpoint: expect.objectContaining({ hash: expect.stringMatching(/^[0-9a-f]{64}$/) }),
      verify: '/api/audit/verify',
    });
  });

  it('publishes its OpenAPI document', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/commitments', '/api/audit/verify', '/api/dashboard']));
  });

  it('sends security headers and no x-powered-by', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('builds the printable accountability report: recommendation, commitments, latest self-report and assessment', async () => {
    const [dialogue] = (await t.http().get('/api/dialogues').expect(200)).body as DialogueView[];
    const report = (await t.http().get(`/api/dialogues/${dialogue.id}/report`).expect(200)).body;
    expect(report.recommendations.map((r: { recommendation: { code: string } }) => r.recommendation.code)).toEqual([
      'R1',
      'R2',
      'R3',
      'R4',
    ]);
    const entries = report.recommendations.flatMap((r: { commitments: unknown[] }) => r.commitments);
    expect(entries.length).toBeGreaterThan(0);
    const contested = entries.find((e: { commitment: { contested: boolean } }) => e.commitment.contested);
    expect(contested.latestAssessment.status).not.toBe(contested.latestSelfReport?.status ?? 'not_started');
    expect(
      entries.every(
        (e: { latestSelfReport: { author: unknown } | null }) => e.latestSelfReport === null || e.latestSelfReport.author === null,
      ),
    ).toBe(true);
    expect(report.audit.hash).toMatch(/^[0-9a-f]{64}$/);
    await t.http().get('/api/dialogues/00000000-0000-4000-8000-000000000000/report').expect(404);
  });
});
