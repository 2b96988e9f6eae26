import { createHash } from 'node:crypto';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import {
  expectAccessible,
  expectNoSideScroll,
  launchChromium,
  screenshot,
  signIn,
  startWebServer,
  DESKTOP,
  PHONE,
  text,
  translations,
  type Texts,
  type WebServer,
} from './support/browser';

const en = translations('en');
const fr = translations('fr');

/** A small but real PDF (the API recognises it from its bytes), padded so that a slow upload takes a moment. */
function pdfBytes(padding: number): Buffer {
  const body = [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
    `% ${'x'.repeat(padding)}`,
    'trailer << /Root 1 0 R >>',
    '%%EOF',
  ].join('\n');
  return Buffer.from(body, 'latin1');
}

describe('curation in the browser: the secretariat sets up a dialogue, the ministry keeps its commitment', () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  /** Unique words, so what this test creates is found on screen whatever else the demo data holds. */
  const stamp = Date.now().toString(36);
  const dialogueTitle = {
    en: `Mopti roundtable on cross-border crime (${stamp})`,
    fr: `Table ronde de Mopti sur la criminalité transfrontalière (${stamp})`,
  };
  const commitmentTitle = {
    en: `Train the clerks of the Mopti court (${stamp})`,
    fr: `Former les greffiers du tribunal de Mopti (${stamp})`,
  };
  const milestoneTitle = `Première session de formation (${stamp})`;
  const reportNarrative = `Trente greffiers sont formés ; le rapport de formation est joint (${stamp}).`;
  let commitmentUrl = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  async function open(locale: 'en-GB' | 'fr-FR', device: typeof DESKTOP | typeof PHONE): Promise<Page> {
    const context = await browser.newContext({ locale, ...device });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  /** The label of a bilingual field: "Title in English". */
  function bilingual(t: Texts, lang: 'en' | 'fr', field: string): string {
    return text(t, `bilingual.${lang}`).replace('{{field}}', text(t, field));
  }

  let secretariat: Page;

  it('creates a dialogue, with French messages on the phone first and axe passing on the form', async () => {
    // On a 360 px phone, in French: the empty form says what is missing, beside each field.
    const phone = await open('fr-FR', PHONE);
    await signIn(phone, server, fr, 'secretariat@suivi.demo');
    await phone.goto(`${server.baseUrl}/dialogues`, { waitUntil: 'networkidle' });
    await phone.getByRole('link', { name: text(fr, 'dialogueForm.new') }).click();
    await phone.getByRole('heading', { level: 1, name: text(fr, 'dialogueForm.titleNew') }).waitFor();
    await phone.getByRole('button', { name: text(fr, 'dialogueForm.create') }).click();
    await phone.locator('#dialogue-title-error').getByText(text(fr, 'problems.one_language')).waitFor();
    await phone.locator('#dialogue-start-error').getByText(text(fr, 'problems.required')).waitFor();
    await expectAccessible(phone, 'dialogue-form-errors-fr-phone');
    await expectNoSideScroll(phone, 'dialogue-form-errors-fr-phone');
    await screenshot(phone, 'curation-dialogue-form-fr-360');

    secretariat = await open('en-GB', DESKTOP);
    await signIn(secretariat, server, en, 'secretariat@suivi.demo');
    await secretariat.goto(`${server.baseUrl}/dialogues/new`, { waitUntil: 'networkidle' });
    await secretariat.getByLabel(bilingual(en, 'en', 'dialogueForm.title')).fill(dialogueTitle.en);
    await secretariat.getByLabel(bilingual(en, 'fr', 'dialogueForm.title')).fill(dialogueTitle.fr);
    await secretariat
      .getByLabel(bilingual(en, 'fr', 'dialogueForm.summary'))
      .fill('Deux jours sur la criminalité transfrontalière au centre du Mali.');
    await secretariat.locator('#dialogue-place').fill('Mopti');
    await secretariat.locator('#dialogue-start').fill('2027-03-10');
    await secretariat.locator('#dialogue-end').fill('2027-03-11');
    await secretariat.locator('#dialogue-status').selectOption('planned');
    await secretariat.locator('#dialogue-participants-search').fill('justice');
    await secretariat.getByRole('checkbox', { name: /Ministry of Justice/ }).check();
    await secretariat.locator('#dialogue-participants-search').fill('');
    await expectAccessible(secretariat, 'dialogue-form-filled');
    await screenshot(secretariat, 'curation-dialogue-form-en-desktop');
    await secretariat.getByRole('button', { name: text(en, 'dialogueForm.create') }).click();

    await secretariat.getByRole('heading', { level: 1, name: dialogueTitle.en }).waitFor();
    await secretariat
      .getByText(/Ministry of Justice/)
      .first()
      .waitFor();
  });

  it('adds a recommendation to the dialogue, the code checked first', async () => {
    await secretariat.getByRole('link', { name: text(en, 'recommendationForm.new') }).click();
    await secretariat.getByRole('heading', { level: 1, name: text(en, 'recommendationForm.titleNew') }).waitFor();
    await secretariat.locator('#recommendation-code').fill('R 1');
    await secretariat.getByLabel(bilingual(en, 'en', 'recommendationForm.text')).fill('Train court staff in the centre regions.');
    await secretariat
      .getByLabel(bilingual(en, 'fr', 'recommendationForm.text'))
      .fill('Former le personnel des tribunaux des régions du centre.');
    await secretariat.getByRole('checkbox', { name: text(en, 'groups.government') }).check();
    await secretariat.getByRole('checkbox', { name: text(en, 'themes.justice_judiciary') }).check();
    await secretariat.getByRole('button', { name: text(en, 'recommendationForm.create') }).click();
    await secretariat.locator('#recommendation-code-error').getByText(text(en, 'problems.code_format')).waitFor();
    await expectAccessible(secretariat, 'recommendation-form-error');
    await secretariat.locator('#recommendation-code').fill('R1');
    await secretariat.getByRole('button', { name: text(en, 'recommendationForm.create') }).click();

    await secretariat.getByRole('heading', { level: 1, name: text(en, 'recommendation.heading').replace('{{code}}', 'R1') }).waitFor();
  });

  it('creates a commitment owned by the Ministry of Justice with an indicator', async () => {
    await secretariat.getByRole('link', { name: text(en, 'commitmentEdit.newTitle') }).click();
    await secretariat.getByRole('heading', { level: 1, name: text(en, 'commitmentEdit.newTitle') }).waitFor();
    // The dialogue of the recommendation is the one chosen.
    expect(await secretariat.locator('#commitment-dialogue option:checked').textContent()).toContain(stamp);

    await secretariat.getByLabel(bilingual(en, 'en', 'commitmentEdit.fields.title')).fill(commitmentTitle.en);
    await secretariat.getByLabel(bilingual(en, 'fr', 'commitmentEdit.fields.title')).fill(commitmentTitle.fr);
    await secretariat
      .getByLabel(bilingual(en, 'en', 'commitmentEdit.fields.description'))
      .fill('Thirty clerks trained in case management before the court opens.');
    const [{ id: mjdh }] = await server.app.db.query(`SELECT id FROM organizations WHERE acronym = 'MJDH'`);
    await secretariat.locator('#commitment-owner').selectOption(mjdh);
    await secretariat.getByRole('checkbox', { name: /^R1/ }).check();
    await secretariat.getByRole('checkbox', { name: text(en, 'themes.justice_judiciary') }).check();
    await secretariat.getByRole('checkbox', { name: text(en, 'regions.mopti') }).check();
    await secretariat.locator('#commitment-start').fill('2027-03-11');
    await secretariat.locator('#commitment-due').fill('2027-12-31');
    await secretariat.getByRole('button', { name: text(en, 'commitmentEdit.addIndicator') }).click();
    await secretariat.locator('#commitment-indicator-0-name-en').fill('Clerks trained');
    await secretariat.locator('#commitment-indicator-0-name-fr').fill('Greffiers formés');
    await secretariat.locator('#commitment-indicator-0-unit').fill('clerks');
    await secretariat.locator('#commitment-indicator-0-baseline').fill('0');
    await secretariat.locator('#commitment-indicator-0-target').fill('30');
    await secretariat.locator('#commitment-indicator-0-current').fill('0');
    await expectAccessible(secretariat, 'commitment-form-filled');
    await screenshot(secretariat, 'curation-commitment-form-en-desktop');
    await secretariat.getByRole('button', { name: text(en, 'commitmentEdit.create') }).click();

    await secretariat.getByRole('heading', { level: 1, name: commitmentTitle.en }).waitFor();
    commitmentUrl = new URL(secretariat.url()).pathname;
    expect(commitmentUrl).toMatch(/^\/commitments\/[0-9a-f-]{36}$/);
    await secretariat.locator('.indicators').getByText('Clerks trained').waitFor();
    const [row] = await server.app.db.query(
      `SELECT c.indicators, o.acronym, array(SELECT r.code FROM commitment_recommendations cr JOIN recommendations r ON r.id = cr.recommendation_id
          WHERE cr.commitment_id = c.id) AS codes
         FROM commitments c JOIN organizations o ON o.id = c.owner_id WHERE c.title_en = $1`,
      [commitmentTitle.en],
    );
    expect(row).toEqual({
      acronym: 'MJDH',
      codes: ['R1'],
      indicators: [{ name: { en: 'Clerks trained', fr: 'Greffiers formés' }, unit: 'clerks', baseline: 0, target: 30, current: 0 }],
    });

    // The same form on a phone, for the edit: nothing wider than the screen.
    const phone = await open('fr-FR', PHONE);
    await signIn(phone, server, fr, 'secretariat@suivi.demo');
    await phone.goto(`${server.baseUrl}${commitmentUrl}`, { waitUntil: 'networkidle' });
    await phone.getByRole('button', { name: text(fr, 'commitmentEdit.edit'), exact: true }).click();
    await phone.locator('#commitment-indicator-0-unit').waitFor();
    await expectAccessible(phone, 'commitment-edit-fr-phone');
    await expectNoSideScroll(phone, 'commitment-edit-fr-phone');
    await screenshot(phone, 'curation-commitment-edit-fr-360');
  });

  it('lets the ministry add a milestone and post a self-report with a PDF, the upload’s progress shown', async () => {
    const ministry = await open('fr-FR', PHONE);
    await signIn(ministry, server, fr, 'justice@suivi.demo');
    await ministry.goto(`${server.baseUrl}${commitmentUrl}`, { waitUntil: 'networkidle' });
    await ministry.getByRole('heading', { level: 1, name: commitmentTitle.fr }).waitFor();
    // Members of the owner organisation keep milestones; they do not curate the commitment.
    expect(await ministry.getByRole('button', { name: text(fr, 'commitmentEdit.edit'), exact: true }).count()).toBe(0);

    await ministry.getByRole('button', { name: text(fr, 'milestones.add') }).click();
    await ministry.getByLabel(bilingual(fr, 'fr', 'milestones.fields.title')).fill(milestoneTitle);
    await ministry.locator('#milestone-planned').fill('2027-05-15');
    await ministry.locator('#milestone-evidence').fill('https://example.org/programme-formation.pdf');
    await expectAccessible(ministry, 'milestone-form-fr-phone');
    await ministry.getByRole('button', { name: text(fr, 'milestones.save') }).click();
    await ministry
      .getByRole('status')
      .filter({ hasText: text(fr, 'milestones.added') })
      .waitFor();
    await ministry.locator('.milestones li', { hasText: milestoneTitle }).waitFor();

    await ministry.getByRole('button', { name: text(fr, 'reportForm.self_report.open') }).click();
    await ministry.locator('#self-status').selectOption('in_progress');
    await ministry.locator('#self-percent').fill('30');
    await ministry.locator('#self-narrative-fr').fill(reportNarrative);
    await ministry
      .getByLabel(text(fr, 'reportForm.files'))
      .setInputFiles([{ name: 'rapport-formation.pdf', mimeType: 'application/pdf', buffer: pdfBytes(1_500_000) }]);
    await ministry.locator('.file-list li', { hasText: 'rapport-formation.pdf' }).waitFor();
    await expectAccessible(ministry, 'self-report-with-file-fr-phone');
    await expectNoSideScroll(ministry, 'self-report-with-file-fr-phone');

    // A slow line, so that the progress bar has time to show.
    const cdp = await ministry.context().newCDPSession(ministry);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 50,
      downloadThroughput: 2 * 1024 * 1024,
      uploadThroughput: 400 * 1024,
    });
    await ministry.getByRole('button', { name: text(fr, 'reportForm.self_report.submit') }).click();
    const progress = ministry.getByRole('progressbar', { name: text(fr, 'reportForm.uploading') });
    await progress.waitFor();
    await ministry.waitForFunction(() => (document.querySelector('progress')?.value ?? 0) > 0);
    await progress.scrollIntoViewIfNeeded();
    await screenshot(ministry, 'curation-upload-progress-fr-360');

    await ministry
      .getByRole('status')
      .filter({ hasText: text(fr, 'reportForm.self_report.published') })
      .waitFor({ timeout: 30_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const card = ministry.locator('.track-self', { hasText: reportNarrative });
    await card.waitFor();
    const link = card.getByRole('link', { name: 'rapport-formation.pdf' });
    expect(await link.getAttribute('href')).toMatch(/^\/api\/files\/[0-9a-f-]{36}$/);
    const file = await fetch(`${server.baseUrl}${await link.getAttribute('href')}`);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    // The file as published: rewritten from its pages (the padding comment is gone), its ETag its sha256.
    const published = Buffer.from(await file.arrayBuffer());
    expect(published.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(published.length).toBeLessThan(pdfBytes(1_500_000).length);
    expect(file.headers.get('etag')).toBe(`"${createHash('sha256').update(published).digest('hex')}"`);
    await card.scrollIntoViewIfNeeded();
    await expectAccessible(ministry, 'commitment-after-report-fr-phone');
    await expectNoSideScroll(ministry, 'commitment-after-report-fr-phone');
    await screenshot(ministry, 'curation-report-with-file-fr-360');

    const desktop = await open('en-GB', DESKTOP);
    await desktop.goto(`${server.baseUrl}${commitmentUrl}`, { waitUntil: 'networkidle' });
    await desktop.locator('.track-self', { hasText: reportNarrative }).getByRole('link', { name: 'rapport-formation.pdf' }).waitFor();
    await desktop.locator('.milestones li', { hasText: milestoneTitle }).waitFor();
    await screenshot(desktop, 'curation-commitment-en-desktop');
  });
});
