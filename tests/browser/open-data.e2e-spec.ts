import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { OpenDataInfoView } from '@suivi/contracts';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';

import { OpenDataService } from '../../apps/api/src/exports/open-data.service';
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

const VERIFY = resolve(__dirname, '../../tools/verify-export.mjs');

interface Verdict {
  valid: boolean;
  problems: string[];
  records: number;
  events: number;
  extends: boolean | null;
}

/** tools/verify-export.mjs's own verifyExport, run on the downloaded file (an ES module: in a child Node). */
function verifyExport(file: string, kept: string): Verdict {
  const script = [
    `import { readFileSync } from 'node:fs';`,
    `import { verifyExport } from ${JSON.stringify(pathToFileURL(VERIFY).href)};`,
    `const [seq, hash] = process.env.KEPT.split(':');`,
    `console.log(JSON.stringify(verifyExport(JSON.parse(readFileSync(process.env.FILE, 'utf8')), { seq: Number(seq), hash })));`,
  ].join('\n');
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, NODE_OPTIONS: '', FILE: file, KEPT: kept },
    encoding: 'utf8',
  });
  return JSON.parse(out) as Verdict;
}

const LOCALES = [
  { locale: 'en' as const, browserLocale: 'en-GB' },
  { locale: 'fr' as const, browserLocale: 'fr-FR' },
];

describe('the open data page in the browser', () => {
  let server: WebServer;
  let browser: Browser;
  let info: OpenDataInfoView;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
    // A request never starts a generation: the first export is made here, as at a start.
    await server.app.running.app.get(OpenDataService).generate({ wait: true });
    info = (await (await fetch(`${server.baseUrl}/api/open-data`)).json()) as OpenDataInfoView;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openPage(page: Page, t: ReturnType<typeof translations>, locale: string): Promise<void> {
    await page.goto(`${server.baseUrl}/open-data`, { waitUntil: 'networkidle' });
    expect(await page.getAttribute('html', 'lang')).toBe(locale);
    await page.getByRole('heading', { level: 1, name: text(t, 'openData.title') }).waitFor();
    await page.locator('.download-json a').waitFor();
    await page.locator('.checkpoint-list code').first().waitFor();
    await page.locator('.verify-valid').waitFor();
  }

  describe.each(LOCALES)('in $locale', ({ locale, browserLocale }) => {
    const t = translations(locale);

    it('at 1280 px: says what the export holds and never holds, and the JSON downloaded through its link verifies offline', async () => {
      const context = await browser.newContext({ ...DESKTOP, locale: browserLocale, acceptDownloads: true });
      const page = await context.newPage();
      await openPage(page, t, locale);
      const main = page.locator('main');
      for (const key of ['holds.records', 'holds.chain', 'never.accounts', 'never.safeSpaces', 'never.private', 'steps.node']) {
        await main.getByText(text(t, `openData.${key}`)).waitFor();
      }
      await expectAccessible(page, `open-data ${locale} desktop`);
      await screenshot(page, `open-data-${locale}-desktop`);

      // The checkpoint a journalist would keep, as the page shows it, and the command it suggests.
      const kept = (await page.locator('.checkpoint-list code').first().textContent())?.trim() ?? '';
      expect(kept).toMatch(/^\d+:[0-9a-f]{64}$/);
      expect(await page.locator('.command').textContent()).toBe(`npm run verify-export -- ${info.fileName} --extends ${kept}`);

      const downloading = page.waitForEvent('download');
      await page.locator('.download-json a').click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe(info.fileName);
      const file = await download.path();
      expect(statSync(file).size).toBe(info.size);
      expect((JSON.parse(readFileSync(file, 'utf8')) as { head: { seq: number } }).head.seq).toBe(info.headSeq);
      const verdict = verifyExport(file, kept);
      expect(verdict).toMatchObject({ valid: true, problems: [], extends: true });
      expect(verdict.records).toBeGreaterThan(50);
      expect(verdict.events).toBe(info.headSeq);
      await context.close();
    });

    it('at 360 px: fits the phone, passes axe, and is reached from the footer of every page', async () => {
      const context = await browser.newContext({ ...PHONE, locale: browserLocale });
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/dialogues`, { waitUntil: 'networkidle' });
      await page
        .locator('.site-footer')
        .getByRole('link', { name: text(t, 'app.openData') })
        .click();
      await page.waitForURL(`${server.baseUrl}/open-data`);
      await openPage(page, t, locale);
      await expectNoSideScroll(page, `open-data ${locale} phone`);
      await expectAccessible(page, `open-data ${locale} phone`);
      await screenshot(page, `open-data-${locale}-phone`);
      await context.close();
    });

    it('downloads the commitments list as CSV with its filters, and leads from the dashboard to the open data', async () => {
      const context = await browser.newContext({ ...PHONE, locale: browserLocale, acceptDownloads: true });
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/commitments?contested=true&theme=justice_judiciary`, { waitUntil: 'networkidle' });
      const csv = page.locator('.list-downloads').getByRole('link', { name: text(t, 'commitments.downloadCsv') });
      expect(await csv.getAttribute('href')).toBe('/api/commitments/export.csv?theme=justice_judiciary&contested=true');
      await expectNoSideScroll(page, `commitments ${locale} phone`);
      await screenshot(page, `commitments-downloads-${locale}-phone`);
      const downloading = page.waitForEvent('download');
      await csv.click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/^suivi-commitments-\d{4}-\d{2}-\d{2}\.csv$/);
      const csvText = readFileSync(await download.path(), 'utf8');
      expect(csvText.charCodeAt(0)).toBe(0xfeff);
      const rows = parse(csvText.slice(1), { columns: true }) as Array<Record<string, string>>;
      const listed = (await (await fetch(`${server.baseUrl}/api/commitments?contested=true&theme=justice_judiciary`)).json()) as {
        total: number;
      };
      expect(listed.total).toBeGreaterThan(0);
      expect(rows).toHaveLength(listed.total);

      await page.goto(server.baseUrl, { waitUntil: 'networkidle' });
      const toOpenData = page.locator('main').getByRole('link', { name: text(t, 'audit.openData') });
      expect(await toOpenData.getAttribute('href')).toBe('/open-data');
      // The dashboard's panels above it may still be laying out on a loaded machine (charts come
      // in late): a click that lands while they move is tried again, at most three times.
      for (let attempt = 0; attempt < 3 && !page.url().endsWith('/open-data'); attempt++) {
        await toOpenData.scrollIntoViewIfNeeded();
        await toOpenData.click();
        await page.waitForURL(`${server.baseUrl}/open-data`, { timeout: 10_000 }).catch(() => undefined);
      }
      expect(page.url()).toBe(`${server.baseUrl}/open-data`);
      await context.close();
    });
  });
});
