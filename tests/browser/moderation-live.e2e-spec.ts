import type { CommitmentSummary, MessageView, OrganizationView, Page as ApiPage, ThreadView } from '@suivi/contracts';
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

/**
 * Two moderators and a muted person, each on their own page: a flag raised reaches the second
 * moderator's queue live, and a mute lifted from the sanctions list gives the person their
 * composer back without a reload. A pseudonymous author stays a pseudonym on every screen.
 */
describe('moderation in the browser: a live queue, sanctions lifted, the composer back', () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const stamp = Date.now().toString(36);
  const jab = `Le greffier de Mopti ne vient plus aux audiences (${stamp}).`;
  const secondName = `Second Moderator ${stamp}`;
  let thread: ThreadView;
  let jabMessage: MessageView;
  let civilName = '';
  let civil: Page;
  let moderatorB: Page;
  let token: (email: string, password?: string) => Promise<string>;
  const api = async <T>(path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<T> => {
    const res = await fetch(`${server.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!res.ok) {
      throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${await res.text()}`);
    }
    return (res.status === 204 ? undefined : await res.json()) as T;
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
    token = async (email, password = DEMO_PASSWORD) =>
      (await api<{ accessToken: string }>('/api/auth/login', { method: 'POST', body: { email, password } })).accessToken;
    const commitments = await api<ApiPage<CommitmentSummary>>('/api/commitments?pageSize=100');
    const commitment = commitments.items.find((c) => c.owner.acronym === 'MJDH') ?? commitments.items[0];
    [thread] = await api<ThreadView[]>(`/api/threads?subjectType=commitment&subjectId=${commitment.id}`);

    // A second member of the secretariat, made one as the accounts screen would.
    const secretariat = await token('secretariat@suivi.demo');
    const orgs = await api<OrganizationView[]>('/api/organizations');
    const email = `moderator.${stamp}@example.org`;
    await api('/api/auth/register', {
      method: 'POST',
      body: {
        email,
        password: 'a long moderation passphrase',
        displayName: secondName,
        organizationId: orgs.find((o) => o.group === 'secretariat')?.id,
        locale: 'en',
      },
    });
    const [user] = (await api<ApiPage<{ id: string }>>(`/api/users?q=${encodeURIComponent(email)}`, { token: secretariat })).items;
    await api(`/api/users/${user.id}/approve`, { method: 'POST', token: secretariat, body: { reason: 'second moderator' } });
    await api(`/api/users/${user.id}`, { method: 'PATCH', token: secretariat, body: { role: 'secretariat', reason: 'moderates too' } });
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

  const mark = (page: Page) => page.evaluate(() => ((window as unknown as { suiviMarker: number }).suiviMarker = 1));
  const marked = (page: Page) => page.evaluate(() => (window as unknown as { suiviMarker?: number }).suiviMarker);

  it('puts a flag raised elsewhere in a second moderator’s queue at once, the author as a pseudonym', async () => {
    const civilToken = await token('civil@suivi.demo');
    jabMessage = await api<MessageView>(`/api/threads/${thread.id}/messages`, {
      method: 'POST',
      token: civilToken,
      body: { body: jab, pseudonymous: true },
    });
    civilName = (await api<{ displayName: string }>('/api/me', { token: civilToken })).displayName;

    moderatorB = await open('en-GB', DESKTOP);
    await signIn(moderatorB, server, en, `moderator.${stamp}@example.org`, 'a long moderation passphrase');
    await moderatorB.goto(`${server.baseUrl}/admin/moderation`, { waitUntil: 'networkidle' });
    const count = moderatorB.locator('.moderation-open-count');
    await count.locator('.badge').waitFor();
    const before = Number((await count.innerText()).replace(/\D/g, ''));
    await mark(moderatorB);

    await api(`/api/messages/${jabMessage.id}/flags`, {
      method: 'POST',
      token: await token('justice@suivi.demo'),
      body: { reason: 'It says who the clerk is' },
    });

    const card = moderatorB.locator('.moderation-card', { hasText: jab });
    await card.waitFor({ timeout: 15_000 });
    await card.locator('.author-pseudonym').first().waitFor();
    await count.getByText(text(en, 'admin.moderation.openCount').replace('{{count}}', String(before + 1))).waitFor();
    expect(await marked(moderatorB)).toBe(1);
    expect(await moderatorB.locator('main').innerText()).not.toContain(civilName);
    await expectAccessible(moderatorB, 'moderation-queue-live');
    await screenshot(moderatorB, 'moderation-queue-live-en-desktop');
  });

  it('lifts a mute from the sanctions list at 360 px, and the person’s composer comes back without a reload', async () => {
    civil = await open('fr-FR', DESKTOP);
    await signIn(civil, server, fr, 'civil@suivi.demo');
    await civil.goto(`${server.baseUrl}/discussions/${thread.id}`, { waitUntil: 'networkidle' });
    const view = civil.locator('suivi-thread-view');
    await view.getByText(text(fr, 'discussion.live')).waitFor();
    const box = view.getByLabel(text(fr, 'discussion.composer.label'));
    await box.waitFor();
    await mark(civil);

    // Muted through the message by the secretariat: the banner comes at once (a notification on the person's room).
    const secretariat = await token('secretariat@suivi.demo');
    await api(`/api/messages/${jabMessage.id}/sanction`, {
      method: 'POST',
      token: secretariat,
      body: { kind: 'mute', until: new Date(Date.now() + 60 * 60 * 1000).toISOString(), reason: `Une pause (${stamp})` },
    });
    await view.locator('.composer-note', { hasText: `Une pause (${stamp})` }).waitFor({ timeout: 15_000 });
    await box.waitFor({ state: 'detached' });

    // The second moderator watches the sanctions list.
    await moderatorB.getByRole('link', { name: text(en, 'admin.moderation.tab.sanctions') }).click();
    const watched = moderatorB.locator('.sanction-card', { hasText: `Une pause (${stamp})` });
    await watched.waitFor();

    const moderatorA = await open('en-GB', PHONE);
    await signIn(moderatorA, server, en, 'secretariat@suivi.demo');
    await moderatorA.goto(`${server.baseUrl}/admin/moderation/sanctions?state=active`, { waitUntil: 'networkidle' });
    const card = moderatorA.locator('.sanction-card', { hasText: `Une pause (${stamp})` });
    await card.waitFor();
    await card.locator('.author-pseudonym').waitFor();
    expect(await moderatorA.locator('main').innerText()).not.toContain(civilName);
    await expectNoSideScroll(moderatorA, 'sanctions-phone');
    await expectAccessible(moderatorA, 'sanctions-phone');
    await screenshot(moderatorA, 'moderation-sanctions-en-phone');

    await card.getByRole('button', { name: new RegExp(`^${text(en, 'admin.moderation.sanctions.lift')}`) }).click();
    const dialog = moderatorA.getByRole('dialog', { name: text(en, 'admin.moderation.sanctions.dialog.title') });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: text(en, 'admin.moderation.sanctions.dialog.submit'), exact: true }).click();
    await dialog.locator('.field-error').first().waitFor();
    await dialog.getByLabel(text(en, 'admin.moderation.reason')).fill('Muted by mistake');
    await expectAccessible(moderatorA, 'sanctions-lift-dialog-phone');
    await expectNoSideScroll(moderatorA, 'sanctions-lift-dialog-phone');
    await screenshot(moderatorA, 'moderation-lift-dialog-en-phone');
    await dialog.getByRole('button', { name: text(en, 'admin.moderation.sanctions.dialog.submit'), exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await moderatorA.getByText(text(en, 'admin.moderation.sanctions.done')).waitFor();
    await card.locator('.badge', { hasText: text(en, 'admin.moderation.sanctions.state.lifted') }).waitFor();

    // The person's composer is back, on the same page, and says so.
    await view.getByText(text(fr, 'discussion.composer.restrictionEnded')).waitFor({ timeout: 15_000 });
    await box.waitFor();
    expect(await marked(civil)).toBe(1);
    await expectAccessible(civil, 'composer-back');
    await screenshot(civil, 'moderation-composer-back-fr-desktop');

    // And the other moderator saw it lifted, live.
    await watched.locator('.badge', { hasText: text(en, 'admin.moderation.sanctions.state.lifted') }).waitFor({ timeout: 15_000 });
    expect(await marked(moderatorB)).toBe(1);
  });
});
