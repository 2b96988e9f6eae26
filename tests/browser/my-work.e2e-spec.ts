import type { MyWork, RoundView } from '@suivi/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import {
  DEMO_PASSWORD,
  DESKTOP,
  expectAccessible,
  expectNoSideScroll,
  launchChromium,
  PHONE,
  screenshot,
  signIn,
  startWebServer,
  text,
  translations,
  type WebServer,
} from './support/browser';

const en = translations('en');
const fr = translations('fr');

/** "{{count}} …" in the reader's language, as PluralPipe says it (French says "0 rapport", English "0 reports"). */
function counted(t: ReturnType<typeof translations>, key: string, count: number): string {
  const one = t === fr ? count <= 1 : count === 1;
  return text(t, `${key}.${one ? 'one' : 'other'}`).replace('{{count}}', String(count));
}

describe('my work in the browser (issue 20)', () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let round: RoundView;
  /** The ministry's request this test answers: a commitment with no self-report waiting for verification. */
  let commitmentId = '';
  let commitmentTitle = '';
  let secretariatToken = '';

  const api = async <T>(path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<T> => {
    const res = await fetch(`${server.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!res.ok) {
      throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${await res.text()}`);
    }
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
    secretariatToken = (
      await api<{ accessToken: string }>('/api/auth/login', {
        method: 'POST',
        body: { email: 'secretariat@suivi.demo', password: DEMO_PASSWORD },
      })
    ).accessToken;
    const dialogues = await api<Array<{ id: string; title: { en?: string; fr?: string } }>>('/api/dialogues');
    const bamako = dialogues.find((d) => `${d.title.en ?? ''} ${d.title.fr ?? ''}`.includes('Bamako')) ?? dialogues[0];
    // The demo's round closed two days ago: a new one opens today, due in two weeks.
    const today = new Date();
    const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    round = await api<RoundView>(`/api/dialogues/${bamako.id}/rounds`, {
      method: 'POST',
      token: secretariatToken,
      body: {
        title: { en: 'Browser round, this fortnight', fr: 'Cycle du navigateur, cette quinzaine' },
        opensOn: day(0),
        dueOn: day(14),
        inviteAssessments: false,
      },
    });
    const [mjdh] = (await server.app.db.query(`SELECT id FROM organizations WHERE acronym = 'MJDH'`)) as Array<{ id: string }>;
    // The secretariat first verifies the report waiting on one of the ministry's requested
    // commitments (the demo leaves them all waiting), so that the ministry's new report is seen
    // to join the queue.
    const work = await api<MyWork>('/api/me/work', { token: secretariatToken });
    const requested = round.requests.filter((r) => r.organizationId === mjdh.id);
    const waiting = work.reportsToVerify.find((w) => requested.some((r) => r.commitmentId === w.commitmentId));
    const request = waiting ? requested.find((r) => r.commitmentId === waiting.commitmentId) : requested[0];
    if (!request) {
      throw new Error('the new round asks the ministry for nothing');
    }
    if (waiting) {
      await api(`/api/reports/${waiting.reportId}/verify`, { method: 'POST', token: secretariatToken, body: {} });
    }
    commitmentId = request.commitmentId;
    commitmentTitle = request.commitmentTitle.fr ?? request.commitmentTitle.en ?? '';
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  async function open(locale: string, device: typeof PHONE | typeof DESKTOP): Promise<Page> {
    const context = await browser.newContext({ ...device, locale });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  let ministry: Page;
  let secretariat: Page;
  const request = () => ministry.locator('.work-request').filter({ hasText: commitmentTitle });

  it('lands the ministry on “Mon travail” after signing in, with the round’s request (360 px, French)', async () => {
    ministry = await open('fr-FR', PHONE);
    await ministry.goto(`${server.baseUrl}/sign-in`, { waitUntil: 'networkidle' });
    await ministry.getByLabel(text(fr, 'signIn.email')).fill('justice@suivi.demo');
    await ministry.getByLabel(text(fr, 'signIn.password')).fill(DEMO_PASSWORD);
    await ministry.getByRole('button', { name: text(fr, 'signIn.submit'), exact: true }).click();
    await ministry.waitForURL((url) => url.pathname === '/my-work');
    await ministry.getByRole('heading', { level: 1, name: text(fr, 'work.title') }).waitFor();
    await ministry.getByRole('heading', { level: 2, name: text(fr, 'work.requests.title') }).waitFor();

    await request().waitFor();
    expect(await request().getByText(text(fr, 'reportKind.self_report'), { exact: true }).count()).toBe(1);
    expect(await request().getByRole('link', { name: 'Cycle du navigateur, cette quinzaine' }).getAttribute('href')).toBe(
      `/rounds/${round.id}`,
    );
    // The header: My work beside the bell and the account menu, on one line.
    const link = ministry.locator('.account-nav a.my-work-link');
    expect(await link.getAttribute('aria-current')).toBe('page');
    expect((await link.textContent())?.trim()).toBe(text(fr, 'nav.myWork'));
    const rows = await Promise.all(
      ['.my-work-link', '.account-nav a.bell', '.account-toggle'].map(async (s) =>
        Math.round((await ministry.locator(s).boundingBox())?.y ?? -1),
      ),
    );
    expect({ oneLine: rows.every((y) => Math.abs(y - rows[2]) <= 6) ? 'yes' : rows }).toEqual({ oneLine: 'yes' });
    await expectNoSideScroll(ministry, 'my-work-fr-phone');
    await expectAccessible(ministry, 'my-work-fr-phone');
    const full = await screenshot(ministry, 'my-work-fr-phone');
    await ministry.screenshot({ path: full.replace('.png', '-viewport.png') });
  });

  it('shows the secretariat its queues and the rounds at 1280 px in English, then moves them live when the ministry files its report', async () => {
    secretariat = await open('en-GB', DESKTOP);
    await signIn(secretariat, server, en, 'secretariat@suivi.demo');
    await secretariat.goto(`${server.baseUrl}/my-work`, { waitUntil: 'networkidle' });
    await secretariat.getByRole('heading', { level: 2, name: text(en, 'work.queues.title') }).waitFor();
    const before = await api<MyWork>('/api/me/work', { token: secretariatToken });
    const queued = before.queues!.accountsToApprove + before.queues!.openFlags + before.queues!.reportsToVerify;
    const count = secretariat.locator('.account-nav .work-count');
    await secretariat.waitForFunction(([selector, expected]) => document.querySelector(selector)?.textContent?.trim() === expected, [
      '.account-nav .work-count',
      String(queued),
    ] as const);
    const queue = secretariat.getByText(counted(en, 'work.queues.reports', before.queues!.reportsToVerify), { exact: true });
    await queue.waitFor();
    const roundCard = secretariat.locator('.work-round').filter({ hasText: 'Browser round, this fortnight' });
    expect(await roundCard.getByRole('link', { name: 'Browser round, this fortnight' }).getAttribute('href')).toBe(`/rounds/${round.id}`);
    const answered = round.completion.overall.submitted + round.completion.overall.late;
    const completion = (n: number) =>
      text(en, 'work.rounds.answered').replace('{{answered}}', String(n)).replace('{{total}}', String(round.completion.overall.total));
    await roundCard.getByText(completion(answered)).waitFor();
    await expectAccessible(secretariat, 'my-work-secretariat-en-desktop');
    await screenshot(secretariat, 'my-work-secretariat-en-desktop-before');
    await secretariat.evaluate(() => ((window as unknown as { suiviMarker: number }).suiviMarker = 1));

    // The ministry follows its request to the report form on the commitment's page, and files it.
    await request()
      .getByRole('link', { name: new RegExp(`^${text(fr, 'work.requests.answer.self_report')}`) })
      .click();
    await ministry.waitForURL((url) => url.pathname === `/commitments/${commitmentId}` && url.hash === '#self-title');
    await ministry.getByRole('button', { name: text(fr, 'reportForm.self_report.open') }).click();
    await ministry.locator('#self-status').selectOption('in_progress');
    await ministry.locator('#self-narrative-fr').fill('Rapport déposé pour le cycle du navigateur : les travaux avancent.');
    await ministry.getByRole('button', { name: text(fr, 'reportForm.self_report.submit') }).click();
    await ministry
      .getByRole('status')
      .filter({ hasText: text(fr, 'reportForm.self_report.published') })
      .waitFor();

    // Without a reload, the secretariat's count, queue and round move.
    await secretariat.waitForFunction(([selector, expected]) => document.querySelector(selector)?.textContent?.trim() === expected, [
      '.account-nav .work-count',
      String(queued + 1),
    ] as const);
    await secretariat.getByText(counted(en, 'work.queues.reports', before.queues!.reportsToVerify + 1), { exact: true }).waitFor();
    const toVerify = secretariat.locator('.work-verify').filter({ hasText: commitmentTitleEn() });
    await secretariat.locator(`.work-verify a[href^="/commitments/${commitmentId}#report-"]`).waitFor();
    await roundCard.getByText(completion(answered + 1)).waitFor();
    expect(await secretariat.evaluate(() => (window as unknown as { suiviMarker?: number }).suiviMarker)).toBe(1);
    expect(await count.getAttribute('aria-hidden')).toBe('true');
    expect(await toVerify.count()).toBeGreaterThan(0);
    await expectAccessible(secretariat, 'my-work-secretariat-en-desktop-after');
    await screenshot(secretariat, 'my-work-secretariat-en-desktop');

    // Back on My work, the request is answered and gone.
    await ministry.locator('.account-nav a.my-work-link').click();
    await ministry.getByRole('heading', { level: 1, name: text(fr, 'work.title') }).waitFor();
    await ministry.locator('.work, .loading').first().waitFor();
    await ministry.waitForLoadState('networkidle');
    expect(await request().count()).toBe(0);
    await expectAccessible(ministry, 'my-work-fr-phone-after');
    await screenshot(ministry, 'my-work-fr-phone-after');
  });

  it('lets the ministry choose its focal points on its account page (360 px, French)', async () => {
    await ministry.goto(`${server.baseUrl}/account`, { waitUntil: 'networkidle' });
    const section = ministry.locator('section[aria-labelledby="account-focal-title"]');
    await section.getByText(text(fr, 'work.focalPoints.none')).waitFor();
    await section.getByRole('button', { name: text(fr, 'work.focalPoints.choose') }).click();
    const name = (await ministry.locator('.account-name').textContent())?.trim() ?? '';
    await section.getByLabel(name, { exact: true }).check();
    await expectAccessible(ministry, 'account-focal-points-fr-phone-form');
    await section.getByRole('button', { name: text(fr, 'work.focalPoints.save') }).click();
    await section.getByText(text(fr, 'work.focalPoints.saved')).waitFor();
    expect(await section.locator('.focal-points li').allTextContents()).toEqual([name]);
    await expectNoSideScroll(ministry, 'account-focal-points-fr-phone');
    await expectAccessible(ministry, 'account-focal-points-fr-phone');
    const full = await screenshot(ministry, 'account-focal-points-fr-phone');
    await section.scrollIntoViewIfNeeded();
    await ministry.screenshot({ path: full.replace('.png', '-viewport.png') });
    const [{ n }] = (await server.app.db.query(
      `SELECT count(*)::int AS n FROM organization_focal_points f JOIN organizations o ON o.id = f.organization_id WHERE o.acronym = 'MJDH'`,
    )) as Array<{ n: number }>;
    expect(n).toBe(1);
  });

  function commitmentTitleEn(): string {
    return round.requests.find((r) => r.commitmentId === commitmentId)?.commitmentTitle.en ?? commitmentTitle;
  }
});
