import type { ThreadView } from '@suivi/contracts';
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
  type Texts,
  type WebServer,
} from './support/browser';

const en = translations('en');
const fr = translations('fr');

/**
 * A page someone may not open says why and what to do (issue 22): a visitor is asked to sign in
 * and brought back, a member of an organisation outside a dialogue is told whom its discussion is
 * for and how to join, an administration address asks for a secretariat account; in the reader's
 * language, never naming the thread. Obvious addresses (/logout, /administration…) lead somewhere.
 */
describe('refusals that say what to do, and the addresses people type', () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const stamp = `${Date.now()}`;
  const title = { en: `Closed follow-up of the Gao meeting (${stamp})`, fr: `Suivi restreint de la réunion de Gao (${stamp})` };
  let threadUrl = '';

  async function api<T>(path: string, token: string, body?: unknown): Promise<T> {
    const answer = await fetch(`${server.baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect({ path, status: answer.status < 300 }).toEqual({ path, status: true });
    return (await answer.json()) as T;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
    const login = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'secretariat@suivi.demo', password: DEMO_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    // A dialogue whose only participant is the civil-society organisation of civil@: every other
    // demo account is outside it.
    const [{ organization_id: civilOrganization }] = await server.app.db.query(
      `SELECT organization_id FROM users WHERE email = 'civil@suivi.demo'`,
    );
    const dialogue = await api<{ id: string }>('/api/dialogues', accessToken, {
      title: { en: `Gao follow-up meeting (${stamp})`, fr: `Réunion de suivi de Gao (${stamp})` },
      startDate: '2026-11-02',
      endDate: '2026-11-03',
      participantIds: [civilOrganization],
    });
    const thread = await api<ThreadView>('/api/threads', accessToken, { title, visibility: 'participants', dialogueId: dialogue.id });
    threadUrl = `${server.baseUrl}/discussions/${thread.id}`;
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await server?.close();
  });

  async function open(locale: string, device: typeof PHONE | typeof DESKTOP = PHONE): Promise<Page> {
    const context = await browser.newContext({ ...device, locale });
    contexts.push(context);
    return context.newPage();
  }

  /** The refusal's heading and who reads the thread; neither its title nor "the server answered with an error". */
  async function expectRefused(page: Page, t: Texts, heading: string, name: string): Promise<void> {
    await page.getByRole('heading', { level: 1, name: text(t, heading) }).waitFor();
    await page.getByText(text(t, 'refusal.audience.participants.readers')).waitFor();
    const body = (await page.locator('main').textContent()) ?? '';
    expect({ name, title: body.includes(stamp), generic: body.includes(text(t, 'errors.server')) }).toEqual({
      name,
      title: false,
      generic: false,
    });
    if (name.endsWith('-phone')) {
      await expectNoSideScroll(page, name);
    }
    await expectAccessible(page, name);
    await screenshot(page, name);
  }

  it.each([
    { locale: 'en-GB', t: en, name: 'en' },
    { locale: 'fr-FR', t: fr, name: 'fr' },
  ])(
    'asks a visitor on a phone to sign in to a participants’ discussion, and brings them back to it ($name)',
    async ({ locale, t, name }) => {
      const page = await open(locale);
      await page.goto(threadUrl, { waitUntil: 'networkidle' });
      await expectRefused(page, t, 'refusal.signIn.title', `refusal-participants-visitor-${name}-phone`);
      await page
        .locator('.refusal')
        .getByRole('link', { name: text(t, 'accountMenu.signIn'), exact: true })
        .click();
      await page.getByLabel(text(t, 'signIn.email')).fill('civil@suivi.demo');
      await page.getByLabel(text(t, 'signIn.password')).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: text(t, 'signIn.submit'), exact: true }).click();
      await page.getByRole('heading', { level: 1, name: new RegExp(stamp) }).waitFor();
      expect(new URL(page.url()).pathname).toBe(new URL(threadUrl).pathname);
    },
  );

  it('tells members of organisations outside the dialogue whom it is for and how to join, in their language', async () => {
    const media = await open('fr-FR');
    await signIn(media, server, fr, 'observer@suivi.demo');
    await media.goto(threadUrl, { waitUntil: 'networkidle' });
    await expectRefused(media, fr, 'refusal.audience.participants.title', 'refusal-participants-media-fr-phone');
    await media.getByText(text(fr, 'refusal.ask.participants')).waitFor();

    const partner = await open('en-GB', DESKTOP);
    await signIn(partner, server, en, 'partner@suivi.demo');
    await partner.goto(threadUrl, { waitUntil: 'networkidle' });
    await expectRefused(partner, en, 'refusal.audience.participants.title', 'refusal-participants-partner-en-desktop');
    await partner.getByText(text(en, 'refusal.ask.participants')).waitFor();
  });

  it.each([
    { locale: 'en-GB', t: en, name: 'en', address: '/admin/accounts', lands: '/admin/accounts' },
    { locale: 'fr-FR', t: fr, name: 'fr', address: '/administration', lands: '/admin' },
  ])(
    'asks a visitor at an administration address for a secretariat account, then opens it ($name, 360 px)',
    async ({ locale, t, name, address, lands }) => {
      const page = await open(locale);
      await page.goto(`${server.baseUrl}${address}`, { waitUntil: 'networkidle' });
      await page.getByText(text(t, 'signIn.needs.secretariat')).waitFor();
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      await expectNoSideScroll(page, `sign-in-needs-secretariat-${name}-phone`);
      await expectAccessible(page, `sign-in-needs-secretariat-${name}-phone`);
      await screenshot(page, `sign-in-needs-secretariat-${name}-phone`);
      await page.getByLabel(text(t, 'signIn.email')).fill('secretariat@suivi.demo');
      await page.getByLabel(text(t, 'signIn.password')).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: text(t, 'signIn.submit'), exact: true }).click();
      await page.waitForURL((url) => url.pathname.startsWith(lands));
      await page.locator('main h1').waitFor();
      expect(new URL(page.url()).pathname.startsWith('/admin')).toBe(true);
    },
  );

  it('says a page of one’s own account needs signing in, and signs out at /logout', async () => {
    const page = await open('fr-FR');
    await page.goto(`${server.baseUrl}/notifications`, { waitUntil: 'networkidle' });
    await page.getByText(text(fr, 'signIn.needs.account')).waitFor();
    // The header's own "Sign in" says nothing of the kind.
    await page.goto(`${server.baseUrl}/commitments`, { waitUntil: 'networkidle' });
    await page
      .locator('.account-nav')
      .getByRole('link', { name: text(fr, 'accountMenu.signIn'), exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: text(fr, 'signIn.title') }).waitFor();
    expect(await page.locator('.sign-in-needed').count()).toBe(0);

    await signIn(page, server, fr, 'justice@suivi.demo');
    for (const [address, heading] of [
      ['/engagements', 'commitments.title'],
      ['/tableau-de-bord', 'dashboard.title'],
    ] as const) {
      await page.goto(`${server.baseUrl}${address}`, { waitUntil: 'networkidle' });
      await page.getByRole('heading', { level: 1, name: text(fr, heading) }).waitFor();
    }
    const signedOut = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/auth/logout');
    await page.goto(`${server.baseUrl}/logout`);
    expect((await signedOut).status()).toBeLessThan(300);
    await page.getByRole('heading', { level: 1, name: text(fr, 'dashboard.title') }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page
      .locator('.account-nav')
      .getByRole('link', { name: text(fr, 'accountMenu.signIn'), exact: true })
      .waitFor();
    // Signed out for good: a reload does not bring the session back.
    await page.reload({ waitUntil: 'networkidle' });
    expect(await page.locator('.account-toggle').count()).toBe(0);
  });
});
