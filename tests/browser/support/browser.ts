import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

import type { LoginResponse } from '@suivi/contracts';
import { chromium, type Browser, type Page } from 'playwright-core';

import { startTestApp, type TestApp } from '../../api/support/test-app';

export const OUTPUT_DIR = resolve(__dirname, '../../output');
const WEB_DIR = resolve(__dirname, '../../../dist/apps/web/browser');

/** Debian's Chromium, never a downloaded browser. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}

export interface WebServer {
  app: TestApp;
  baseUrl: string;
  close(): Promise<void>;
}

/** A port free now, for an API that must know its own address before it listens. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The real API on a free port, serving the production build of the web app. `linksHere`: the
 * API's PUBLIC_URL is the address the browser opens, so a link in a mail leads to this app.
 */
export async function startWebServer(options: { env?: Record<string, string>; linksHere?: boolean } = {}): Promise<WebServer> {
  if (!existsSync(join(WEB_DIR, 'index.html'))) {
    throw new Error(`${WEB_DIR} is missing: build the web app first (npx nx build web)`);
  }
  const chosen = options.linksHere ? await freePort() : 0;
  const publicUrl: Record<string, string> = options.linksHere ? { PUBLIC_URL: `http://127.0.0.1:${chosen}` } : {};
  const app = await startTestApp({ env: { WEB_DIR, ...publicUrl, ...options.env } });
  await app.running.app.listen({ port: chosen, host: '127.0.0.1' });
  const address = app.running.app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const path = join(OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Runs axe-core in the page (evaluated over the devtools protocol, so the page's CSP still holds). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(`${AXE_SOURCE}\n;void 0`);
  const result = (await page.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] })`)) as {
    violations: AxeViolation[];
  };
  return result.violations;
}

/** Violations as readable lines, so a failing assertion says what to fix. */
export function describeViolations(violations: AxeViolation[]): string[] {
  return violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );
}

type Tree = { [key: string]: string | Tree };

export function translations(locale: 'en' | 'fr'): Tree {
  return JSON.parse(readFileSync(resolve(__dirname, `../../../apps/web/public/i18n/${locale}.json`), 'utf8')) as Tree;
}

export function text(tree: Tree, path: string): string {
  const value = path.split('.').reduce<string | Tree | undefined>((node, key) => (typeof node === 'object' ? node[key] : undefined), tree);
  if (typeof value !== 'string') {
    throw new Error(`translation ${path} is missing`);
  }
  return value;
}

export const DEMO_PASSWORD = 'suivi-demo-2014';
export const DESKTOP = { viewport: { width: 1280, height: 900 } };
export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
export type Texts = ReturnType<typeof translations>;

/**
 * Scrolls down the whole page a screen at a time, as a reader would, so that what is built only
 * near the screen (`@defer (on viewport)`, the dashboard's charts) is there; then back to the top.
 */
export async function scrollThrough(page: Page): Promise<void> {
  for (let y = 0; y < (await page.evaluate(() => document.documentElement.scrollHeight)); y += 600) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(100);
  }
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** Fails with axe's violations named after the page, so that the message says what to fix. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  expect({ page: name, violations: describeViolations(await axeViolations(page)) }).toEqual({ page: name, violations: [] });
}

/** Against the device width, not innerWidth: a mobile browser widens its layout viewport to fit wide content. */
export async function expectNoSideScroll(page: Page, name: string): Promise<void> {
  const overflow = await page.evaluate((width) => document.documentElement.scrollWidth - width, PHONE.viewport.width);
  expect({ page: name, overflow }).toEqual({ page: name, overflow: 0 });
}

/** The language of a translation tree, told by a text that differs between the two. */
export function localeOf(t: Texts): 'en' | 'fr' {
  return text(t, 'accountMenu.signOut') === text(translations('fr'), 'accountMenu.signOut') ? 'fr' : 'en';
}

/**
 * Signs in through the sign-in page, as a person would, and waits for the account menu. The
 * interface then takes the account's language; when it is not `t`'s, the header's switch sets it
 * (which also changes the account's language, as it would for a person).
 *
 * Waits on what the page does, not on "network idle": after the sign-in page's own load that state
 * has already been reached, so waiting for it returns at once. The account's language is applied
 * only once its translations have loaded, and the switch saves the choice with PATCH /api/me: read
 * `<html lang>` before the first, or go elsewhere before the second, and the next page load (which
 * restores the session) shows the account's language instead of `t`'s.
 */
export async function signIn(page: Page, server: WebServer, t: Texts, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${server.baseUrl}/sign-in`, { waitUntil: 'networkidle' });
  await page.getByLabel(text(t, 'signIn.email')).fill(email);
  await page.getByLabel(text(t, 'signIn.password')).fill(password);
  const login = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/auth/login');
  await page.getByRole('button', { name: text(t, 'signIn.submit'), exact: true }).click();
  const answer = await login;
  expect({ signIn: email, status: answer.status() }).toEqual({ signIn: email, status: 200 });
  const { user } = (await answer.json()) as LoginResponse;
  await page.locator('.account-toggle').waitFor();
  await page.locator(`html[lang="${user.locale}"]`).waitFor({ state: 'attached' });
  const locale = localeOf(t);
  if (user.locale !== locale) {
    const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === '/api/me');
    await page.locator(`.lang-switch button[lang="${locale}"]`).click();
    expect({ saved: (await saved).status() }).toEqual({ saved: 200 });
    await page.locator(`html[lang="${locale}"]`).waitFor({ state: 'attached' });
  }
}
