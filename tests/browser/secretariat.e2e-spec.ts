import { THEMES } from '@suivi/contracts';
import type { Browser, Page } from 'playwright-core';

import {
  expectAccessible,
  launchChromium,
  screenshot,
  signIn,
  startWebServer,
  text,
  translations,
  type WebServer,
} from './support/browser';

const en = translations('en');
const fr = translations('fr');

describe('secretariat pages in the browser: printable report and CSV imports', () => {
  let server: WebServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  async function open(locale: string, width = 1280): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  it('prints the accountability report of the Bamako dialogue, in French, on screen and on paper', async () => {
    const [dialogue] = await server.app.db.query('SELECT id FROM dialogues LIMIT 1');
    const page = await open('fr-FR');
    await page.goto(`${server.baseUrl}/dialogues/${dialogue.id}/report`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByText('R4').first().waitFor();
    await page.getByRole('button', { name: text(fr, 'accountability.print') }).waitFor();
    await screenshot(page, 'accountability-report-fr-desktop');
    await expectAccessible(page, 'accountability report');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: text(fr, 'accountability.print') }).isVisible()).toBe(false);
    expect(await page.locator('header').first().isVisible()).toBe(false);
    await screenshot(page, 'accountability-report-fr-print');
    const phone = await open('fr-FR', 360);
    await phone.goto(`${server.baseUrl}/dialogues/${dialogue.id}/report`, { waitUntil: 'networkidle' });
    await phone.getByText('R4').first().waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
  });

  it('checks a CSV import, lists its problems by line and column, then imports a valid file', async () => {
    const page = await open('en-GB');
    await signIn(page, server, en, 'secretariat@suivi.demo');
    await page.goto(`${server.baseUrl}/admin/imports`, { waitUntil: 'networkidle' });

    const [{ id: dialogueId }] = await server.app.db.query('SELECT id FROM dialogues LIMIT 1');
    const [{ id: ownerId }] = await server.app.db.query(`SELECT id FROM organizations WHERE acronym = 'MJDH'`);
    const header = 'dialogue_id,title_en,title_fr,owner_id,themes,regions,due_date';
    const bad = `${header}\n${dialogueId},Train clerks,Former les greffiers,${ownerId},weather,bamako,2027-12-31\n`;
    await page
      .getByLabel(text(en, 'admin.imports.file'))
      .setInputFiles({ name: 'commitments.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: text(en, 'admin.imports.check') }).click();
    const table = page.getByRole('table');
    await table.waitFor();
    expect(await table.getByText('themes').first().isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: text(en, 'admin.imports.import') }).isDisabled()).toBe(true);
    await screenshot(page, 'imports-problems-en-desktop');
    await expectAccessible(page, 'imports with problems');

    // The same problems in French: the API's code and params, said by the page in the reader's language.
    await page.getByRole('button', { name: text(fr, 'language.name.fr') }).click();
    const allowed = text(fr, 'problems.not_allowed').replace('{{allowed}}', THEMES.join(', '));
    await table.getByRole('cell', { name: allowed }).waitFor();
    // The file picker speaks the page's language, not the browser's ("Choose File"), and names the file.
    const picker = page.locator('.file-picker');
    await picker.getByText(text(fr, 'admin.imports.chooseFile'), { exact: true }).waitFor();
    await picker.getByText('commitments.csv', { exact: true }).waitFor();
    await screenshot(page, 'imports-problems-fr-desktop');
    await page.getByRole('button', { name: text(en, 'language.name.en') }).click();
    await page.getByRole('button', { name: text(en, 'admin.imports.check') }).waitFor();

    const good = bad.replace('weather', 'justice_judiciary');
    await page
      .getByLabel(text(en, 'admin.imports.file'))
      .setInputFiles({ name: 'commitments.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: text(en, 'admin.imports.check') }).click();
    await page
      .getByRole('button', { name: text(en, 'admin.imports.import') })
      .and(page.locator(':not([disabled])'))
      .waitFor();
    await page.getByRole('button', { name: text(en, 'admin.imports.import') }).click();
    const imported = async () =>
      (await server.app.db.query(`SELECT count(*)::int AS n FROM commitments WHERE title_fr = 'Former les greffiers'`))[0].n;
    for (let i = 0; i < 50 && (await imported()) === 0; i++) {
      await page.waitForTimeout(100);
    }
    expect(await imported()).toBe(1);
    await screenshot(page, 'imports-done-en-desktop');
  });
});
