import type { Browser, BrowserContext, Page } from 'playwright-core';

import { bearer, signIn as apiSignIn } from '../api/support/test-app';

import {
  expectAccessible,
  expectNoSideScroll,
  launchChromium,
  screenshot,
  signIn,
  startWebServer,
  DEMO_PASSWORD,
  DESKTOP,
  PHONE,
  text,
  translations,
  type Texts,
  type WebServer,
} from './support/browser';

const en = translations('en');
const fr = translations('fr');

describe('accounts, organisations and roles in the browser', () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** Script errors on any page: none is expected (failed requests are expected and not counted). */
  const pageErrors: string[] = [];

  const newcomer = {
    email: `aminata.traore.${Date.now()}@example.ml`,
    name: 'Aminata Traoré',
    password: 'la paix se construit ensemble à Gao',
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
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

  async function signOut(page: Page, t: Texts): Promise<void> {
    await page.locator('.account-toggle').click();
    await page.getByRole('button', { name: text(t, 'accountMenu.signOut') }).click();
    await page.getByRole('link', { name: text(t, 'accountMenu.signIn'), exact: true }).waitFor();
  }

  it('fits the sign-in page on a 360 px phone, passes axe, and says why a sign-in failed, in both languages', async () => {
    for (const [locale, t, name] of [
      ['en-GB', en, 'sign-in-en-phone'],
      ['fr-FR', fr, 'sign-in-fr-phone'],
    ] as const) {
      const page = await open(locale, PHONE);
      // /login is where many people look first: it leads to the sign-in page, keeping where to return.
      await page.goto(`${server.baseUrl}/login?returnUrl=%2Fdiscussions`, { waitUntil: 'networkidle' });
      await page.getByRole('heading', { level: 1, name: text(t, 'signIn.title') }).waitFor();
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/sign-in?returnUrl=%2Fdiscussions');
      await page
        .getByRole('link', { name: text(t, 'signIn.register') })
        .first()
        .waitFor();
      await screenshot(page, name);
      await expectNoSideScroll(page, name);
      await expectAccessible(page, name);

      // Missing fields: messages tied to their fields, focus on the first.
      await page.getByRole('button', { name: text(t, 'signIn.submit'), exact: true }).click();
      await page.locator('#sign-in-email-error').waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('sign-in-email');
      expect(await page.getAttribute('#sign-in-email', 'aria-describedby')).toBe('sign-in-email-error');

      // A wrong password: said in the reader's language, what was typed kept.
      await page.getByLabel(text(t, 'signIn.email')).fill('justice@suivi.demo');
      await page.getByLabel(text(t, 'signIn.password')).fill('not-the-password');
      await page.getByRole('button', { name: text(t, 'signIn.submit'), exact: true }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: text(t, 'errors.wrong_credentials') })
        .waitFor();
      expect(await page.inputValue('#sign-in-email')).toBe('justice@suivi.demo');
      // The refusal's notice (its code's text) takes the focus and fits the phone.
      expect(await page.evaluate(() => document.activeElement?.classList.contains('form-failure'))).toBe(true);
      await screenshot(page, `${name}-refused`);
      await expectNoSideScroll(page, `${name}-refused`);
      await expectAccessible(page, `${name}-error`);
    }
  });

  it('registers a new account in French, which then says it waits for the secretariat', async () => {
    const page = await open('fr-FR', DESKTOP);
    // The address a French speaker might guess leads to the page.
    await page.goto(`${server.baseUrl}/inscription`, { waitUntil: 'networkidle' });
    expect(new URL(page.url()).pathname).toBe('/register');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await page.getByRole('heading', { level: 1, name: text(fr, 'register.title') }).waitFor();
    await expectAccessible(page, 'register-fr');

    await page.getByLabel(text(fr, 'register.email')).fill(newcomer.email);
    await page.getByLabel(text(fr, 'register.password'), { exact: true }).fill(newcomer.password);
    await page.getByLabel(text(fr, 'register.displayName')).fill(newcomer.name);
    // The search narrows the list; the choice is made in the select.
    await page.getByLabel(text(fr, 'orgPicker.search')).fill('justice');
    const justice = page.locator('#register-organization option', { hasText: 'Justice' }).first();
    await page.getByLabel(text(fr, 'register.organization'), { exact: true }).selectOption((await justice.getAttribute('value')) ?? '');
    expect(await page.getByRole('radio', { name: 'Français' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: text(fr, 'register.submit') }).click();

    await page.getByRole('heading', { level: 1, name: text(fr, 'register.done.title') }).waitFor();
    await page.getByText(text(fr, 'register.done.approval')).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('register-done-title');
    await screenshot(page, 'register-waiting-fr-desktop');
    await expectAccessible(page, 'register-waiting-fr');
  });

  it('lets the secretariat approve the new account from the administration, with a reason', async () => {
    const page = await open('en-GB', DESKTOP);
    await signIn(page, server, en, 'secretariat@suivi.demo', DEMO_PASSWORD);
    // The access token lives in memory only.
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).not.toMatch(/eyJ/);

    await page.getByRole('link', { name: text(en, 'nav.administration'), exact: true }).click();
    await page.waitForURL(/\/admin\/accounts$/);
    await page.getByRole('heading', { level: 1, name: text(en, 'admin.accounts.title') }).waitFor();
    // Pending accounts come first: the new one is at the top without searching.
    const first = page.locator('.account-card').first();
    await first.waitFor();
    expect(await first.textContent()).toContain(newcomer.email);
    await screenshot(page, 'admin-accounts-en-desktop');
    await expectAccessible(page, 'admin-accounts');

    await page.getByRole('searchbox', { name: text(en, 'admin.accounts.search'), exact: true }).fill(newcomer.email);
    await page.waitForURL(/q=/);
    const card = page.locator('.account-card', { hasText: newcomer.email });
    await card.getByText(text(en, 'accountStatus.pending'), { exact: true }).waitFor();
    await card.getByRole('button', { name: text(en, 'admin.accounts.actions.approve') }).click();

    const dialog = page.getByRole('dialog', { name: newcomer.name });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('decision-reason');
    await expectAccessible(page, 'admin-accounts-dialog');
    await dialog.getByLabel(text(en, 'admin.accounts.reason')).fill('Known to the secretariat from the Bamako roundtable');
    await dialog.getByRole('button', { name: text(en, 'admin.accounts.dialog.approve.submit'), exact: true }).click();

    await dialog.waitFor({ state: 'hidden' });
    await card.getByText(text(en, 'accountStatus.active'), { exact: true }).waitFor();
    await page.getByRole('status').filter({ hasText: newcomer.name }).first().waitFor();

    await page.getByRole('link', { name: text(en, 'admin.organizations.title') }).click();
    await page.getByRole('heading', { level: 1, name: text(en, 'admin.organizations.title') }).waitFor();
    await page.locator('.org-card').first().waitFor();
    await expectAccessible(page, 'admin-organizations');

    await signOut(page, en);
    expect(await page.getByRole('link', { name: text(en, 'nav.administration'), exact: true }).count()).toBe(0);
  });

  it('shows the newcomer their account, now active, on a 360 px phone, and keeps the session over a reload', async () => {
    const page = await open('fr-FR', PHONE);
    await signIn(page, server, fr, newcomer.email, newcomer.password);
    await page.goto(`${server.baseUrl}/account`, { waitUntil: 'networkidle' });

    await page.getByRole('heading', { level: 1, name: text(fr, 'account.title') }).waitFor();
    await page.getByText(text(fr, 'account.status.active')).waitFor();
    expect(await page.locator('.badge').first().textContent()).toContain(text(fr, 'accountStatus.active'));
    expect(await page.locator('.account-toggle').textContent()).toContain(newcomer.name);
    await screenshot(page, 'account-fr-phone');
    await expectNoSideScroll(page, 'account');
    await expectAccessible(page, 'account');

    // The refresh cookie restores the session: the page stays open after a reload.
    await page.reload({ waitUntil: 'networkidle' });
    await page.getByRole('heading', { level: 1, name: text(fr, 'account.title') }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
  });

  it('gives a French-speaking account French on an English phone, and keeps a switch of language on the account', async () => {
    // justice@ speaks French (its account says so); the browser asks for English.
    const phone = await open('en-GB', PHONE);
    await phone.goto(`${server.baseUrl}/sign-in`, { waitUntil: 'networkidle' });
    await phone.getByLabel(text(en, 'signIn.email')).fill('justice@suivi.demo');
    await phone.getByLabel(text(en, 'signIn.password')).fill(DEMO_PASSWORD);
    await phone.getByRole('button', { name: text(en, 'signIn.submit'), exact: true }).click();
    // Signed in once the app has left the sign-in page (its navigation also folds the phone's menu).
    await phone.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await phone.locator('html[lang="fr"]').waitFor({ state: 'attached' });
    // On a phone the pages' links are folded under the menu: wait for them in the DOM.
    await phone.locator('.main-nav a', { hasText: text(fr, 'nav.commitments') }).waitFor({ state: 'attached' });
    expect(await phone.evaluate(() => localStorage.getItem('suivi.lang'))).toBe('fr');
    await screenshot(phone, 'account-language-fr-on-en-phone');
    await expectNoSideScroll(phone, 'account-language-phone');
    await expectAccessible(phone, 'account-language-phone');
    // The phone's header: two short rows (name, menu, language; then the account), the pages'
    // links under the menu button.
    const header = await phone.locator('header.site-header').boundingBox();
    expect(header?.height).toBeLessThan(140);
    const menu = phone.getByRole('button', { name: text(fr, 'nav.menu'), exact: true });
    await menu.click();
    await phone.locator('.menu-toggle[aria-expanded="true"]').waitFor();
    await phone.getByRole('link', { name: text(fr, 'nav.commitments'), exact: true }).waitFor();
    await screenshot(phone, 'header-menu-open-fr-phone');
    await expectNoSideScroll(phone, 'header-menu-phone');
    await expectAccessible(phone, 'header-menu-phone');
    await menu.click();
    await phone.getByRole('link', { name: text(fr, 'nav.commitments'), exact: true }).waitFor({ state: 'hidden' });

    // Switching to English while signed in changes the account: a French browser then gets English.
    const saved = phone.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH');
    await phone.locator('.lang-switch button[lang="en"]').click();
    expect((await saved).status()).toBe(200);
    await phone.locator('.main-nav a', { hasText: text(en, 'nav.commitments') }).waitFor({ state: 'attached' });
    expect(await phone.evaluate(() => document.cookie)).toContain('suivi.lang=en');

    const desktop = await open('fr-FR', DESKTOP);
    await desktop.goto(`${server.baseUrl}/sign-in`, { waitUntil: 'networkidle' });
    await desktop.getByLabel(text(fr, 'signIn.email')).fill('justice@suivi.demo');
    await desktop.getByLabel(text(fr, 'signIn.password')).fill(DEMO_PASSWORD);
    await desktop.getByRole('button', { name: text(fr, 'signIn.submit'), exact: true }).click();
    await desktop.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await desktop.getByRole('link', { name: text(en, 'nav.commitments'), exact: true }).waitFor();
    await screenshot(desktop, 'account-language-en-on-fr-desktop');
  });

  it('lets a civil-society member vouch for the first member of another organisation, known by name and organisation only, on a 360 px phone', async () => {
    // An approved newcomer to a demo organisation with no member on Suivi yet.
    const api = server.app;
    const secretariat = await apiSignIn(api, 'secretariat@suivi.demo');
    const [network] = await api.db.query(`SELECT id FROM organizations WHERE acronym = 'RFNP'`);
    const email = `hawa.cisse.${Date.now()}@example.ml`;
    await api
      .http()
      .post('/api/auth/register')
      .send({ email, password: 'les veilleuses de la paix à Gao', displayName: 'Hawa Cissé', organizationId: network.id, locale: 'fr' })
      .expect(202);
    const [{ id }] = await api.db.query('SELECT id FROM users WHERE email = $1', [email]);
    await api.http().post(`/api/users/${id}/approve`).set(bearer(secretariat)).send({ reason: 'Connue du secrétariat' }).expect(200);

    const page = await open('fr-FR', PHONE);
    await signIn(page, server, fr, 'civil@suivi.demo', DEMO_PASSWORD);
    await page.goto(`${server.baseUrl}/account`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { level: 3, name: text(fr, 'account.newcomers.vouchTitle') }).waitFor();
    const entry = page.locator('.newcomer-vouch', { hasText: 'Hawa Cissé' });
    expect(await entry.textContent()).toContain('Réseau des femmes du Nord pour la paix');
    expect(await entry.textContent()).not.toContain('@');
    await entry.scrollIntoViewIfNeeded();
    await screenshot(page, 'account-vouch-fr-phone');
    await expectNoSideScroll(page, 'account-vouch');
    await expectAccessible(page, 'account-vouch');

    await entry.getByRole('button', { name: text(fr, 'account.newcomers.vouch') }).click();
    const dialog = page.getByRole('dialog', { name: 'Hawa Cissé' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Connaissez-vous Hawa Cissé comme membre de Réseau des femmes du Nord pour la paix');
    await screenshot(page, 'account-vouch-dialog-fr-phone');
    await expectAccessible(page, 'account-vouch-dialog');
    await dialog.getByRole('button', { name: text(fr, 'account.newcomers.vouch'), exact: true }).click();

    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'Hawa Cissé' }).waitFor();
    expect(await page.locator('.newcomer-vouch').count()).toBe(0);
    const [after] = await api.db.query('SELECT status FROM users WHERE id = $1', [id]);
    expect(after.status).toBe('active');
  });

  it('gives a government member no Administration entry, and the 403 page at an administration address', async () => {
    const page = await open('en-GB', DESKTOP);
    await signIn(page, server, en, 'justice@suivi.demo', DEMO_PASSWORD);
    await page
      .getByRole('link', { name: text(en, 'nav.dashboard') })
      .first()
      .waitFor();

    expect(await page.getByRole('link', { name: text(en, 'nav.administration'), exact: true }).count()).toBe(0);

    await page.goto(`${server.baseUrl}/admin/accounts`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { level: 1, name: text(en, 'forbidden.title') }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/accounts');
  });
});
