import { Location } from '@angular/common';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideLocationMocks } from '@angular/common/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { CommitmentSummary, OrganizationView, Page } from '@suivi/contracts';
import { translocoTesting } from '../../testing/i18n-testing';
import { LanguageService } from '../core/language.service';
import { CommitmentsPageComponent, SEARCH_DEBOUNCE_MS } from './commitments-page.component';

const justice: OrganizationView = {
  id: 'org-justice',
  name: { en: 'Ministry of Justice', fr: 'Ministère de la Justice' },
  acronym: 'MJ',
  group: 'government',
  illustrative: false,
};

function summary(overrides: Partial<CommitmentSummary> = {}): CommitmentSummary {
  return {
    id: 'c1',
    title: { en: 'Operationalise the Pôle Judiciaire Spécialisé', fr: 'Rendre opérationnel le Pôle judiciaire spécialisé' },
    owner: justice,
    themes: ['justice_judiciary'],
    regions: ['bamako'],
    dueDate: '2015-12-31',
    recommendationCodes: ['R1'],
    lastReportAt: null,
    updatedAt: '2015-01-01T00:00:00Z',
    currentStatus: 'in_progress',
    verifiedStatus: null,
    assessedStatus: 'stalled',
    overdue: true,
    contested: true,
    ...overrides,
  };
}

function page(items: CommitmentSummary[], total = items.length, pageNo = 1): Page<CommitmentSummary> {
  return { items, total, page: pageNo, pageSize: 20 };
}

