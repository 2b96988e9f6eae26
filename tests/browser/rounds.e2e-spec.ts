import type { RoundView } from '@suivi/contracts';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';

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

/** A translation with its `{{params}}` filled in. */
function say(t: Texts, path: string, params: Record<string, string | number>): string {
  return text(t, path).replace(/\{\{\s*(\w+)\s*\}\}/g, (_all, name: string) => String(params[name]));
}

/** A translation with its `{{params}}` as wildcards, for dates the browser formats. */
function wording(t: Texts, path: string): RegExp {
  const parts = text(t, path)
    .split(/\{\{\s*\w+\s*\}\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('.+?'));
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * Issue 20 in the browser: the secretariat opens a round on the Bamako dialogue through the form;
 * an anonymous reader watches the round's page fill as the ministry files a report, without a
 * reload; each commitment's public page says what became of its request, "submitted" in both
 * languages and "missing" once the round is closed. The form and the round's page at 360 px in
 * French, with axe.
 */
describe('reporting rounds in the browser', () => {
  let server: WebServer;
  let browser: Browser;
  let dialogueId = '';
  let roundId = '';
  /** The commitment the ministry reports on, and one nobody does. */
  let reported = '';
  let unanswered = '';
  const pageErrors: string[] = [];
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
    [{ id: dialogueId }] = await server.app.db.query(`SELECT id FROM dialogues LIMIT 1`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  async function open(locale: string, device: BrowserContextOptions = DESKTOP): Promise<Page> {
    const context = await browser.newContext({ ...device, locale, timezoneId: 'Africa/Bamako' });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  it('opens a round through the form; a reader sees it fill live; each commitment says submitted, then missing once closed', async () => {
    const secretariat = await open('en-GB');
    await signIn(secretariat, server, en, 'secretariat@suivi.demo');
    await secretariat.goto(`${server.baseUrl}/dialogues/${dialogueId}`, { waitUntil: 'networkidle' });
    // The demo's round, closed by itself two days ago, is listed; the secretariat opens the next one.
    const section = secretariat.locator('section[aria-labelledby="rounds-title"]');
    await section.getByText('Follow-up round, autumn 2026').waitFor();
    await section.getByRole('link', { name: text(en, 'rounds.open') }).click();
    await secretariat.waitForURL(`**/dialogues/${dialogueId}/rounds/new`);
    await secretariat.getByRole('heading', { level: 1, name: text(en, 'rounds.form.titleNew') }).waitFor();

    // Sent empty but for the day it opens (today, already there): the missing fields are said.
    expect(await secretariat.getByLabel(text(en, 'rounds.form.opensOn')).inputValue()).toBe(today);
    await secretariat.getByRole('button', { name: text(en, 'rounds.form.submitOpen') }).click();
    await secretariat.getByText(text(en, 'problems.one_language')).first().waitFor();
    await secretariat.locator('#round-new-due-error').getByText(text(en, 'problems.required')).waitFor();

    const field = (lang: 'en' | 'fr') => say(en, `bilingual.${lang}`, { field: text(en, 'rounds.form.title') });
    await secretariat.getByLabel(field('en')).fill('Follow-up round, winter 2026');
    await secretariat.getByLabel(field('fr')).fill('Cycle de suivi, hiver 2026');
    const dueOn = addDays(today, 10);
    await secretariat.getByLabel(text(en, 'rounds.form.dueOn')).fill(dueOn);
    // Without a closing day, the form says when the round will close.
    await secretariat.getByText(wording(en, 'rounds.form.closesOnDefault')).waitFor();
    expect(await secretariat.getByLabel(text(en, 'rounds.form.invite')).isChecked()).toBe(true);
    await screenshot(secretariat, 'rounds-form-en-desktop');
    const created = secretariat.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/dialogues/${dialogueId}/rounds`,
    );
    await secretariat.getByRole('button', { name: text(en, 'rounds.form.submitOpen') }).click();
    const answer = await created;
    expect(answer.status()).toBe(201);
    const round = (await answer.json()) as RoundView;
    roundId = round.id;
    expect({ state: round.state, closesOn: round.closesOn }).toEqual({ state: 'open', closesOn: addDays(dueOn, 14) });
    await secretariat.waitForURL(`**/rounds/${roundId}`);
    await secretariat.getByRole('heading', { level: 1, name: 'Follow-up round, winter 2026' }).waitFor();

    // The ministry's request, which it will answer, and another owner's, which nobody will.
    const [{ id: ministryId }] = await server.app.db.query(`SELECT id FROM organizations WHERE acronym = 'MJDH'`);
    const selfReports = round.requests.filter((q) => q.track === 'self_report');
    reported = selfReports.find((q) => q.organizationId === ministryId)?.commitmentId ?? '';
    unanswered = selfReports.find((q) => q.commitmentId !== reported)?.commitmentId ?? '';
    expect({ reported: Boolean(reported), unanswered: Boolean(unanswered) }).toEqual({ reported: true, unanswered: true });
    const total = round.completion.overall.total;

    // An anonymous reader opens the round's page and waits for live updates.
    const reader = await open('en-GB');
    await reader.goto(`${server.baseUrl}/rounds/${roundId}`, { waitUntil: 'networkidle' });
    const overall = reader.locator('section[aria-labelledby="completion-title"] suivi-round-completion').first();
    await overall.getByText(say(en, 'rounds.completion.answered', { done: 0, total })).waitFor();
    await reader.getByText(text(en, 'rounds.live.live')).waitFor();
    await reader.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    expect(await reader.getByRole('button', { name: text(en, 'rounds.close.button') }).count()).toBe(0);
    await screenshot(reader, 'rounds-page-en-desktop-before');

    // The ministry files a self-report on one of its commitments (through the API, as its page does).
    const justice = await apiSignIn(server.app, 'justice@suivi.demo');
    await server.app
      .http()
      .post(`/api/commitments/${reported}/reports`)
      .set(bearer(justice))
      .send({ kind: 'self_report', status: 'in_progress', percent: 40, narrative: { fr: 'Rapport du cycle d’hiver.' } })
      .expect(201);

    // The reader's page moves without a reload: the figures at once, the request's state after.
    await overall.getByText(say(en, 'rounds.completion.answered', { done: 1, total })).waitFor();
    const bar = overall.getByRole('progressbar');
    expect(await bar.getAttribute('aria-valuenow')).toBe('1');
    const reportedItem = reader.locator('.round-requests > li').filter({ has: reader.locator(`a[href="/commitments/${reported}"]`) });
    await reportedItem.getByText(text(en, 'rounds.request.submitted'), { exact: true }).waitFor();
    await reader.getByRole('status').getByText(text(en, 'rounds.live.changed')).waitFor();
    expect(await reader.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await screenshot(reader, 'rounds-page-en-desktop-after-report');
    await expectAccessible(reader, 'round page, English, desktop');

    // The commitment's public page says so, in English and in French.
    const submittedItem = (page: Page) =>
      page
        .locator('section[aria-labelledby="commitment-rounds-title"] li')
        .filter({ hasText: 'winter 2026' })
        .or(page.locator('section[aria-labelledby="commitment-rounds-title"] li').filter({ hasText: 'hiver 2026' }));
    await reader.goto(`${server.baseUrl}/commitments/${reported}`, { waitUntil: 'networkidle' });
    await submittedItem(reader).getByText(text(en, 'rounds.commitment.self_report.submitted'), { exact: true }).waitFor();
    await submittedItem(reader).getByText(text(en, 'rounds.commitment.independent_assessment.requested'), { exact: true }).waitFor();
    const french = await open('fr-FR');
    await french.goto(`${server.baseUrl}/commitments/${reported}`, { waitUntil: 'networkidle' });
    await submittedItem(french).getByText(text(fr, 'rounds.commitment.self_report.submitted'), { exact: true }).waitFor();
    await screenshot(french, 'rounds-commitment-submitted-fr-desktop');

    // The secretariat closes the round, after confirming; the reader's page follows.
    await secretariat.getByRole('button', { name: text(en, 'rounds.close.button') }).click();
    const dialog = secretariat.getByRole('dialog', { name: text(en, 'rounds.close.title') });
    await dialog.waitFor();
    await screenshot(secretariat, 'rounds-close-confirm-en-desktop');
    await dialog.getByRole('button', { name: text(en, 'rounds.close.confirm') }).click();
    await secretariat.getByText(wording(en, 'rounds.closedBySecretariat')).waitFor();
    expect(await secretariat.getByRole('button', { name: text(en, 'rounds.close.button') }).count()).toBe(0);

    // The commitment nobody reported on now says "no report this round", in both languages.
    await reader.goto(`${server.baseUrl}/commitments/${unanswered}`, { waitUntil: 'networkidle' });
    await submittedItem(reader).getByText(text(en, 'rounds.commitment.self_report.missing'), { exact: true }).waitFor();
    await french.goto(`${server.baseUrl}/commitments/${unanswered}`, { waitUntil: 'networkidle' });
    await submittedItem(french).getByText(text(fr, 'rounds.commitment.self_report.missing'), { exact: true }).waitFor();
    await screenshot(french, 'rounds-commitment-missing-fr-desktop');
    await expectAccessible(french, 'commitment page with its rounds, French');

    // The dashboard shows the dialogue's current round, now closed, and links to it.
    await reader.goto(`${server.baseUrl}/`, { waitUntil: 'networkidle' });
    const card = reader.locator('section[aria-labelledby="current-rounds-title"]');
    await card.getByRole('link', { name: 'Follow-up round, winter 2026' }).waitFor();
    await card.getByText(text(en, 'rounds.state.closed'), { exact: true }).waitFor();
    await screenshot(reader, 'rounds-dashboard-en-desktop');
    await Promise.all([secretariat, reader, french].map((p) => p.context().close()));
  });

  it('at 360 px in French: the form says a refusal by its code, the round page reads on a phone, both pass axe', async () => {
    expect(roundId).not.toBe('');
    const phone = await open('fr-FR', PHONE);
    await signIn(phone, server, fr, 'secretariat@suivi.demo');
    await phone.goto(`${server.baseUrl}/dialogues/${dialogueId}/rounds/new`, { waitUntil: 'networkidle' });
    await phone.getByRole('heading', { level: 1, name: text(fr, 'rounds.form.titleNew') }).waitFor();
    const field = (lang: 'en' | 'fr') => say(fr, `bilingual.${lang}`, { field: text(fr, 'rounds.form.title') });
    await phone.getByLabel(field('fr')).fill('Cycle de rattrapage');
    await phone.getByLabel(text(fr, 'rounds.form.dueOn')).fill(addDays(today, 5));
    await expectNoSideScroll(phone, 'round form, French, phone');
    await expectAccessible(phone, 'round form, French, phone');
    await screenshot(phone, 'rounds-form-fr-phone');

    // The round closed today still covers today: a new one would overlap it, and the form says so.
    await phone.getByRole('button', { name: text(fr, 'rounds.form.submitOpen') }).click();
    const failure = phone.locator('.form-failure');
    await failure.getByText(wording(fr, 'errors.round_overlap')).waitFor();
    expect(await phone.evaluate(() => document.activeElement?.classList.contains('form-failure'))).toBe(true);
    await expectAccessible(phone, 'round form refused, French, phone');
    await screenshot(phone, 'rounds-form-overlap-fr-phone');

    // A closing day before the due day is refused by the form itself, on the field.
    await phone.getByLabel(text(fr, 'rounds.form.closesOn')).fill(addDays(today, 2));
    await phone.getByRole('button', { name: text(fr, 'rounds.form.submitOpen') }).click();
    await phone.locator('#round-new-closes-error').getByText(text(fr, 'problems.date_order')).waitFor();

    // The round's page on the phone, in French, signed out.
    const reader = await open('fr-FR', PHONE);
    await reader.goto(`${server.baseUrl}/rounds/${roundId}`, { waitUntil: 'networkidle' });
    await reader.getByRole('heading', { level: 1, name: 'Cycle de suivi, hiver 2026' }).waitFor();
    await reader.getByText(wording(fr, 'rounds.closedBySecretariat')).waitFor();
    await reader.getByText(text(fr, 'rounds.completion.byGroup')).waitFor();
    await expectNoSideScroll(reader, 'round page, French, phone');
    await expectAccessible(reader, 'round page, French, phone');
    const full = await screenshot(reader, 'rounds-page-fr-phone');
    // What the phone shows first, and the requests as they read on it.
    await reader.screenshot({ path: full.replace('.png', '-viewport.png') });
    await reader.locator('.round-requests').scrollIntoViewIfNeeded();
    await reader.screenshot({ path: full.replace('.png', '-requests.png') });

    // The demo's round, closed by itself on its closing day, says so.
    const [{ id: demoRound }] = await server.app.db.query(`SELECT id FROM reporting_rounds WHERE id <> $1 LIMIT 1`, [roundId]);
    await reader.goto(`${server.baseUrl}/rounds/${demoRound}`, { waitUntil: 'networkidle' });
    await reader.getByText(wording(fr, 'rounds.closedBySystem')).waitFor();
    await reader.getByText(text(fr, 'rounds.request.late'), { exact: true }).first().waitFor();
    await expectNoSideScroll(reader, 'demo round page, French, phone');
    await screenshot(reader, 'rounds-demo-page-fr-phone');
    await Promise.all([phone, reader].map((p) => p.context().close()));
  });
});
