import { join } from 'node:path';

import type { CommitmentSummary, CommitmentView, OrganizationView, Page as ApiPage, ReportView } from '@suivi/contracts';
import type { Browser, Locator, Page } from 'playwright-core';

import { bearer, signIn as apiSignIn, type Session } from '../api/support/test-app';
import {
  DESKTOP,
  expectAccessible,
  expectNoSideScroll,
  launchChromium,
  OUTPUT_DIR,
  PHONE,
  screenshot,
  startWebServer,
  text,
  translations,
  type Texts,
  type WebServer,
} from './support/browser';

/** A translation with its `{{params}}` as wildcards: the page's dates are the browser's to format. */
function wording(t: Texts, path: string): RegExp {
  const escaped = text(t, path)
    .split(/\{\{\s*\w+\s*\}\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(escaped.join('.+?'));
}

const squeeze = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The commitment page as a newcomer read it (issue 22): indicator values on the reports that give
 * them, named as when written; "contested" naming the actual owner; a verified status that says
 * when and that a newer report is not verified; the history readable at 360 px and in the
 * reader's language; a verification note on its own line. Both languages, on a phone, with axe.
 */
describe('the commitment page says what a newcomer looked for', () => {
  let server: WebServer;
  let browser: Browser;
  let pjs: CommitmentView;
  /** A contested commitment that no government owns, to read whose report is contradicted. */
  let notGovernment: CommitmentSummary;
  let secretariatOrg: OrganizationView;
  const stamp = Date.now().toString(36);
  const verifiedNarrative = `Les douze magistrats du Pôle sont en poste (${stamp}).`;
  const regressionNarrative = `Deux magistrats ont quitté le Pôle (${stamp}).`;
  const assessmentNarrative = `Nine magistrates were counted at the Pôle (${stamp}).`;
  const note = 'Décrets de nomination vérifiés au Journal officiel';
  let firstIndicator: CommitmentView['indicators'][number];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(), launchChromium()]);
    const t = server.app;
    const [justice, civil, secretariat] = await Promise.all(
      ['justice', 'civil', 'secretariat'].map((w) => apiSignIn(t, `${w}@suivi.demo`)),
    );
    const list = (await t.http().get('/api/commitments?pageSize=100').expect(200)).body as ApiPage<CommitmentSummary>;
    const pick = list.items.find((c) => c.owner.acronym === 'MJDH' && /judiciaire/i.test(c.title.fr ?? '')) ?? list.items[0];
    pjs = (await t.http().get(`/api/commitments/${pick.id}`).expect(200)).body as CommitmentView;
    [firstIndicator] = pjs.indicators;
    const post = (session: Session, body: Record<string, unknown>) =>
      t.http().post(`/api/commitments/${pjs.id}/reports`).set(bearer(session)).send(body).expect(201);

    // The owner reports completion with its indicator's value; the secretariat verifies it with a
    // note; the owner then reports a regression; civil society measures the indicator itself.
    const verified = (
      await post(justice, {
        kind: 'self_report',
        status: 'completed',
        percent: 100,
        narrative: { fr: verifiedNarrative },
        indicatorValues: { '0': 12 },
      })
    ).body as ReportView;
    await t.http().post(`/api/reports/${verified.id}/verify`).set(bearer(secretariat)).send({ note }).expect(200);
    await post(justice, { kind: 'self_report', status: 'in_progress', percent: 80, narrative: { fr: regressionNarrative } });
    await post(civil, {
      kind: 'independent_assessment',
      status: 'in_progress',
      narrative: { en: assessmentNarrative },
      indicatorValues: { '0': 9 },
    });
    // Then the secretariat renames the indicator: the reports keep the name they were written against.
    const now = (await t.http().get(`/api/commitments/${pjs.id}`).expect(200)).body as CommitmentView;
    const renamed = { ...firstIndicator, name: { en: 'Judges sitting at the Pôle', fr: 'Juges siégeant au Pôle' } };
    pjs = (
      await t
        .http()
        .patch(`/api/commitments/${pjs.id}`)
        .set(bearer(secretariat))
        .send({ indicators: [renamed, ...now.indicators.slice(1)], version: now.version })
        .expect(200)
    ).body as CommitmentView;

    // A contested commitment that no government owns; one is made so if the demo has none.
    const contested = (await t.http().get('/api/commitments?contested=true&pageSize=100').expect(200)).body as ApiPage<CommitmentSummary>;
    notGovernment =
      contested.items.find((c) => c.owner.group !== 'government') ??
      list.items.find((c) => c.owner.group !== 'government' && c.owner.group !== 'civil_society' && c.lastReportAt !== null) ??
      list.items[0];
    if (!notGovernment.contested) {
      const status = notGovernment.currentStatus === 'stalled' ? 'completed' : 'stalled';
      await t
        .http()
        .post(`/api/commitments/${notGovernment.id}/reports`)
        .set(bearer(civil))
        .send({ kind: 'independent_assessment', status, narrative: { en: `Not what the owner says (${stamp}).` } })
        .expect(201);
    }
    const orgs = (await t.http().get('/api/organizations').expect(200)).body as OrganizationView[];
    secretariatOrg = orgs.find((o) => o.group === 'secretariat') ?? orgs[0];
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openPage(locale: 'en' | 'fr', path: string, device: typeof PHONE | typeof DESKTOP = PHONE): Promise<Page> {
    const context = await browser.newContext({ ...device, locale: locale === 'fr' ? 'fr-FR' : 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}${path}`, { waitUntil: 'networkidle' });
    await page.locator('main h1').waitFor();
    await page.locator('table.history').waitFor();
    return page;
  }

  /** Every box of `within` inside the phone's width: nothing cut or pushed sideways. */
  async function outside(within: Locator): Promise<string[]> {
    return within.evaluateAll((els) =>
      els.flatMap((root) =>
        [root, ...Array.from(root.querySelectorAll('*'))]
          .filter((e) => {
            const box = e.getBoundingClientRect();
            return box.width > 0 && (box.left < -1 || box.right > window.innerWidth + 1);
          })
          .map((e) => `${e.tagName.toLowerCase()} ${(e.textContent ?? '').trim().slice(0, 40)}`),
      ),
    );
  }

  describe.each(['en', 'fr'] as const)('in %s at 360 px', (locale) => {
    const t = translations(locale);
    const other = locale === 'en' ? 'fr' : 'en';

    it('shows the indicator values on the reports, named as written, and the verified status with its dates and the newer report', async () => {
      const page = await openPage(locale, `/commitments/${pjs.id}`);
      const state = page.locator('section[aria-labelledby="state-title"]');

      // 3. What the verified status stands on, and that a regression reported since is not verified.
      const when = squeeze(await state.locator('.verified-when').innerText());
      expect({ when, pending: await state.locator('.verified-when-pending').count() }).toEqual({
        when: expect.stringMatching(wording(t, 'commitment.verifiedWhen')) as unknown as string,
        pending: 0,
      });
      expect(when).toMatch(wording(t, 'commitment.verifiedNewer'));

      // 1. The values, under the indicator's name when the reports were written, the unit in words.
      const oldName = firstIndicator.name[locale] ?? firstIndicator.name[other] ?? '';
      const unit = firstIndicator.unit === 'count' ? text(t, 'units.count') : firstIndicator.unit;
      const assessment = page.locator('.track-assessment', { hasText: assessmentNarrative });
      const verified = page.locator('.track-self', { hasText: verifiedNarrative });
      const values = async (card: Locator) => squeeze(await card.locator('.report-indicators').innerText());
      expect({ assessment: await values(assessment), selfReport: await values(verified) }).toEqual({
        assessment: expect.stringContaining(oldName) as unknown as string,
        selfReport: expect.stringContaining(oldName) as unknown as string,
      });
      expect(await values(assessment)).toContain(text(t, 'report.indicators'));
      expect(await values(assessment)).toMatch(new RegExp(`\\b9\\b.*${unit.replace(/[.*+?^${}()|[\]\\%]/g, '\\$&')}`));
      expect(await values(verified)).toMatch(/\b12\b/);
      expect(await values(assessment)).not.toContain(': count');
      // The commitment itself says the new name.
      expect(squeeze(await page.locator('.indicators').innerText())).toContain(pjs.indicators[0].name[locale] ?? '');
      expect(await page.locator('.track-self', { hasText: regressionNarrative }).locator('.report-indicators').count()).toBe(0);

      // 5. The verification's note on its own line, under the organisation's name.
      const footer = verified.locator('.report-footer');
      const [by, noteBox] = await Promise.all([
        footer.locator('.verified').boundingBox(),
        footer.locator('.verification-note').boundingBox(),
      ]);
      expect({
        note: squeeze(await footer.locator('.verification-note').innerText()),
        below: (noteBox?.y ?? 0) >= (by?.y ?? 0) + (by?.height ?? 0) - 1,
      }).toEqual({
        note,
        below: true,
      });

      await state.screenshot({ path: join(OUTPUT_DIR, `commitment-page-state-${locale}-phone.png`) });
      await assessment.scrollIntoViewIfNeeded();
      await assessment.screenshot({ path: join(OUTPUT_DIR, `commitment-page-assessment-${locale}-phone.png`) });
      await verified.scrollIntoViewIfNeeded();
      await verified.screenshot({ path: join(OUTPUT_DIR, `commitment-page-verified-report-${locale}-phone.png`) });
      expect(await outside(page.locator('.timeline-item'))).toEqual([]);
      await expectNoSideScroll(page, `commitment-page-${locale}`);
      await expectAccessible(page, `commitment-page-${locale}`);
      await page.context().close();
    });

    it('keeps every value of the history on the screen, the hash included, and names the secretariat in the reader’s language', async () => {
      const page = await openPage(locale, `/commitments/${pjs.id}`);
      const history = page.locator('table.history');
      await history.scrollIntoViewIfNeeded();
      expect(await outside(history)).toEqual([]);
      // The hash is there, on the screen, under its column's name.
      const hash = history.locator('tbody tr').first().locator('code');
      expect(await hash.isVisible()).toBe(true);
      const label = await history
        .locator('tbody tr')
        .first()
        .locator('td')
        .last()
        .evaluate((td) => getComputedStyle(td, '::before').content);
      expect(label).toBe(`"${text(t, 'history.hash')}"`);
      const rows = squeeze(await history.innerText());
      expect(rows).toContain(secretariatOrg.name[locale] ?? '');
      if (secretariatOrg.name[other] && secretariatOrg.name[other] !== secretariatOrg.name[locale]) {
        expect(rows).not.toContain(secretariatOrg.name[other]);
      }
      await history.screenshot({ path: join(OUTPUT_DIR, `commitment-page-history-${locale}-phone.png`) });
      await expectAccessible(page, `commitment-page-history-${locale}`);
      await page.context().close();
    });

    it('says whose report an assessment contradicts: the owner by name, not a government it is not', async () => {
      const page = await openPage(locale, `/commitments/${notGovernment.id}`);
      const notice = page.locator('.notice-contested');
      await notice.waitFor();
      const said = squeeze(await notice.innerText());
      expect(said).toContain(notGovernment.owner.name[locale] ?? notGovernment.owner.name[other] ?? '');
      expect(said).not.toMatch(/government|gouvernement/i);
      await page
        .locator('section[aria-labelledby="state-title"]')
        .screenshot({ path: join(OUTPUT_DIR, `commitment-page-contested-${locale}-phone.png`) });
      await expectAccessible(page, `commitment-page-contested-${locale}`);
      await page.context().close();
    });
  });

  it('reads the same at 1280 px in French', async () => {
    const page = await openPage('fr', `/commitments/${pjs.id}`, DESKTOP);
    await page.locator('.track-assessment', { hasText: assessmentNarrative }).locator('.report-indicators').waitFor();
    await screenshot(page, 'commitment-page-fr-desktop');
    await page
      .locator('section[aria-labelledby="state-title"]')
      .screenshot({ path: join(OUTPUT_DIR, 'commitment-page-state-fr-desktop.png') });
    await page.locator('.timeline').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUTPUT_DIR, 'commitment-page-timeline-fr-desktop.png') });
    await page.locator('table.history').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUTPUT_DIR, 'commitment-page-history-fr-desktop.png') });
    await expectAccessible(page, 'commitment-page-fr-desktop');
    await page.context().close();
  });
});
