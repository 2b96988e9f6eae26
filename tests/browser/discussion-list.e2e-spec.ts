import type { MessageView, ThreadView } from '@suivi/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { bearer, signIn as apiSignIn } from '../api/support/test-app';
import {
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

// Issue 22: the discussions list a newcomer looked for — search and filters kept in the URL,
// unread counts, threads not started apart, who can read each thread, and one's own pseudonym
// shown in the composer before sending. English and French, 1280 and 360 px, axe on each page.
describe('the discussions list in the browser: search, filters, unread, audience, one’s own pseudonym', () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  /** A made-up word in the safe space's message, found only by whoever may read it. */
  const word = `zanzibarite${Date.now().toString(36).replace(/[0-9]/g, '')}`;
  let safeSpace: string;
  let pseudonym = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
    const t = server.app;
    const [secretariat, civil, justice] = await Promise.all(
      ['secretariat', 'civil', 'justice'].map((n) => apiSignIn(t, `${n}@suivi.demo`)),
    );
    const thread = async (title: { en: string; fr: string }, visibility: string) =>
      ((await t.http().post('/api/threads').set(bearer(secretariat)).send({ title, visibility }).expect(201)).body as ThreadView).id;
    safeSpace = await thread({ en: 'Informers’ safety', fr: 'Sécurité des informateurs' }, 'group:civil_society');
    const channel = await thread({ en: 'Court staffing in Mopti', fr: 'Les effectifs du tribunal de Mopti' }, 'public');
    const said = (
      await t
        .http()
        .post(`/api/threads/${safeSpace}/messages`)
        .set(bearer(civil))
        .send({ body: `Our contact near the ${word} market was threatened.`, pseudonymous: true })
        .expect(201)
    ).body as MessageView;
    pseudonym = said.author.kind === 'pseudonym' ? said.author.pseudonym : '';
    for (const body of ['Two judges are still missing.', 'The registry opened on Monday.']) {
      await t.http().post(`/api/threads/${channel}/messages`).set(bearer(justice)).send({ body }).expect(201);
    }
    // Someone else writes in the safe space after civil: one message civil has not read.
    await t
      .http()
      .post(`/api/threads/${safeSpace}/messages`)
      .set(bearer(secretariat))
      .send({ body: 'We are looking into it.' })
      .expect(201);
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  async function open(locale: 'en-GB' | 'fr-FR', device: typeof DESKTOP | typeof PHONE): Promise<Page> {
    const context = await browser.newContext({ locale, ...device });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  /** The list at `query`, loaded and settled. */
  async function list(page: Page, t: Texts, query = ''): Promise<void> {
    await page.goto(`${server.baseUrl}/discussions${query}`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { level: 1, name: text(t, 'discussion.channels.title') }).waitFor();
    await page.locator('.results-count').waitFor();
  }

  const card = (page: Page, title: string) => page.locator('.channel-card', { has: page.getByRole('link', { name: title, exact: true }) });

  it('shows a civil-society member the unread counts, who can read each thread, and the threads not started apart (English, 1280 px)', async () => {
    const page = await open('en-GB', DESKTOP);
    await signIn(page, server, en, 'civil@suivi.demo');
    await list(page, en);

    const safe = card(page, 'Informers’ safety');
    await safe.locator('.badge-unread', { hasText: '2 unread' }).waitFor();
    await safe.getByText(text(en, 'discussion.audience.group_civil_society.short')).waitFor();
    await card(page, 'Court staffing in Mopti').locator('.badge-unread', { hasText: '2 unread' }).waitFor();
    await page.getByRole('heading', { level: 2, name: text(en, 'discussion.channels.emptyTitle') }).waitFor();
    const emptyCards = page.locator('.channel-empty .channel-card');
    expect(await emptyCards.count()).toBeGreaterThan(0);
    expect(await emptyCards.first().locator('.meta-line').innerText()).toBe(text(en, 'discussion.channels.noMessage'));
    await expectAccessible(page, 'discussions-list-en-desktop');
    await screenshot(page, 'discussions-list-en-desktop');
  });

  it('searches the messages it may read and keeps the search and filters in the URL, through a reload (English, 1280 px)', async () => {
    const page = await open('en-GB', DESKTOP);
    await signIn(page, server, en, 'civil@suivi.demo');
    await list(page, en);

    await page.getByLabel(text(en, 'discussion.channels.search'), { exact: true }).fill(word);
    await page.waitForURL((url) => url.searchParams.get('q') === word);
    await card(page, 'Informers’ safety').getByText(text(en, 'discussion.channels.foundInMessages')).waitFor();
    await page.getByLabel(text(en, 'discussion.channels.visibility'), { exact: true }).selectOption('group:civil_society');
    await page.getByLabel(text(en, 'discussion.channels.unreadOnly')).check();
    await page.waitForURL(
      (url) => url.searchParams.get('unread') === 'true' && url.searchParams.get('visibility') === 'group:civil_society',
    );
    await page.locator('.results-count', { hasText: '1 discussion' }).waitFor();

    await page.reload({ waitUntil: 'networkidle' });
    await page.locator('.results-count', { hasText: '1 discussion' }).waitFor();
    expect(await page.getByLabel(text(en, 'discussion.channels.search'), { exact: true }).inputValue()).toBe(word);
    expect(await page.getByLabel(text(en, 'discussion.channels.unreadOnly')).isChecked()).toBe(true);
    await card(page, 'Informers’ safety').waitFor();
    await expectAccessible(page, 'discussions-search-en-desktop');
    await screenshot(page, 'discussions-search-en-desktop');
  });

  it('says on the safe space’s page who reads it, shows one’s own pseudonym before sending, and counts it read (English, 1280 px)', async () => {
    const page = await open('en-GB', DESKTOP);
    await signIn(page, server, en, 'civil@suivi.demo');
    await page.goto(`${server.baseUrl}/discussions/${safeSpace}`, { waitUntil: 'networkidle' });
    await page.getByText(text(en, 'discussion.live')).waitFor();

    await page.locator('.thread-audience-full', { hasText: text(en, 'discussion.audience.group_civil_society.full') }).waitFor();
    // A safe space starts on the pseudonym: the composer says which one, the one of the earlier message.
    const preview = page.locator('.pseudonym-preview');
    await preview.locator('.badge-pseudonym', { hasText: pseudonym }).waitFor();
    expect(await preview.innerText()).toBe(
      `${text(en, 'discussion.composer.youAppearAs')} ${pseudonym}. ${text(en, 'discussion.composer.youAppearAsOnlyYou')}`,
    );
    await expectAccessible(page, 'discussion-safe-space-en-desktop');
    await screenshot(page, 'discussion-safe-space-en-desktop');
    // Unticked, it goes; it never reaches the device's storage either way.
    await page.getByLabel(text(en, 'discussion.composer.pseudonymous')).uncheck();
    await preview.waitFor({ state: 'detached' });
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(pseudonym);

    // Opened, the thread is read: back on the list, it has no unread count.
    await list(page, en);
    const safe = card(page, 'Informers’ safety');
    await safe.waitFor();
    expect(await safe.locator('.badge-unread').count()).toBe(0);
  });

  it('lets a French member search on a phone, and keeps another audience’s safe space out of the results (French, 360 px)', async () => {
    const page = await open('fr-FR', PHONE);
    await signIn(page, server, fr, 'civil@suivi.demo');
    await list(page, fr, `?q=${word}`);
    await card(page, 'Sécurité des informateurs').getByText(text(fr, 'discussion.channels.foundInMessages')).waitFor();
    await expectNoSideScroll(page, 'discussions-search-fr-phone');
    await expectAccessible(page, 'discussions-search-fr-phone');
    await screenshot(page, 'discussions-search-fr-phone');

    await page.goto(`${server.baseUrl}/discussions/${safeSpace}`, { waitUntil: 'networkidle' });
    await page.getByText(text(fr, 'discussion.live')).waitFor();
    await page.locator('.thread-audience-full', { hasText: text(fr, 'discussion.audience.group_civil_society.full') }).waitFor();
    await page.locator('.pseudonym-preview .badge-pseudonym', { hasText: pseudonym }).waitFor();
    await expectNoSideScroll(page, 'discussion-safe-space-fr-phone');
    await expectAccessible(page, 'discussion-safe-space-fr-phone');
    await screenshot(page, 'discussion-safe-space-fr-phone');

    // The ministry finds nothing with the same word, in French on a wide screen.
    const ministry = await open('fr-FR', DESKTOP);
    await signIn(ministry, server, fr, 'justice@suivi.demo');
    await list(ministry, fr, `?q=${word}`);
    await ministry.getByText(text(fr, 'discussion.channels.noneMatch')).waitFor();
    expect(await ministry.locator('.channel-card').count()).toBe(0);
    await expectAccessible(ministry, 'discussions-none-fr-desktop');
    await screenshot(ministry, 'discussions-none-fr-desktop');
  });

  it('shows a visitor the public threads, who can read each, with no unread counts (English, 360 px)', async () => {
    const page = await open('en-GB', PHONE);
    await list(page, en);
    await card(page, 'Court staffing in Mopti').getByText(text(en, 'discussion.audience.public.short')).waitFor();
    expect(await page.locator('.badge-unread').count()).toBe(0);
    expect(await page.locator('#threads-sort').count()).toBe(0);
    expect(await card(page, 'Informers’ safety').count()).toBe(0);
    await expectNoSideScroll(page, 'discussions-list-en-phone');
    await expectAccessible(page, 'discussions-list-en-phone');
    await screenshot(page, 'discussions-list-en-phone');
  });
});
