import type { CommitmentSummary, Page as ApiPage } from '@suivi/contracts';
import type { Browser, Page } from 'playwright-core';

import {
  DESKTOP,
  expectAccessible,
  expectNoSideScroll,
  launchChromium,
  PHONE,
  screenshot,
  startWebServer,
  text,
  translations,
  type WebServer,
} from './support/browser';

/** What a reader sees first and how much the page moves under them (issue 22, "the phone's first screen"). */
interface FirstScreen {
  /** Cumulative layout shift from the first paint, over the load and a scroll to the bottom. */
  cls: number;
  /** The biggest shifts, with what moved, so a failure says where to look. */
  shifts: string[];
  /** Where the page's title ends and the first figure ends, from the top of the page, in CSS px. */
  titleBottom: number;
  figureBottom: number;
  headerBottom: number;
}

/** Layout shifts as Lighthouse counts them (not those within 500 ms of an input), from the first paint on. */
function observeShifts(): void {
  const w = window as unknown as { shifts: Array<{ value: number; sources: string[] }> };
  w.shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as unknown as Array<{
      value: number;
      hadRecentInput: boolean;
      sources?: Array<{ node?: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }>;
    }>) {
      if (!entry.hadRecentInput) {
        const sources = (entry.sources ?? []).map((s) => {
          const el = s.node instanceof Element ? s.node : s.node?.parentElement;
          const name = el
            ? `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`
            : '?';
          return `${name} y ${Math.round(s.previousRect.y)}→${Math.round(s.currentRect.y)} h ${Math.round(s.previousRect.height)}→${Math.round(s.currentRect.height)}`;
        });
        w.shifts.push({ value: entry.value, sources });
      }
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

describe('the first screen of a phone', () => {
  let server: WebServer;
  let browser: Browser;
  let commitmentPath = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
    const list = (await (await fetch(`${server.baseUrl}/api/commitments?pageSize=100`)).json()) as ApiPage<CommitmentSummary>;
    // The Pôle judiciaire spécialisé: a long title, contested, with a full timeline and a discussion.
    const pjs = list.items.find((c) => c.owner.acronym === 'MJDH') ?? list.items[0];
    commitmentPath = `/commitments/${pjs.id}`;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens the page in a fresh context (the banner shown, as on a first visit), then scrolls to the bottom. */
  async function measure(page: Page, path: string, figure: string): Promise<FirstScreen> {
    await page.goto(`${server.baseUrl}${path}`, { waitUntil: 'networkidle' });
    await page.locator('main h1').waitFor();
    await page.locator(figure).first().waitFor();
    const at = await page.evaluate((figureSelector) => {
      const bottom = (el: Element | null) => (el ? el.getBoundingClientRect().bottom + window.scrollY : Number.NaN);
      return {
        titleBottom: bottom(document.querySelector('main h1')),
        figureBottom: bottom(document.querySelector(figureSelector)),
        headerBottom: bottom(document.querySelector('.demo-banner') ?? document.querySelector('.site-header')),
      };
    }, figure);
    // A reader's scroll, a screen at a time, to the bottom: what is built as it nears the screen
    // (charts, the discussion) must not push what is already there.
    for (let y = 0; y < (await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight)); y += 500) {
      await page.mouse.wheel(0, 500);
      await page.waitForTimeout(150);
    }
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    const shifts = await page.evaluate(() => (window as unknown as { shifts: Array<{ value: number; sources: string[] }> }).shifts);
    return {
      cls: Math.round(shifts.reduce((sum, s) => sum + s.value, 0) * 1000) / 1000,
      shifts: [...shifts]
        .sort((a, b) => b.value - a.value)
        .slice(0, 4)
        .map((s) => `${s.value.toFixed(3)}: ${s.sources.join('; ')}`),
      ...at,
    };
  }

  const PAGES = [
    { name: 'dashboard', path: () => '/', figure: '.figures .figure' },
    { name: 'commitment', path: () => commitmentPath, figure: 'section[aria-labelledby="state-title"] .meta > div' },
  ];

  describe.each([
    { locale: 'fr' as const, browserLocale: 'fr-FR' },
    { locale: 'en' as const, browserLocale: 'en-GB' },
  ])('in $locale at 360 × 740, the demonstration banner shown', ({ locale, browserLocale }) => {
    const t = translations(locale);

    it.each(PAGES)(
      '$name: the title ends above 370 px, the first figure shows, and nothing moves (CLS ≤ 0.02)',
      async ({ name, path, figure }) => {
        const context = await browser.newContext({ ...PHONE, locale: browserLocale });
        await context.addInitScript(observeShifts);
        const page = await context.newPage();
        const seen = await measure(page, path(), figure);
        process.stdout.write(`first screen ${name} ${locale} phone: ${JSON.stringify(seen)}\n`);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.locator('.demo-banner').getByText(text(t, 'demo.banner')).waitFor();
        await expectNoSideScroll(page, `first-screen-${name}-${locale}`);
        await expectAccessible(page, `first-screen-${name}-${locale}`);
        // The whole page, and what the phone shows first.
        const full = await screenshot(page, `first-screen-${name}-${locale}-phone`);
        await page.screenshot({ path: full.replace('.png', '-viewport.png') });
        expect({ page: name, cls: seen.cls <= 0.02 ? 'at most 0.02' : seen.cls, shifts: seen.cls <= 0.02 ? [] : seen.shifts }).toEqual({
          page: name,
          cls: 'at most 0.02',
          shifts: [],
        });
        expect({ page: name, titleBottom: Math.min(seen.titleBottom, 370) }).toEqual({ page: name, titleBottom: seen.titleBottom });
        expect({ page: name, figureBottom: Math.min(seen.figureBottom, 740) }).toEqual({ page: name, figureBottom: seen.figureBottom });
        await context.close();
      },
    );
  });

  it.each(PAGES)('$name at 1280 px in French: nothing moves either', async ({ name, path, figure }) => {
    const context = await browser.newContext({ ...DESKTOP, locale: 'fr-FR' });
    await context.addInitScript(observeShifts);
    const page = await context.newPage();
    const seen = await measure(page, path(), figure);
    process.stdout.write(`first screen ${name} fr desktop: ${JSON.stringify(seen)}\n`);
    expect({ page: name, cls: seen.cls <= 0.02 ? 'at most 0.02' : seen.cls, shifts: seen.cls <= 0.02 ? [] : seen.shifts }).toEqual({
      page: name,
      cls: 'at most 0.02',
      shifts: [],
    });
    await context.close();
  });
});
