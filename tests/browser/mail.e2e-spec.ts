import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { EmailPreferencesView, RoundView } from '@suivi/contracts';
import { simpleParser, type ParsedMail } from 'mailparser';
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
const JUSTICE = 'justice@suivi.demo';

/**
 * Mail in the browser (issue 21): a focal point chooses how often mail comes on the account page,
 * then stops one category from a real mail's link, signed out; the secretariat reads the mails
 * that could not be delivered and sends a reset link by mail. The API runs without SMTP_URL, so
 * each mail is an .eml file in its outbox folder, read here as a mail client would.
 */
describe('mail in the browser (issue 21)', () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let secretariatToken = '';
  let justiceToken = '';
  /** The unsubscribe link of the mail justice received when the round opened. */
  let unsubscribeLink = '';

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
  const login = async (email: string) =>
    (await api<{ accessToken: string }>('/api/auth/login', { method: 'POST', body: { email, password: DEMO_PASSWORD } })).accessToken;

  /** Every mail in the outbox folder so far, parsed. */
  async function outbox(): Promise<ParsedMail[]> {
    const dir = server.app.config.mailOutboxDir;
    if (!existsSync(dir)) {
      return [];
    }
    const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    return Promise.all(files.map((f) => simpleParser(readFileSync(join(dir, f)))));
  }

  /** Waits for a mail to `to` that `match` accepts, as the worker writes them after each commit. */
  async function mailTo(to: string, match: (mail: ParsedMail) => boolean): Promise<ParsedMail> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = (await outbox()).find((m) => addressesOf(m).includes(to) && match(m));
      if (found) {
        return found;
      }
      if (Date.now() > deadline) {
        const seen = (await outbox()).map((m) => `${addressesOf(m).join(',')}: ${m.subject ?? ''}`);
        const rows = await server.app.adminDb.query(
          `SELECT o.kind, o.category, o.state, u.email, o.last_error, o.outcome, o.attempts, o.due_at, o.digest, o.claimed_until, o.next_attempt_at, now() AS db_now FROM mail_outbox o JOIN users u ON u.id = o.user_id`,
        );
        throw new Error(`no such mail to ${to}; the outbox folder holds ${JSON.stringify(seen)}, the outbox table ${JSON.stringify(rows)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer({ linksHere: true, env: { MAIL_POLL_EVERY: '1' } }), launchChromium()]);
    [secretariatToken, justiceToken] = await Promise.all([login('secretariat@suivi.demo'), login(JUSTICE)]);
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

  const preferences = () => api<EmailPreferencesView>('/api/me/email-preferences', { token: justiceToken });

  it('lets a focal point choose a weekly digest for what they follow, kept after a reload (360 px, French)', async () => {
    const page = await open('fr-FR', PHONE);
    await signIn(page, server, fr, JUSTICE);
    // The address a mail's footer links to: the section, scrolled to.
    await page.goto(`${server.baseUrl}/account#email`, { waitUntil: 'networkidle' });
    const section = page.locator('section#email');
    await section.getByRole('heading', { level: 2, name: text(fr, 'email.title') }).waitFor();
    const follow = section.getByRole('group', { name: text(fr, 'email.categories.activity.name') });
    await follow.waitFor();
    const top = await section.evaluate((s) => Math.round(s.getBoundingClientRect().top));
    expect({ sectionTop: top >= -2 && top < 80 ? 'at the top of the screen' : top }).toEqual({ sectionTop: 'at the top of the screen' });
    await section.getByText(text(fr, 'email.address').replace('{{email}}', JUSTICE)).waitFor();
    expect(await follow.getByLabel(text(fr, 'email.cadences.daily')).isChecked()).toBe(true);

    await follow.getByLabel(text(fr, 'email.cadences.weekly')).check();
    const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && new URL(r.url()).pathname === '/api/me/email-preferences');
    await section.getByRole('button', { name: text(fr, 'email.submit') }).click();
    expect((await saved).request().postDataJSON()).toEqual({ preferences: { activity: 'weekly' } });
    await section
      .getByRole('status')
      .filter({ hasText: text(fr, 'email.saved') })
      .waitFor();
    await expectNoSideScroll(page, 'mail-account-fr-phone');
    await expectAccessible(page, 'mail-account-fr-phone');
    const full = await screenshot(page, 'mail-account-fr-phone');
    await section.evaluate((s) => s.scrollIntoView());
    await page.screenshot({ path: full.replace('.png', '-viewport.png') });

    await page.reload({ waitUntil: 'networkidle' });
    const again = page.locator('section#email').getByRole('group', { name: text(fr, 'email.categories.activity.name') });
    await again.waitFor();
    expect(await again.getByLabel(text(fr, 'email.cadences.weekly')).isChecked()).toBe(true);
    expect((await preferences()).preferences).toEqual({
      activity: 'weekly',
      asks: 'immediate',
      reminders: 'immediate',
      account: 'immediate',
    });
  });

  it('shows the secretariat its own email choices (1280 px, English)', async () => {
    const page = await open('en-GB', DESKTOP);
    await signIn(page, server, en, 'secretariat@suivi.demo');
    await page.goto(`${server.baseUrl}/account#email`, { waitUntil: 'networkidle' });
    const section = page.locator('section#email');
    await section.getByRole('group', { name: text(en, 'email.categories.asks.name') }).waitFor();
    await expectAccessible(page, 'mail-account-en-desktop');
    const full = await screenshot(page, 'mail-account-en-desktop');
    await section.evaluate((s) => s.scrollIntoView());
    await page.screenshot({ path: full.replace('.png', '-viewport.png') });
  });

  it('mails the focal point when a round asks their ministry for reports, with a link that stops such mails', async () => {
    const dialogues = await api<Array<{ id: string; title: { en?: string; fr?: string } }>>('/api/dialogues');
    const bamako = dialogues.find((d) => `${d.title.en ?? ''} ${d.title.fr ?? ''}`.includes('Bamako')) ?? dialogues[0];
    // The demo's round closed two days ago: a new one opens today and asks the ministry for reports.
    const day = (offset: number) => new Date(Date.now() + offset * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const round = await api<RoundView>(`/api/dialogues/${bamako.id}/rounds`, {
      method: 'POST',
      token: secretariatToken,
      body: { title: { en: 'Mail round', fr: 'Cycle du courriel' }, opensOn: day(0), dueOn: day(20), inviteAssessments: false },
    });
    expect(round.state).toBe('open');

    const mail = await mailTo(JUSTICE, (m) => (m.subject ?? '').includes('Des rapports sont demandés'));
    expect(mail.text).toContain('Cycle du courriel');
    expect(mail.headers.get('content-language')).toBe('fr');
    const link = new RegExp(`${escapeRegExp(server.baseUrl)}/email/unsubscribe\\?token=[^\\s>]+`).exec(mail.text ?? '');
    expect({ link: link ? 'found' : mail.text }).toEqual({ link: 'found' });
    unsubscribeLink = link?.[0] ?? '';
    // The one-click target a mail client posts to (RFC 8058) is the API's, with the same token.
    const listUnsubscribe = mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
    expect(listUnsubscribe).toContain(`${server.baseUrl}/api/email/unsubscribe?token=`);
    // The footer's other link leads to the account's section.
    expect(mail.text).toContain(`${server.baseUrl}/account#email`);
  });

  it('stops those mails from the link, signed out (360 px, French)', async () => {
    const page = await open('fr-FR', PHONE);
    await page.goto(unsubscribeLink, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { level: 1, name: text(fr, 'email.unsubscribe.ask.title') }).waitFor();
    expect(await page.locator('.account-toggle').count()).toBe(0);
    const question = text(fr, 'email.unsubscribe.ask.question')
      .replace('{{category}}', text(fr, 'email.categories.asks.about'))
      .replace('{{email}}', 'j***@suivi.demo');
    expect((await page.locator('.unsubscribe-question').innerText()).trim()).toBe(question);
    // Opening the link changed nothing: a mail scanner follows links too.
    expect((await preferences()).preferences.asks).toBe('immediate');
    await expectNoSideScroll(page, 'mail-unsubscribe-fr-phone');
    await expectAccessible(page, 'mail-unsubscribe-fr-phone');
    await screenshot(page, 'mail-unsubscribe-fr-phone-before');

    await page.getByRole('button', { name: text(fr, 'email.unsubscribe.ask.submit') }).click();
    const done = page.getByRole('heading', { level: 1, name: text(fr, 'email.unsubscribe.done.title') });
    await done.waitFor();
    expect(await done.evaluate((h) => h === document.activeElement)).toBe(true);
    expect(await page.getByRole('link', { name: text(fr, 'email.unsubscribe.chooseInAccount') }).getAttribute('href')).toBe(
      '/account#email',
    );
    await expectNoSideScroll(page, 'mail-unsubscribe-fr-phone-after');
    await expectAccessible(page, 'mail-unsubscribe-fr-phone-after');
    await screenshot(page, 'mail-unsubscribe-fr-phone-after');

    const after = await preferences();
    expect(after.preferences.asks).toBe('off');
    expect(after.preferences.activity).toBe('weekly');

    // A link that is not one says so, and leads to the account.
    await page.goto(`${server.baseUrl}/email/unsubscribe?token=not-a-token`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { level: 1, name: text(fr, 'email.unsubscribe.invalid.title') }).waitFor();
    expect(await page.getByRole('link', { name: text(fr, 'email.unsubscribe.signInToChoose') }).getAttribute('href')).toBe(
      '/account#email',
    );
    await expectAccessible(page, 'mail-unsubscribe-invalid-fr-phone');
    await screenshot(page, 'mail-unsubscribe-invalid-fr-phone');
  });

  it('reads the same link in English on a desktop: asks, stops, then says it is already done', async () => {
    // Asked for again from the account, so that the link has something to stop.
    await api('/api/me/email-preferences', { method: 'PUT', token: justiceToken, body: { preferences: { asks: 'immediate' } } });
    const page = await open('en-GB', DESKTOP);
    await page.goto(unsubscribeLink, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { level: 1, name: text(en, 'email.unsubscribe.ask.title') }).waitFor();
    expect((await page.locator('.unsubscribe-now').innerText()).trim()).toBe(text(en, 'email.cadences.immediate'));
    await expectAccessible(page, 'mail-unsubscribe-en-desktop');
    await screenshot(page, 'mail-unsubscribe-en-desktop-before');

    await page.getByRole('button', { name: text(en, 'email.unsubscribe.ask.submit') }).click();
    await page.getByRole('heading', { level: 1, name: text(en, 'email.unsubscribe.done.title') }).waitFor();
    await expectAccessible(page, 'mail-unsubscribe-en-desktop-after');
    await screenshot(page, 'mail-unsubscribe-en-desktop-after');

    await page.reload({ waitUntil: 'networkidle' });
    await page.getByRole('heading', { level: 1, name: text(en, 'email.unsubscribe.already.title') }).waitFor();
    expect(
      await page
        .getByRole('button')
        .filter({ hasText: text(en, 'email.unsubscribe.ask.submit') })
        .count(),
    ).toBe(0);
    await expectAccessible(page, 'mail-unsubscribe-en-desktop-already');
    await screenshot(page, 'mail-unsubscribe-en-desktop-already');
    expect((await preferences()).preferences).toEqual({ activity: 'weekly', asks: 'off', reminders: 'immediate', account: 'immediate' });
  });

  it('lists the mails that could not be delivered to the secretariat, on a desktop in English and a phone in French', async () => {
    // Two failures as the worker records them (delivery state, outside the record): one it will
    // try again in an hour, one given up.
    const [justice] = (await server.app.adminDb.query(`SELECT id FROM users WHERE email = $1`, [JUSTICE])) as Array<{ id: string }>;
    await server.app.adminDb.query(
      `INSERT INTO mail_outbox (occasion_key, kind, category, user_id, due_at, state, attempts, next_attempt_at, last_attempt_at, last_error)
       VALUES ('browser:retrying', 'notice', 'activity', $1, now(), 'pending', 3, now() + interval '1 hour', now() - interval '5 minutes',
               'ECONNECTION 421 4.7.0 mx.suivi.demo Service not available, closing transmission channel'),
              ('browser:failed', 'notice', 'reminders', $1, now() - interval '1 day', 'failed', 10, NULL, now() - interval '3 hours',
               'EENVELOPE 550 5.1.1 <justice@suivi.demo>: Recipient address rejected: User unknown in virtual mailbox table')`,
      [justice.id],
    );

    const desktop = await open('en-GB', DESKTOP);
    await signIn(desktop, server, en, 'secretariat@suivi.demo');
    await desktop.goto(`${server.baseUrl}/admin/mail-failures`, { waitUntil: 'networkidle' });
    await desktop.getByRole('heading', { level: 1, name: text(en, 'admin.mailFailures.title') }).waitFor();
    const navLink = desktop.locator('.sub-nav a[href="/admin/mail-failures"]');
    expect(await navLink.getAttribute('aria-current')).toBe('page');
    const rows = desktop.locator('tr.mail-failure');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toContain(text(en, 'admin.mailFailures.retrying'));
    expect(await rows.nth(0).innerText()).toContain(text(en, 'email.categories.activity.name'));
    expect(await rows.nth(1).innerText()).toContain(text(en, 'admin.mailFailures.failed'));
    await expectAccessible(desktop, 'mail-failures-en-desktop');
    await screenshot(desktop, 'mail-failures-en-desktop');

    const phone = await open('fr-FR', PHONE);
    await signIn(phone, server, fr, 'secretariat@suivi.demo');
    await phone.goto(`${server.baseUrl}/admin/mail-failures`, { waitUntil: 'networkidle' });
    await phone.getByRole('heading', { level: 1, name: text(fr, 'admin.mailFailures.title') }).waitFor();
    await phone.locator('tr.mail-failure').first().waitFor();
    await expectNoSideScroll(phone, 'mail-failures-fr-phone');
    await expectAccessible(phone, 'mail-failures-fr-phone');
    await screenshot(phone, 'mail-failures-fr-phone');
  });

  it('sends a reset link by mail from the accounts page, and shows the secretariat where it went, never the link', async () => {
    const page = await open('en-GB', DESKTOP);
    await signIn(page, server, en, 'secretariat@suivi.demo');
    await page.goto(`${server.baseUrl}/admin/accounts?q=${encodeURIComponent(JUSTICE)}`, { waitUntil: 'networkidle' });
    await page
      .getByRole('button', { name: new RegExp(`^${text(en, 'admin.accounts.actions.resetLink')}`) })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    const byMail = dialog.getByRole('radio', { name: new RegExp(`^${text(en, 'admin.accounts.deliver.mail')}`) });
    expect(await byMail.isChecked()).toBe(true);
    await expectAccessible(page, 'mail-reset-link-dialog-en-desktop');
    await screenshot(page, 'mail-reset-link-dialog-en-desktop');
    await dialog.getByRole('button', { name: text(en, 'admin.accounts.dialog.resetLink.submitMail'), exact: true }).click();
    await dialog.getByText(text(en, 'admin.accounts.mailed.sent').replace('{{email}}', JUSTICE)).waitFor();
    expect(await dialog.locator('#reset-link-url').count()).toBe(0);
    expect(await dialog.locator('a[href^="/reset"], input').count()).toBe(0);
    await expectAccessible(page, 'mail-reset-link-mailed-en-desktop');
    await screenshot(page, 'mail-reset-link-mailed-en-desktop');

    const mail = await mailTo(JUSTICE, (m) => /\/reset\?token=/.test(m.text ?? ''));
    expect(mail.text).toContain(`${server.baseUrl}/reset?token=`);
  });
});

function addressesOf(mail: ParsedMail): string[] {
  const to = mail.to ? (Array.isArray(mail.to) ? mail.to : [mail.to]) : [];
  return to.flatMap((a) => a.value.map((v) => v.address ?? ''));
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
