import { join } from 'node:path';

import type { CommitmentSummary, Page as ApiPage } from '@suivi/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import {
  expectAccessible,
  expectNoSideScroll,
  launchChromium,
  screenshot,
  signIn,
  startWebServer,
  DESKTOP,
  OUTPUT_DIR,
  PHONE,
  text,
  translations,
  type Texts,
  type WebServer,
} from './support/browser';

const en = translations('en');
const fr = translations('fr');

describe('commitment tracking in the browser: both tracks, live, contested', () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let commitment: CommitmentSummary;
  /** Unique words, so each report is found on screen whatever else the demo data holds. */
  const stamp = Date.now().toString(36);
  const selfNarrative = `Les douze juges du Pôle sont en poste et les premiers dossiers sont jugés (${stamp}).`;
  const assessmentNarrative = `Only two chambers sit, and no case has been tried since June (${stamp}).`;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
    commitment = await pickCommitment();
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  /** A commitment of the Ministry of Justice that nobody contests yet; the PJS one if there is none. */
  async function pickCommitment(): Promise<CommitmentSummary> {
    const response = await fetch(`${server.baseUrl}/api/commitments?contested=false&pageSize=100`);
    const page = (await response.json()) as ApiPage<CommitmentSummary>;
    const mjdh = page.items.filter((c) => c.owner.acronym === 'MJDH');
    const pick = mjdh.find((c) => /judicial pole|pôle judiciaire/i.test(`${c.title.en} ${c.title.fr}`)) ?? mjdh[0];
    if (pick) {
      return pick;
    }
    const all = (await (await fetch(`${server.baseUrl}/api/commitments?pageSize=100`)).json()) as ApiPage<CommitmentSummary>;
    const pjs = all.items.find((c) => /judicial pole|pôle judiciaire/i.test(`${c.title.en} ${c.title.fr}`));
    if (!pjs) {
      throw new Error('no Ministry of Justice commitment in the demo data');
    }
    return pjs;
  }

  async function open(locale: 'en-GB' | 'fr-FR', device: typeof DESKTOP | typeof PHONE): Promise<Page> {
    const context = await browser.newContext({ locale, ...device });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  /** Opens the commitment by the app's own navigation and waits until its live updates flow. */
  async function openCommitment(page: Page, t: Texts): Promise<void> {
    await page.goto(`${server.baseUrl}/commitments/${commitment.id}`, { waitUntil: 'networkidle' });
    await page.locator('h1').first().waitFor();
    await page.getByText(text(t, 'live.live')).waitFor();
  }

  let ministry: Page;

  it('lets a ministry member report “completed”, shown at once, with a French validation message first', async () => {
    ministry = await open('fr-FR', DESKTOP);
    await signIn(ministry, server, fr, 'justice@suivi.demo');
    await openCommitment(ministry, fr);
    expect(await ministry.getByRole('heading', { level: 2, name: text(fr, 'reportForm.independent_assessment.title') }).count()).toBe(0);
    // Following it: what civil society publishes next reaches this person's bell.
    await ministry.getByRole('button', { name: new RegExp(`^${text(fr, 'follow.follow')}`) }).click();
    await ministry.getByText(text(fr, 'follow.following.commitment')).waitFor();

    await ministry.getByRole('button', { name: text(fr, 'reportForm.self_report.open') }).click();
    await ministry.waitForFunction(() => document.activeElement?.id === 'self-status');
    // Nothing filled: the messages say what is missing, in French, beside their fields.
    await ministry.getByRole('button', { name: text(fr, 'reportForm.self_report.submit') }).click();
    await ministry.locator('#self-narrative-error').getByText(text(fr, 'forms.errors.narrativeRequired')).waitFor();
    expect(await ministry.getAttribute('#self-status', 'aria-invalid')).toBe('true');

    await ministry.locator('#self-status').selectOption('completed');
    await ministry.locator('#self-percent').fill('100');
    await ministry.locator('#self-narrative-fr').fill(selfNarrative);
    await ministry.getByRole('button', { name: text(fr, 'reportForm.addLink') }).click();
    await ministry.locator('#self-link-0').fill('https://www.sgg-mali.ml/pole-judiciaire-specialise.pdf');
    await ministry.getByRole('button', { name: text(fr, 'reportForm.self_report.submit') }).click();

    await ministry
      .getByRole('status')
      .filter({ hasText: text(fr, 'reportForm.self_report.published') })
      .waitFor();
    await ministry.locator('#self-form').waitFor({ state: 'hidden' });
    await ministry.locator('.track-self', { hasText: selfNarrative }).waitFor();
    // The page stays the same document from here on: what follows arrives live.
    await ministry.evaluate(() => ((window as unknown as { suiviMarker: number }).suiviMarker = 1));
  });

  it('shows a civil-society assessment that diverges, live, beside the report, and marks the commitment contested', async () => {
    const civil = await open('en-GB', DESKTOP);
    await signIn(civil, server, en, 'civil@suivi.demo');
    await openCommitment(civil, en);
    expect(await civil.getByRole('heading', { level: 2, name: text(en, 'reportForm.self_report.title') }).count()).toBe(0);
    await civil.getByText(text(en, 'reportForm.independent_assessment.privacy')).waitFor();

    await civil.getByRole('button', { name: text(en, 'reportForm.independent_assessment.open') }).click();
    await civil.locator('#assess-status').selectOption('stalled');
    await civil.locator('#assess-narrative-en').fill(assessmentNarrative);
    await expectAccessible(civil, 'commitment-assessment-form-open');
    await civil.getByRole('button', { name: text(en, 'reportForm.independent_assessment.submit') }).click();
    await civil
      .getByRole('status')
      .filter({ hasText: text(en, 'reportForm.independent_assessment.published') })
      .waitFor();
    await civil.locator('.track-assessment', { hasText: assessmentNarrative }).waitFor();

    // The ministry's page, never reloaded, receives the assessment and the new derived state.
    const arrived = ministry.locator('.track-assessment', { hasText: assessmentNarrative });
    await arrived.waitFor({ timeout: 15_000 });
    await arrived.locator('.divergence-note').waitFor();
    await ministry.locator('.notice-contested').waitFor();
    await ministry.locator('.live-arrival').filter({ hasText: /\S/ }).waitFor();
    await ministry.locator('.bell .bell-count').waitFor();
    expect(await ministry.evaluate(() => (window as unknown as { suiviMarker?: number }).suiviMarker)).toBe(1);
    await ministry.locator('.timeline').scrollIntoViewIfNeeded();
    await screenshot(ministry, 'tracking-commitment-both-tracks-fr-desktop');
  });

  it('lists what happened on the notifications page, in words, with a link to the commitment', async () => {
    await ministry.locator('.bell').click();
    await ministry.getByRole('heading', { level: 1, name: text(fr, 'notifications.title') }).waitFor();
    const first = ministry.locator('.notification.is-unread').first();
    await first.waitFor();
    expect(await first.locator('a').getAttribute('href')).toContain(`/commitments/${commitment.id}`);
    await expectAccessible(ministry, 'notifications-page');
    await ministry.getByRole('button', { name: text(fr, 'notifications.markAllRead') }).click();
    await ministry
      .getByRole('status')
      .filter({ hasText: text(fr, 'notifications.allRead') })
      .waitFor();
    await ministry.locator('.bell .bell-count').waitFor({ state: 'detached' });
  });

  it('lists the commitment among the contested ones on the dashboard', async () => {
    const page = await open('en-GB', DESKTOP);
    await page.goto(server.baseUrl, { waitUntil: 'networkidle' });
    const contested = page.locator('section[aria-labelledby="contested-title"]');
    await contested.waitFor();
    // The list is built as it nears the screen, as a reader scrolls down to it.
    await contested.scrollIntoViewIfNeeded();
    await contested
      .getByRole('link', { name: commitment.title.en ?? commitment.title.fr ?? '' })
      .first()
      .waitFor();
    await screenshot(page, 'tracking-dashboard-contested-en-desktop');
  });

  it('gives the secretariat both forms, verify and translation, and passes axe with the forms open', async () => {
    const page = await open('en-GB', DESKTOP);
    await signIn(page, server, en, 'secretariat@suivi.demo');
    await openCommitment(page, en);
    await page.getByRole('button', { name: text(en, 'reportForm.self_report.open') }).click();
    await page.getByRole('button', { name: text(en, 'reportForm.independent_assessment.open') }).click();
    await page.locator('#assess-status').waitFor({ state: 'visible' });
    await expectAccessible(page, 'commitment-both-forms-open');

    // The ministry's report has no English text yet, and no verification.
    const report = page.locator('.track-self', { hasText: selfNarrative });
    await report.getByRole('button', { name: new RegExp(`^${text(en, 'report.verify')}`) }).click();
    const dialog = page.getByRole('dialog', { name: text(en, 'verify.title') });
    await dialog.waitFor();
    await expectAccessible(page, 'commitment-verify-dialog');
    await dialog.getByLabel(text(en, 'verify.note')).fill('Appointment decrees checked in the official journal');
    await dialog.getByRole('button', { name: text(en, 'verify.submit') }).click();
    await dialog.waitFor({ state: 'hidden' });
    await report.locator('.verified').waitFor();

    await report.getByRole('button', { name: new RegExp(`^${text(en, 'report.addTranslation.en')}`) }).click();
    const translate = page.getByRole('dialog', { name: text(en, 'translation.title.en') });
    await translate
      .getByLabel(text(en, 'translation.text.en'))
      .fill('The twelve judges of the Pole are in post and the first cases are tried.');
    await translate.getByRole('button', { name: text(en, 'translation.submit') }).click();
    await translate.waitFor({ state: 'hidden' });
    // English readers now read the English text, which replaces the marked French fallback.
    await page.locator('.track-self', { hasText: 'The twelve judges of the Pole are in post' }).locator('.verified').waitFor();
  });

  it('fits the report form on a 360 px phone, with the bell and follow button', async () => {
    const page = await open('fr-FR', PHONE);
    await signIn(page, server, fr, 'justice@suivi.demo');
    await openCommitment(page, fr);
    await page.getByRole('link', { name: new RegExp(text(fr, 'notifications.bell')) }).waitFor();

    // Followed from the desktop earlier: the same account sees it here, and stops following.
    await page.getByRole('button', { name: new RegExp(`^${text(fr, 'follow.unfollow')}`) }).click();
    await page.getByText(text(fr, 'follow.stopped')).waitFor();
    await page.getByRole('button', { name: new RegExp(`^${text(fr, 'follow.follow')}`) }).waitFor();

    // French all through: the indicators' unit, the organisation in the history (the secretariat
    // verified a report above), the file picker; no keyboard shortcut on a touch screen.
    const unit = text(fr, 'indicators.unit').replace('{{unit}}', text(fr, 'units.count'));
    await page.locator('main').getByText(unit).first().waitFor();
    const history = (await page.locator('table.history').innerText()).replace(/\s+/g, ' ');
    expect({ unitCode: (await page.locator('main').innerText()).includes(': count'), history }).toEqual({
      unitCode: false,
      history: expect.stringContaining('Secrétariat de la table ronde de Bamako') as unknown as string,
    });
    expect(history).not.toContain('Bamako roundtable secretariat');
    // The history stacks at 360 px: every value visible, nothing cut or scrolled sideways.
    await page.locator('table.history').scrollIntoViewIfNeeded();
    await screenshot(page, 'tracking-history-fr-phone');
    await page.locator('table.history').screenshot({ path: join(OUTPUT_DIR, 'tracking-history-table-fr-phone.png') });
    const cells = await page
      .locator('table.history tbody td')
      .evaluateAll((tds) =>
        tds.map((td) => [...Array.from(td.children), td].some((e) => e.getBoundingClientRect().right > window.innerWidth + 1)),
      );
    expect(cells.filter(Boolean)).toEqual([]);
    await expectAccessible(page, 'history-phone');

    await page.getByRole('button', { name: text(fr, 'reportForm.self_report.open') }).click();
    await page.getByText(text(fr, 'reportForm.chooseFiles'), { exact: true }).waitFor();
    await page.getByText(text(fr, 'reportForm.noFiles'), { exact: true }).waitFor();
    await page.getByRole('button', { name: text(fr, 'reportForm.addLink') }).click();
    await page.locator('#self-link-0').fill('pas un lien');
    await page.getByRole('button', { name: text(fr, 'reportForm.self_report.submit') }).click();
    await page.locator('#self-link-0-error').getByText(text(fr, 'problems.url')).waitFor();
    await page.locator('#self-form').scrollIntoViewIfNeeded();
    await screenshot(page, 'tracking-report-form-fr-phone');
    await expectNoSideScroll(page, 'report-form-phone');
    await expectAccessible(page, 'report-form-phone');
  });
});
