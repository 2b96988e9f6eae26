import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { DashboardView, OrganizationRef, StatusCounts } from '@suivi/contracts';
import { settle } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { FakeIntersectionObserver } from '../../testing/viewport';
import { LanguageService } from '../core/language.service';
import type { StackedBarData } from './chart-setup';
import { CHART_LOADER } from './dashboard-chart.component';
import { DashboardPageComponent, RECOMMENDATIONS_SHOWN } from './dashboard-page.component';

const ministry: OrganizationRef = { id: 'o1', name: { en: 'Ministry of Justice' }, acronym: 'MJ', group: 'government' };

function counts(partial: Partial<StatusCounts>): StatusCounts {
  return { not_started: 0, in_progress: 0, stalled: 0, completed: 0, withdrawn: 0, ...partial };
}

const dashboard: DashboardView = {
  totals: { commitments: 1234, overdue: 3, contested: 2, reports: 41, assessments: 17 },
  byStatus: counts({ not_started: 4, in_progress: 6, stalled: 2, completed: 1 }),
  byGroup: [
    { group: 'government', counts: counts({ in_progress: 5, stalled: 2 }), total: 7 },
    { group: 'media', counts: counts({}), total: 0 },
  ],
  byTheme: [{ theme: 'justice_judiciary', counts: counts({ in_progress: 3 }), total: 3 }],
  byRegion: [{ region: 'bamako', counts: counts({ completed: 1 }), total: 1 }],
  overdue: [
    {
      id: 'c-overdue',
      title: { en: 'Activate the Organised Crime Section' },
      owner: ministry,
      dueDate: '2015-06-30',
      currentStatus: 'not_started',
      assessedStatus: null,
    },
  ],
  contested: [
    {
      id: 'c-contested',
      title: { fr: 'Lancer un débat public avec les médias' },
      owner: ministry,
      dueDate: null,
      currentStatus: 'completed',
      assessedStatus: 'stalled',
    },
  ],
  recommendations: [
    {
      id: 'r1',
      code: 'R1',
      text: { en: 'Put organised crime on the agenda' },
      dialogueId: 'd1',
      counts: counts({ in_progress: 2 }),
      total: 2,
    },
  ],
  audit: {
    checkpoint: { seq: 300, hash: '3f2a9c0d1e4b5a6978877665544332211aabbccddeeff00112233445566778899', createdAt: '2026-11-20T00:00:00Z' },
    verify: '/api/audit/verify',
  },
};

