import type { Browser, ConsoleMessage } from 'playwright-core';

import { bearer, signIn as apiSignIn } from '../api/support/test-app';
import {
  axeViolations,
  describeViolations,
  expectAccessible,
  launchChromium,
  PHONE,
  screenshot,
  scrollThrough,
  startWebServer,
  text,
  translations,
  type WebServer,
} from './support/browser';

const LOCALES = [
  { locale: 'en' as const, browserLocale: 'en-GB', pjs: /Specialised Judicial Pole/ },
  { locale: 'fr' as const, browserLocale: 'fr-FR', pjs: /Pôle judiciaire spécialisé/i },
];

describe('public pages in the browser', () => {
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe.each(LOCALES)('in $locale', ({ locale, browserLocale, pjs }) => {
    const t = translations(locale);

    it('opens the dashboard in the browser’s language, with figures, charts and no CSP or script error', async () => {
      const context = await browser.newContext({ locale: browserLocale, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message: ConsoleMessage) => {
        if (message.type() === 'error') {
          problems.push(message.text());
        }
      });
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(server.baseUrl, { waitUntil: 'networkidle' });
      expect(await page.getAttribute('html', 'lang')).toBe(locale);
      await page.locator('.main-nav a', { hasText: text(t, 'nav.commitments') }).waitFor({ state: 'attached' });
      await page.getByText(text(t, 'demo.banner')).waitFor();
      // The charts and the lists below the figures are built as they near the screen.
      await scrollThrough(page);
      await page.locator('canvas').nth(2).waitFor();
      await screenshot(page, `dashboard-${locale}-desktop`);
      expect(problems).toEqual([]);
      await context.close();
    });

    it('lists a demo commitment on the commitments page and opens it by deep link', async () => {
      const context = await browser.newContext({ locale: browserLocale, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/commitments`, { waitUntil: 'networkidle' });
      const link = page.getByRole('link', { name: pjs }).first();
      await link.waitFor();
      await screenshot(page, `commitments-${locale}-desktop`);
      const href = await link.getAttribute('href');
      expect(href).toMatch(/^\/commitments\/[0-9a-f-]{36}$/);
      // A reload on a deep link must serve the app, not a 404.
      await page.goto(`${server.baseUrl}${href}`, { waitUntil: 'networkidle' });
      await page.getByRole('heading', { level: 1, name: pjs }).waitFor();
      await screenshot(page, `commitment-${locale}-desktop`);
      await context.close();
    });

    it('fits a 360 px phone and passes the axe accessibility check', async () => {
      const context = await browser.newContext({
        locale: browserLocale,
        viewport: { width: 360, height: 740 },
        isMobile: true,
        hasTouch: true,
      });
      // Layout shifts from the first paint on, as Lighthouse counts them.
      await context.addInitScript(() => {
        const w = window as unknown as { shifts: number };
        w.shifts = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as unknown as Array<{ value: number; hadRecentInput: boolean }>) {
            w.shifts += entry.hadRecentInput ? 0 : entry.value;
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      const page = await context.newPage();

      // The demonstration banner is there at first paint, so it pushes nothing down; it can be put away.
      await page.goto(server.baseUrl, { waitUntil: 'networkidle' });
      const banner = page.locator('.demo-banner');
      await banner.getByText(text(t, 'demo.banner')).waitFor();
      await page.waitForTimeout(500);
      const shifts = await page.evaluate(() => (window as unknown as { shifts: number }).shifts);
      expect({ shifts: Math.round(shifts * 1000) / 1000, under: shifts <= 0.02 }).toEqual({
        shifts: expect.any(Number) as unknown as number,
        under: true,
      });
      await screenshot(page, `dashboard-banner-${locale}-phone`);
      expect({ page: 'banner', violations: describeViolations(await axeViolations(page)) }).toEqual({ page: 'banner', violations: [] });
      await banner.getByRole('button', { name: text(t, 'demo.hide') }).click();
      await banner.waitFor({ state: 'detached' });
      await page.reload({ waitUntil: 'networkidle' });
      await page.locator('main h1').waitFor();
      expect(await banner.count()).toBe(0);
      await screenshot(page, `dashboard-banner-hidden-${locale}-phone`);

      for (const [name, path] of [
        ['dashboard', '/'],
        ['commitments', '/commitments'],
      ] as const) {
        await page.goto(`${server.baseUrl}${path}`, { waitUntil: 'networkidle' });
        await page.locator('main').waitFor();
        await scrollThrough(page);
        await page.waitForTimeout(300);
        await screenshot(page, `${name}-${locale}-phone`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect({ page: name, overflow }).toEqual({ page: name, overflow: 0 });
        expect({ page: name, violations: describeViolations(await axeViolations(page)) }).toEqual({ page: name, violations: [] });
      }
      await context.close();
    });
  });

  it('switches language on request and remembers the choice', async () => {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.baseUrl, { waitUntil: 'networkidle' });
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page
      .getByRole('button', { name: /Français|FR/ })
      .first()
      .click();
    await page.waitForFunction(() => document.documentElement.lang === 'fr');
    await page.locator('.main-nav a', { hasText: text(translations('fr'), 'nav.commitments') }).waitFor({ state: 'attached' });
    await page.reload({ waitUntil: 'networkidle' });
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await context.close();
  });

  // Last: it adds recommendations, which the dashboard then shows to the tests above.
  it('shows the first ten recommendations on a phone, and all of them on request, in both languages', async () => {
    const secretariat = await apiSignIn(server.app, 'secretariat@suivi.demo');
    const [dialogue] = await server.app.db.query('SELECT id FROM dialogues LIMIT 1');
    const before = Number((await server.app.db.query('SELECT count(*)::int AS n FROM recommendations'))[0].n);
    const added = 12 - before;
    for (let i = 1; i <= added; i++) {
      await server.app
        .http()
        .post('/api/recommendations')
        .set(bearer(secretariat))
        .send({ dialogueId: dialogue.id, code: `R${90 + i}`, text: { en: `Recommendation ${90 + i}`, fr: `Recommandation ${90 + i}` } })
        .expect(201);
    }
    for (const { locale, browserLocale } of LOCALES) {
      const t = translations(locale);
      const context = await browser.newContext({ locale: browserLocale, ...PHONE });
      const page = await context.newPage();
      await page.goto(server.baseUrl, { waitUntil: 'networkidle' });
      const section = page.locator('section[aria-labelledby="recommendations-title"]');
      await section.scrollIntoViewIfNeeded();
      const items = section.locator('#recommendation-progress > li');
      await items.first().waitFor();
      expect(await items.count()).toBe(10);
      const showAll = section.getByRole('button', { name: text(t, 'dashboard.showAllRecommendations').replace('{{count}}', '12') });
      await showAll.scrollIntoViewIfNeeded();
      await screenshot(page, `dashboard-recommendations-${locale}-phone`);
      await expectAccessible(page, `dashboard recommendations (${locale})`);

      await showAll.click();

      await items.nth(11).waitFor();
      expect(await items.count()).toBe(12);
      expect(await showAll.count()).toBe(0);
      // Focus goes to the first recommendation that was not shown before.
      expect(await page.evaluate(() => document.activeElement?.closest('li')?.querySelector('.code')?.textContent)).toBe(
        await items.nth(10).locator('.code').textContent(),
      );
      await expectAccessible(page, `dashboard with every recommendation (${locale})`);
      await context.close();
    }
  });
});