describe(CommitmentsPageComponent.name, () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let router: Router;

  async function open(url: string): Promise<HTMLElement> {
    await harness.navigateByUrl(url, CommitmentsPageComponent);
    return harness.routeNativeElement as HTMLElement;
  }

  function expectList(params: Record<string, string>, body = page([summary()])) {
    const req = http.expectOne((r) => r.url === '/api/commitments');
    const sent = Object.fromEntries(req.request.params.keys().map((k) => [k, req.request.params.get(k)]));
    expect(sent).toEqual(params);
    req.flush(body);
  }

  /** Lets a navigation started by a control finish (whenStable would wait for the pending request too). */
  function settle(ms = 0): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  function answerOrganizations() {
    http.expectOne('/api/organizations').flush([justice]);
  }

  function select(el: HTMLElement, id: string, value: string) {
    const control = el.querySelector<HTMLSelectElement>(`#${id}`);
    if (!control) {
      throw new Error(`no #${id}`);
    }
    control.value = value;
    control.dispatchEvent(new Event('change'));
  }

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [translocoTesting()],
      providers: [
        provideRouter([{ path: 'commitments', component: CommitmentsPageComponent }]),
        provideLocationMocks(),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    await TestBed.inject(LanguageService).use('en');
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    // Done at bootstrap in the app; TestBed does not bootstrap.
    router.setUpLocationChangeListener();
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => http.verify());

  it('asks the API for the view in the URL and shows its controls set to it', async () => {
    const el = await open('/commitments?status=stalled&theme=ddr&overdue=true&page=2&sort=-due&bogus=1');
    expectList({ status: 'stalled', theme: 'ddr', overdue: 'true', page: '2', sort: '-due' });
    answerOrganizations();
    await harness.fixture.whenStable();

    expect(el.querySelector<HTMLSelectElement>('#filter-status')?.value).toBe('stalled');
    expect(el.querySelector<HTMLSelectElement>('#filter-theme')?.value).toBe('ddr');
    expect(el.querySelector<HTMLSelectElement>('#filter-sort')?.value).toBe('-due');
    expect(el.querySelector<HTMLInputElement>('input[name="overdue"]')?.checked).toBe(true);
    expect(el.querySelector<HTMLInputElement>('input[name="contested"]')?.checked).toBe(false);
  });

  it('puts a changed filter into the URL, back at page 1, and reloads', async () => {
    const el = await open('/commitments?theme=ddr&page=3');
    expectList({ theme: 'ddr', page: '3' });
    answerOrganizations();
    await harness.fixture.whenStable();

    select(el, 'filter-region', 'kidal');
    await settle();

    expect(router.url).toBe('/commitments?theme=ddr&region=kidal');
    expectList({ theme: 'ddr', region: 'kidal' });
  });

  it('offers the owners from the API, grouped by stakeholder group', async () => {
    const el = await open('/commitments');
    expectList({});
    answerOrganizations();
    await harness.fixture.whenStable();

    const group = el.querySelector('#filter-owner optgroup');
    expect(group?.getAttribute('label')).toBe('Government');
    expect(group?.querySelector('option')?.textContent?.trim()).toBe('MJ – Ministry of Justice');

    select(el, 'filter-owner', 'org-justice');
    await settle();
    expect(router.url).toBe('/commitments?owner=org-justice');
    expectList({ owner: 'org-justice' });
  });

  it('sends the search to the URL once typing pauses', async () => {
    const el = await open('/commitments?status=stalled');
    expectList({ status: 'stalled' });
    answerOrganizations();
    await harness.fixture.whenStable();

    const input = el.querySelector<HTMLInputElement>('#filter-q');
    if (!input) {
      throw new Error('no search box');
    }
    for (const text of ['p', 'pô', 'pôle']) {
      input.value = text;
      input.dispatchEvent(new Event('input'));
      await settle(SEARCH_DEBOUNCE_MS / 4);
    }
    expect(router.url).toBe('/commitments?status=stalled');
    http.expectNone((r) => r.url === '/api/commitments');
    await settle(SEARCH_DEBOUNCE_MS + 50);

    expect(router.url).toBe('/commitments?status=stalled&q=p%C3%B4le');
    expectList({ status: 'stalled', q: 'pôle' });
  });

  it('undoes a filter change with the back button', async () => {
    const el = await open('/commitments?theme=ddr');
    expectList({ theme: 'ddr' });
    answerOrganizations();
    await harness.fixture.whenStable();

    select(el, 'filter-region', 'gao');
    await settle();
    expectList({ theme: 'ddr', region: 'gao' });
    await harness.fixture.whenStable();
    expect(el.querySelector<HTMLSelectElement>('#filter-region')?.value).toBe('gao');

    TestBed.inject(Location).back();
    await settle();
    harness.fixture.detectChanges();
    expect(router.url).toBe('/commitments?theme=ddr');
    expectList({ theme: 'ddr' });
    await harness.fixture.whenStable();
    expect(el.querySelector<HTMLSelectElement>('#filter-region')?.value).toBe('');
  });

  it('links the pages with the same filters', async () => {
    const el = await open('/commitments?status=stalled&page=2');
    expectList({ status: 'stalled', page: '2' }, page([summary()], 65, 2));
    answerOrganizations();
    await harness.fixture.whenStable();

    const links = [...el.querySelectorAll<HTMLAnchorElement>('.pager a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/commitments?status=stalled', '/commitments?status=stalled&page=3']);
    expect(el.querySelector('.pager span')?.textContent?.trim()).toBe('Page 2 of 4');
  });

  it('offers the list as shown for download as CSV, with its filters and without paging, and a way to all open data', async () => {
    const el = await open('/commitments?status=stalled&region=gao&overdue=true&page=2');
    expectList({ status: 'stalled', region: 'gao', overdue: 'true', page: '2' }, page([summary()], 65, 2));
    answerOrganizations();
    await harness.fixture.whenStable();

    const links = [...el.querySelectorAll<HTMLAnchorElement>('.list-downloads a')];
    expect(links.map((a) => [a.textContent?.trim(), a.getAttribute('href'), a.hasAttribute('download')])).toEqual([
      ['This list (CSV)', '/api/commitments/export.csv?status=stalled&region=gao&overdue=true', true],
      ['Its progress reports and assessments (CSV)', '/api/reports/export.csv?status=stalled&region=gao&overdue=true', true],
      ['All open data', '/open-data', false],
    ]);
  });

  it('shows each commitment with its owner, badges and due date', async () => {
    const el = await open('/commitments');
    expectList({});
    answerOrganizations();
    await harness.fixture.whenStable();

    const card = el.querySelector('suivi-commitment-card');
    expect(card?.querySelector('h3 a')?.getAttribute('href')).toBe('/commitments/c1');
    expect(card?.querySelector('abbr')?.textContent).toBe('MJ');
    const badges = [...(card?.querySelectorAll('.badge') ?? [])].map((b) => b.textContent?.replace(/\s+/g, ' ').trim());
    expect(badges).toEqual(['In progress', 'Assessed: Stalled', 'Overdue', 'Contested']);
    expect(card?.querySelector('time')?.textContent).toBe('Dec 31, 2015');
    expect(el.querySelector('.results-count')?.textContent?.trim()).toBe('Commitments found: 1');
  });
});