describe(DashboardPageComponent.name, () => {
  let fixture: ComponentFixture<DashboardPageComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;
  let render: jest.Mock;
  let loadChart: jest.Mock;

  beforeEach(async () => {
    FakeIntersectionObserver.install();
    localStorage.clear();
    render = jest.fn(() => ({ update: jest.fn(), destroy: jest.fn() }));
    loadChart = jest.fn(() => Promise.resolve({ renderStackedBars: render }));
    TestBed.configureTestingModule({
      imports: [translocoTesting(), DashboardPageComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), { provide: CHART_LOADER, useValue: loadChart }],
    });
    await TestBed.inject(LanguageService).use('en');
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DashboardPageComponent);
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
  });

  afterEach(() => {
    http.verify();
    FakeIntersectionObserver.restore();
  });

  async function answer(view: DashboardView = dashboard): Promise<void> {
    http.expectOne('/api/dashboard').flush(view);
    // The reporting rounds' card below the figures reads the dialogues: none here (its own spec covers it).
    for (let i = 0; i < 3; i++) {
      fixture.detectChanges();
      await settle();
      http.match('/api/dialogues').forEach((r) => r.flush([]));
    }
    await fixture.whenStable();
  }

  /** Scrolls down the page: the deferred sections are built, then the charts they hold draw. */
  async function scrollDown(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      FakeIntersectionObserver.scrollIntoView();
      await fixture.whenStable();
      fixture.detectChanges();
    }
  }

  function figures(): Record<string, string> {
    return Object.fromEntries(
      [...el.querySelectorAll('.figures .figure')].map((f) => [
        f.querySelector('dt')?.textContent?.trim(),
        f.querySelector('dd')?.textContent?.trim(),
      ]),
    );
  }

  it('holds the place with a loading state, without charts yet', () => {
    expect(el.querySelector('.loading[role="status"]')?.textContent).toContain('Loading…');
    expect(el.querySelector('.figures')).toBeNull();
    expect(loadChart).not.toHaveBeenCalled();
    http.expectOne('/api/dashboard');
  });

  it('shows the figures first, as formatted numbers', async () => {
    await answer();

    expect(figures()).toEqual({
      Commitments: '1,234',
      Overdue: '3',
      Contested: '2',
      'Self-reports': '41',
      'Independent assessments': '17',
    });
    const overdueLink = [...el.querySelectorAll<HTMLAnchorElement>('.figures a')][1];
    expect(overdueLink.getAttribute('href')).toBe('/commitments?overdue=true');
  });

  it('formats the figures for a French reader', async () => {
    await TestBed.inject(LanguageService).use('fr');
    await answer();

    expect(figures()['Engagements']).toBe('1\u202f234');
  });

  it('builds the sections below the figures, and loads Chart.js, only as they near the screen', async () => {
    await answer();
    await fixture.whenStable();
    expect(figures()['Commitments']).toBe('1,234');
    expect(el.querySelector('suivi-dashboard-chart')).toBeNull();
    expect(el.querySelector('[aria-labelledby="overdue-title"] li')).toBeNull();
    expect(loadChart).not.toHaveBeenCalled();
    // Every section keeps its heading meanwhile, for those who move through the page by headings.
    expect(el.querySelector('#recommendations-title')?.textContent).toBe('Progress per recommendation');

    await scrollDown();

    expect(loadChart).toHaveBeenCalled();
    expect(render).toHaveBeenCalledTimes(3);
    const groups = render.mock.calls[0][1] as StackedBarData;
    expect(groups.labels).toEqual(['Government']);
    expect(groups.series.find((s) => s.label === 'Stalled')?.data).toEqual([2]);
    expect((render.mock.calls[1][1] as StackedBarData).labels).toEqual(['Justice and the judiciary']);
  });

  it('gives every chart a table with the same data', async () => {
    await answer();
    await scrollDown();

    const tables = [...el.querySelectorAll('details.data-table table')];
    expect(tables.map((t) => t.querySelector('caption')?.textContent?.trim())).toEqual([
      'Commitments by stakeholder group',
      'Commitments by theme',
      'Commitments by region',
    ]);
    const row = [...tables[0].querySelectorAll('tbody tr')[0].children].map((c) => c.textContent?.trim());
    expect(row).toEqual(['Government', '0', '5', '2', '0', '0', '7']);
  });

  it('lists the overdue and contested commitments with links', async () => {
    await answer();
    await scrollDown();

    const overdue = el.querySelector('[aria-labelledby="overdue-title"] li');
    expect(overdue?.querySelector('a')?.getAttribute('href')).toBe('/commitments/c-overdue');
    expect(overdue?.textContent).toContain('Activate the Organised Crime Section');
    const contested = el.querySelector('[aria-labelledby="contested-title"] li');
    expect(contested?.querySelector('a')?.getAttribute('href')).toBe('/commitments/c-contested');
    expect(contested?.querySelector('.lang-badge')).not.toBeNull();
    expect(contested?.textContent).toContain('Assessed: Stalled');
  });

  it('shows progress per recommendation and the latest checkpoint, with the way to verify the chain', async () => {
    await answer();
    await scrollDown();

    const rec = el.querySelector('[aria-labelledby="recommendations-title"] li');
    expect(rec?.querySelector('a')?.getAttribute('href')).toBe('/recommendations/r1');
    expect(rec?.querySelector('.legend')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('In progress 2');

    const audit = el.querySelector('[aria-labelledby="audit-title"]');
    expect(audit?.querySelector('code')?.textContent).toBe('3f2a9c0d1e4b');
    expect(audit?.textContent).toContain('Nov 20, 2026');
    expect(audit?.textContent).toContain('event no. 300');
    expect(audit?.textContent).toContain('Anyone can keep a copy of a checkpoint’s hash');
    const links = [...(audit?.querySelectorAll('a') ?? [])].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/open-data', '/api/audit/verify']);
  });

  it('shows the first recommendations, and all of them on request, taking focus to the first added', async () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ ...dashboard.recommendations[0], id: `r${i + 1}`, code: `R${i + 1}` }));
    await answer({ ...dashboard, recommendations: many });
    await scrollDown();
    const items = () => el.querySelectorAll('#recommendation-progress > li');
    expect(items()).toHaveLength(RECOMMENDATIONS_SHOWN);
    expect(el.querySelector('.list-more p')?.textContent?.trim()).toBe('10 of 25 recommendations shown.');
    const button = el.querySelector<HTMLButtonElement>('.list-more button');
    expect(button?.textContent?.trim()).toBe('Show all 25 recommendations');
    expect(button?.getAttribute('aria-controls')).toBe('recommendation-progress');

    button?.click();
    await fixture.whenStable();

    expect(items()).toHaveLength(25);
    expect(el.querySelector('.list-more')).toBeNull();
    expect(document.activeElement?.getAttribute('href')).toBe('/recommendations/r11');
  });

  it('has no "show all" when every recommendation is shown', async () => {
    await answer();
    await scrollDown();
    expect(el.querySelectorAll('#recommendation-progress > li')).toHaveLength(1);
    expect(el.querySelector('.list-more')).toBeNull();
  });

  it('offers a retry when the API fails', async () => {
    http.expectOne('/api/dashboard').flush({ message: 'boom' }, { status: 500, statusText: 'Server Error' });
    await fixture.whenStable();

    expect(el.querySelector('[role="alert"]')?.textContent).toContain('The data could not be loaded.');
    el.querySelector<HTMLButtonElement>('[role="alert"] button')?.click();
    fixture.detectChanges();
    await answer();
    expect(figures()['Commitments']).toBe('1,234');
  });
});
