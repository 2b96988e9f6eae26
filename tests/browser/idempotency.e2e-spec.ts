import type { CommitmentSummary, Page as ApiPage } from '@suivi/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { noisyJpeg } from '../../apps/api/src/evidence/testing/evidence-fixtures';

import { launchChromium, screenshot, signIn, startWebServer, PHONE, text, translations, type WebServer } from './support/browser';

const fr = translations('fr');

// Issue 14: a report from a phone whose connection drops after the server wrote it. The POST
// reaches the server; its answer is cut on the way back (the route is fetched, then aborted).
// The web app sends it again under the same key, asking first since it carries a photo: one
// report, one audit event, one notice per follower, and the photo uploaded once.
describe('a report whose answer was lost on the way back', () => {
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('is sent again under its key and creates nothing new: one report, one audit event, one notice per follower', async () => {
    const commitments = (await (await fetch(`${server.baseUrl}/api/commitments?pageSize=100`)).json()) as ApiPage<CommitmentSummary>;
    const commitment = commitments.items.find((c) => c.owner.acronym === 'MJDH');
    if (!commitment) {
      throw new Error('no Ministry of Justice commitment in the demo data');
    }
    // Two followers who are not the writer: each must hear of the report once.
    for (const email of ['civil@suivi.demo', 'secretariat@suivi.demo']) {
      const login = await fetch(`${server.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'suivi-demo-2014' }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const follow = await fetch(`${server.baseUrl}/api/follows`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ subjectType: 'commitment', subjectId: commitment.id }),
      });
      expect(follow.status).toBeLessThan(300);
    }

    context = await browser.newContext({ locale: 'fr-FR', ...PHONE });
    const page: Page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, server, fr, 'justice@suivi.demo');
    await page.goto(`${server.baseUrl}/commitments/${commitment.id}`, { waitUntil: 'networkidle' });
    await page.getByText(text(fr, 'live.live')).waitFor();

    const narrative = `Photo du greffe de Gao, envoyée sur un réseau qui coupe (${Date.now().toString(36)}).`;
    const photo = await noisyJpeg(5 * 1024 * 1024);
    const reportsPath = `/api/commitments/${commitment.id}/reports`;
    const sent: Array<{ method: string; path: string; bytes: number }> = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === reportsPath || url.pathname.startsWith('/api/idempotency-keys/')) {
        sent.push({ method: request.method(), path: url.pathname, bytes: request.postDataBuffer()?.length ?? 0 });
      }
    });
    let cut = 0;
    await page.route(`**${reportsPath}`, async (route) => {
      if (route.request().method() !== 'POST' || cut > 0) {
        return route.continue();
      }
      cut += 1;
      // The server receives the report and answers; the answer never reaches the phone.
      const answered = await route.fetch();
      expect(answered.status()).toBe(201);
      await route.abort('connectionreset');
    });

    const started = new Date();
    await page.getByRole('button', { name: text(fr, 'reportForm.self_report.open') }).click();
    await page.locator('#self-status').selectOption('in_progress');
    await page.locator('#self-narrative-fr').fill(narrative);
    await page.locator('#self-files').setInputFiles({ name: 'greffe.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByRole('button', { name: text(fr, 'reportForm.self_report.submit') }).click();
    await page
      .getByRole('status')
      .filter({ hasText: text(fr, 'reportForm.self_report.published') })
      .waitFor({ timeout: 30_000 });
    await page.locator('.track-self', { hasText: narrative }).waitFor();
    await screenshot(page, 'idempotency-report-after-lost-answer-fr-phone');

    const db = server.app.db;
    const reports = (await db.query(`SELECT id FROM progress_reports WHERE narrative_fr = $1`, [narrative])) as Array<{ id: string }>;
    expect(reports).toHaveLength(1);
    const events = await db.query(`SELECT seq FROM audit_events WHERE entity_type = 'report' AND entity_id = $1`, [reports[0].id]);
    expect(events).toHaveLength(1);
    const files = await db.query('SELECT id FROM evidence_files WHERE report_id = $1', [reports[0].id]);
    expect(files).toHaveLength(1);
    const notices = (await db.query(
      `SELECT u.email, n.kind, count(*)::int AS n FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.created_at >= $1 AND n.subject_id = $2 GROUP BY u.email, n.kind ORDER BY u.email, n.kind`,
      [started, commitment.id],
    )) as Array<{ email: string; kind: string; n: number }>;
    // Of the report, and of the status it changed: each once.
    const reportNotices = notices.filter((n) => n.kind === 'report');
    expect(reportNotices.map((n) => n.email)).toEqual(expect.arrayContaining(['civil@suivi.demo', 'secretariat@suivi.demo']));
    expect(notices.filter((n) => n.n !== 1)).toEqual([]);
    // The photo went up once; the resend was a question without a body.
    const posts = sent.filter((r) => r.method === 'POST');
    const questions = sent.filter((r) => r.method === 'GET');
    expect(posts).toHaveLength(1);
    expect(questions).toHaveLength(1);
    process.stdout.write(
      `idempotency (browser): a ${photo.length}-byte photo; the report's POST sent ${posts[0].bytes} bytes once, ` +
        `the resend asked with ${questions[0].bytes} bytes of body\n`,
    );
    expect(pageErrors).toEqual([]);
  });
});
