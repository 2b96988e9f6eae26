import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { AccountabilityReportView, Locale } from '@suivi/contracts';
import axe from 'axe-core';
import { civilOrg, justiceOrg, settle, textOf } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { roundSummary, stateCounts } from '../../testing/rounds';
import { commitmentView, reportView } from '../../testing/tracking';
import { LanguageService } from '../core/language.service';
import { AccountabilityReportComponent } from './accountability-report.component';

const report: AccountabilityReportView = {
  dialogue: {
    id: 'd1',
    title: { en: 'Bamako roundtable on organised crime', fr: 'Table ronde de Bamako sur la criminalité organisée' },
    summary: { en: 'Summary' },
    place: 'Bamako',
    startDate: '2014-03-10',
    endDate: '2014-03-11',
    status: 'follow_up',
    organizations: [justiceOrg, civilOrg],
    recommendationCount: 1,
    commitmentCount: 2,
  },
  rounds: [
    roundSummary({
      id: 'round-1',
      title: { en: 'Follow-up round, autumn 2026', fr: 'Cycle de suivi, automne 2026' },
      state: 'closed',
      dueOn: '2026-11-16',
      closesOn: '2026-11-30',
      completion: { overall: stateCounts({ submitted: 3, late: 3, missing: 10 }), byOrganization: [], byGroup: [] },
    }),
  ],
  recommendations: [
    {
      recommendation: { id: 'r1', code: 'R1', text: { en: 'Strengthen the judiciary', fr: 'Renforcer la justice' } },
      commitments: [
        {
          commitment: commitmentView({ currentStatus: 'in_progress', assessedStatus: 'stalled', overdue: true, contested: true }),
          latestSelfReport: reportView({ id: 's1', status: 'in_progress', narrative: { en: 'Judges appointed.', fr: 'Juges nommés.' } }),
          latestAssessment: reportView({ id: 'a1', kind: 'assessment', status: 'stalled', narrative: { en: 'No trial yet.' } }),
          latestRound: {
            roundId: 'round-1',
            title: { en: 'Follow-up round, autumn 2026', fr: 'Cycle de suivi, automne 2026' },
            dueOn: '2026-11-16',
            closesOn: '2026-11-30',
            roundState: 'closed',
            states: { self_report: 'late', independent_assessment: 'missing' },
          },
        },
      ],
    },
  ],
  unlinked: [
    {
      commitment: commitmentView({ id: 'c2', title: { en: 'Train customs officers' }, dueDate: null }),
      latestSelfReport: null,
      latestAssessment: null,
      latestRound: null,
    },
  ],
  audit: { seq: 42, hash: 'abc123' },
  generatedAt: '2026-11-22T10:00:00Z',
};

describe(AccountabilityReportComponent.name, () => {
  let fixture: ComponentFixture<AccountabilityReportComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;

  async function open(body: unknown, lang: Locale = 'en', status = 200): Promise<void> {
    TestBed.configureTestingModule({
      imports: [AccountabilityReportComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use(lang);
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AccountabilityReportComponent);
    fixture.componentRef.setInput('id', 'd1');
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/dialogues/d1/report').flush(body, { status, statusText: status < 300 ? 'OK' : 'Error' });
    await settle();
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  it('shows the dialogue, each recommendation with its commitments and their latest reports', async () => {
    await open(report);

    expect(textOf(el.querySelector('h1'))).toBe('Bamako roundtable on organised crime');
    expect(textOf(el)).toContain('Bamako');
    const sections = [...el.querySelectorAll('h2')].map(textOf);
    expect(sections).toEqual(['Reporting rounds', 'R1 Strengthen the judiciary', 'Commitments linked to no recommendation', 'Audit chain']);

    const [first, second] = [...el.querySelectorAll('.accountability-item')];
    expect(textOf(first)).toContain('Ministry of Justice and Human Rights (MJDH)');
    expect(textOf(first)).toContain('Dec 31, 2030');
    expect(textOf(first.querySelector('suivi-commitment-badges'))).toContain('Overdue');
    expect(textOf(first)).toContain('Judges appointed.');
    expect(textOf(first)).toContain('No trial yet.');
    expect(first.querySelector('a')?.getAttribute('href')).toBe('/commitments/c1');
    expect(textOf(second)).toContain('No due date');
    expect(textOf(second)).toContain('No self-report yet.');
    expect(textOf(second)).toContain('No independent assessment yet.');
    expect(textOf(el.querySelector('.audit-head'))).toBe('42:abc123');
  });

  it('shows the dialogue’s rounds with their completion, and each commitment’s state in its latest round, in both languages', async () => {
    await open(report);

    const round = el.querySelector('.accountability-round');
    expect(textOf(round)).toContain('Follow-up round, autumn 2026');
    expect(textOf(round)).toContain('Closed');
    expect(textOf(round)).toContain('38%');
    expect(round?.querySelector('a')?.getAttribute('href')).toBe('/rounds/round-1');
    const [first, second] = [...el.querySelectorAll('.accountability-item')];
    expect(textOf(first.querySelector('.accountability-latest-round'))).toBe(
      'Latest reporting round: Follow-up round, autumn 2026 — Report submitted late · No independent assessment this round',
    );
    expect(second.querySelector('.accountability-latest-round')).toBeNull();

    fixture.destroy();
    TestBed.resetTestingModule();
    await open(report, 'fr');
    expect(textOf(el.querySelector('#rounds-title'))).toBe('Cycles de suivi');
    expect(textOf(el.querySelector('.accountability-latest-round'))).toContain('Cycle de suivi, automne 2026');
    expect(textOf(el.querySelector('.accountability-latest-round'))).toContain('Aucune évaluation indépendante pour ce cycle');
  });

  it('passes axe (the structural rules jsdom can check)', async () => {
    await open(report);

    const results = await axe.run(el, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } });

    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it('reads in French', async () => {
    await open(report, 'fr');

    expect(textOf(el.querySelector('h1'))).toBe('Table ronde de Bamako sur la criminalité organisée');
    expect(textOf(el)).toContain('Juges nommés.');
    expect(textOf(el.querySelector('button'))).toBe('Imprimer');
  });

  it('prints on request', async () => {
    await open(report);
    const print = jest.spyOn(window, 'print').mockImplementation(() => undefined);

    el.querySelector<HTMLButtonElement>('button')?.click();

    expect(print).toHaveBeenCalledTimes(1);
  });

  it('says when the audit log is empty', async () => {
    await open({ ...report, audit: null, unlinked: [] });

    expect(textOf(el)).toContain('The audit log has no entry yet.');
    expect(el.querySelectorAll('.accountability-item')).toHaveLength(1);
  });

  it('shows the not-found page for an unknown dialogue', async () => {
    await open({ statusCode: 404, error: 'Not Found', message: 'dialogue' }, 'en', 404);

    expect(el.querySelector('suivi-not-found-page')).not.toBeNull();
  });
});
