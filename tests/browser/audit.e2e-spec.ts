import { join } from 'node:path';

import type { CommitmentSummary, MessageView, Page as ApiPage, ThreadView } from '@suivi/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { AuditService } from '../../apps/api/src/audit/audit.service';
import {
  DEMO_PASSWORD,
  DESKTOP,
  expectAccessible,
  expectNoSideScroll,
  launchChromium,
  OUTPUT_DIR,
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

/**
 * The secretariat's accountability record page: the chain's state, a checkpoint published, a
 * checkpoint refused in words while the chain is broken, an event purged with a reason while
 * someone reads the discussion, and the page refused to an account without the right.
 */
describe('the accountability record in the browser', () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const stamp = Date.now().toString(36);

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
  const token = async (email: string) =>
    (await api<{ accessToken: string }>('/api/auth/login', { method: 'POST', body: { email, password: DEMO_PASSWORD } })).accessToken;
  const audit = () => server.app.running.app.get(AuditService);

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

  /** The record's page, once its three reads have arrived. */
  async function recordPage(page: Page, t: Texts): Promise<void> {
    await page.goto(`${server.baseUrl}/admin/audit`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { level: 1, name: text(t, 'admin.audit.title') }).waitFor();
    await page.locator('.audit-state .verify-answer').waitFor();
    await page.locator('.checkpoint-list').waitFor();
    await page.locator('table.audit-events tbody tr').first().waitFor();
  }

  const before = (template: string) => template.slice(0, template.indexOf('{{'));

  it('shows the secretariat, in English, that the chain verifies, and publishes a checkpoint; the page fits a 360 px phone', async () => {
    const page = await open('en-GB', DESKTOP);
    await signIn(page, server, en, 'secretariat@suivi.demo');
    await page.goto(`${server.baseUrl}/admin/accounts`, { waitUntil: 'networkidle' });
    await page
      .locator('.sub-nav')
      .getByRole('link', { name: text(en, 'admin.audit.title') })
      .click();
    await page.waitForURL(/\/admin\/audit$/);
    await recordPage(page, en);
    expect(await page.locator('.audit-state .verify-answer').innerText()).toMatch(
      new RegExp(`^${before(text(en, 'admin.audit.state.valid'))}`),
    );
    const [{ hash }] = (await server.app.db.query('SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1')) as Array<{ hash: string }>;
    expect(await page.locator('.audit-state code.audit-hash').innerText()).toBe(hash);

    const published = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/audit/checkpoints',
    );
    await page.getByRole('button', { name: text(en, 'admin.audit.checkpoints.publish') }).click();
    expect((await published).status()).toBe(201);
    await page
      .locator('.audit-publish-result')
      .getByText(before(text(en, 'admin.audit.checkpoints.published')))
      .waitFor();
    const [{ seq }] = (await server.app.db.query('SELECT seq FROM audit_checkpoints ORDER BY seq DESC LIMIT 1')) as Array<{ seq: string }>;
    await page.locator('.checkpoint-list li').first().getByText(`no. ${seq},`).waitFor();
    // The checkpoint is itself an event, on top of the list.
    await page.locator('table.audit-events tbody tr').first().getByText(text(en, 'admin.audit.events.actions.audit_checkpoint')).waitFor();
    await expectAccessible(page, 'audit record (en, desktop)');
    await screenshot(page, 'audit-record-en-desktop');

    const phone = await open('en-GB', PHONE);
    await signIn(phone, server, en, 'secretariat@suivi.demo');
    await recordPage(phone, en);
    await expectNoSideScroll(phone, 'audit record (en, phone)');
    // The head hash wraps inside the panel instead of running off the screen.
    const hashBox = await phone.locator('.audit-state code.audit-hash').boundingBox();
    expect(hashBox && hashBox.x + hashBox.width).toBeLessThanOrEqual(PHONE.viewport.width);
    await expectAccessible(phone, 'audit record (en, phone)');
    await screenshot(phone, 'audit-record-en-phone');
  });

  it('says in French where the chain breaks, marks the altered event, and refuses a checkpoint in words until the row is put back', async () => {
    const [target] = (await server.app.db.query('SELECT seq, actor FROM audit_events ORDER BY seq DESC LIMIT 1')) as Array<{
      seq: string;
      actor: string | null;
    }>;
    // As someone holding the database could: the append-only triggers do not fire in replica mode.
    const setActor = (actor: string | null) =>
      server.app.adminDb.transaction(async (tx) => {
        await tx.query('SET LOCAL session_replication_role = replica');
        await tx.query('UPDATE audit_events SET actor = $2 WHERE seq = $1', [target.seq, actor]);
      });
    await setActor('user:00000000-0000-4000-8000-000000000000');
    try {
      expect(await audit().runFullVerification({ wait: true })).toMatchObject({ valid: false, firstBrokenSeq: Number(target.seq) });
      audit().resetCache();

      const page = await open('fr-FR', DESKTOP);
      await signIn(page, server, fr, 'secretariat@suivi.demo');
      await recordPage(page, fr);
      const broken = page.locator('.audit-broken');
      await broken.getByText(text(fr, 'admin.audit.state.broken').replace('{{seq}}', target.seq)).waitFor();
      const altered = page.locator('table.audit-events tbody tr.is-altered');
      expect(await altered.count()).toBe(1);
      expect(await altered.locator('td').first().innerText()).toBe(target.seq);
      await altered.getByText(text(fr, 'admin.audit.events.altered')).waitFor();

      await page.getByRole('button', { name: text(fr, 'admin.audit.checkpoints.publish') }).click();
      const refusal = text(fr, 'errors.chain_broken').replace('{{firstBrokenSeq}}', target.seq);
      await page.getByRole('alert').getByText(refusal).waitFor();
      await expectAccessible(page, 'audit record, chain broken (fr, desktop)');
      await screenshot(page, 'audit-record-broken-fr-desktop');
    } finally {
      await setActor(target.actor);
    }
    expect(await audit().runFullVerification({ wait: true })).toMatchObject({ valid: true });
    audit().resetCache();
  });

  it('purges a message’s event with a reason on a 360 px phone, in French, and a reader of the discussion sees it hidden at once', async () => {
    const commitments = await api<ApiPage<CommitmentSummary>>('/api/commitments?pageSize=100');
    const [thread] = await api<ThreadView[]>(`/api/threads?subjectType=commitment&subjectId=${commitments.items[0].id}`);
    const words = `Le témoin habite derrière le marché de Mopti (${stamp}).`;
    const message = await api<MessageView>(`/api/threads/${thread.id}/messages`, {
      method: 'POST',
      token: await token('justice@suivi.demo'),
      body: { body: words },
    });
    const [{ seq }] = (await server.app.db.query(`SELECT seq FROM audit_events WHERE action = 'message.created' AND entity_id = $1`, [
      message.id,
    ])) as Array<{ seq: string }>;

    // Someone reading the discussion, not signed in: no reload between the words and their purge.
    const reader = await open('en-GB', DESKTOP);
    await reader.goto(`${server.baseUrl}/discussions/${thread.id}`, { waitUntil: 'networkidle' });
    await reader.getByText(text(en, 'discussion.live')).waitFor();
    await reader.getByText(words).waitFor();
    await reader.evaluate(() => ((window as unknown as { suiviMarker: number }).suiviMarker = 1));

    const phone = await open('fr-FR', PHONE);
    await signIn(phone, server, fr, 'secretariat@suivi.demo');
    await recordPage(phone, fr);
    const purgeButton = phone.getByRole('button', {
      name: `${text(fr, 'admin.audit.events.purge')} ${text(fr, 'admin.audit.events.purgeOn').replace('{{seq}}', seq)}`,
      exact: true,
    });
    await purgeButton.click();
    const dialog = phone.getByRole('dialog', { name: text(fr, 'admin.audit.purge.title').replace('{{seq}}', seq) });
    await dialog.waitFor();
    await dialog.getByText(text(fr, 'admin.audit.purge.stays')).waitFor();
    // The reason is required: nothing is sent without it.
    await dialog.getByRole('button', { name: text(fr, 'admin.audit.purge.submit') }).click();
    await dialog.locator('#purge-reason-error').waitFor();
    expect(await dialog.getByLabel(text(fr, 'admin.audit.purge.reason')).getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel(text(fr, 'admin.audit.purge.reason')).fill('Désigne un témoin');
    await expectNoSideScroll(phone, 'purge dialog (fr, phone)');
    await expectAccessible(phone, 'purge dialog (fr, phone)');
    // The dialog itself: a full-page picture of a long phone page would show it somewhere above the rows.
    await dialog.screenshot({ path: join(OUTPUT_DIR, 'audit-purge-dialog-fr-phone.png') });
    await dialog.evaluate((el) => el.scrollTo(0, 0));
    await dialog.screenshot({ path: join(OUTPUT_DIR, 'audit-purge-dialog-top-fr-phone.png') });

    const purged = phone.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/audit/${seq}/purge`);
    await dialog.getByRole('button', { name: text(fr, 'admin.audit.purge.submit') }).click();
    expect((await purged).status()).toBe(200);
    await dialog.waitFor({ state: 'hidden' });
    const done = phone.getByText(text(fr, 'admin.audit.purge.done').replace('{{seq}}', seq));
    await done.waitFor();
    // The button that opened the dialog is gone with the purge: focus is on what happened.
    expect(await done.evaluate((el) => el === document.activeElement)).toBe(true);
    const row = phone.locator('table.audit-events tbody tr', { has: phone.locator('td:first-child', { hasText: new RegExp(`^${seq}$`) }) });
    await row.getByText(text(fr, 'admin.audit.events.purged'), { exact: true }).waitFor();
    expect(await row.getByRole('button').count()).toBe(0);
    // The purge itself, recorded on top of the list once it is read again.
    await phone.locator('table.audit-events tbody tr').first().getByText(text(fr, 'admin.audit.events.actions.audit_purged')).waitFor();
    await expectNoSideScroll(phone, 'audit record after a purge (fr, phone)');
    await screenshot(phone, 'audit-record-purged-fr-phone');

    await reader.getByText(words).waitFor({ state: 'detached' });
    await reader
      .getByText(text(en, 'discussion.message.hidden').replace('{{reason}}', text(en, 'discussion.message.noReason')))
      .first()
      .waitFor();
    expect(await reader.evaluate(() => (window as unknown as { suiviMarker?: number }).suiviMarker)).toBe(1);
    await screenshot(reader, 'audit-purge-reader-en-desktop');
    expect(await audit().runFullVerification({ wait: true })).toMatchObject({ valid: true });
  });

  it('gives an account without the right the administration’s refusal, in English and at 360 px in French', async () => {
    const page = await open('en-GB', DESKTOP);
    await signIn(page, server, en, 'justice@suivi.demo');
    await page.goto(`${server.baseUrl}/admin/audit`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { level: 1, name: text(en, 'forbidden.title') }).waitFor();
    expect(page.url()).toBe(`${server.baseUrl}/admin/audit`);
    expect(await page.locator('table.audit-events').count()).toBe(0);

    const phone = await open('fr-FR', PHONE);
    await signIn(phone, server, fr, 'civil@suivi.demo');
    await phone.goto(`${server.baseUrl}/admin/audit`, { waitUntil: 'networkidle' });
    await phone.getByRole('heading', { level: 1, name: text(fr, 'forbidden.title') }).waitFor();
    await expectNoSideScroll(phone, 'audit record refused (fr, phone)');
    await expectAccessible(phone, 'audit record refused (fr, phone)');
    await screenshot(phone, 'audit-record-refused-fr-phone');
    // The API says the same, whatever the page shows.
    const refused = await fetch(`${server.baseUrl}/api/audit`, { headers: { authorization: `Bearer ${await token('civil@suivi.demo')}` } });
    expect(refused.status).toBe(403);
  });
});
