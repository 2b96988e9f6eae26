import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { MailFailurePage, MailFailureView } from '@suivi/contracts';
import { settle, textOf } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { LanguageService } from '../core/language.service';
import { AdminMailFailuresPageComponent, pageParam } from './admin-mail-failures-page.component';

function failure(overrides: Partial<MailFailureView> = {}): MailFailureView {
  return {
    id: 'f1',
    recipient: { id: 'u1', displayName: 'Boubacar Diarra', email: 'boubacar@example.org' },
    category: 'asks',
    state: 'retrying',
    attempts: 2,
    lastAttemptAt: '2026-12-02T09:00:00Z',
    nextAttemptAt: '2026-12-02T09:01:00Z',
    error: 'ECONNREFUSED connect ECONNREFUSED 127.0.0.1:25',
    ...overrides,
  };
}

function page(items: MailFailureView[], extra: Partial<MailFailurePage> = {}): MailFailurePage {
  return { items, total: items.length, page: 1, pageSize: 20, ...extra };
}

describe(AdminMailFailuresPageComponent.name, () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let el: HTMLElement;

  async function open(url: string, answer: MailFailurePage, lang: 'en' | 'fr' = 'en'): Promise<void> {
    TestBed.configureTestingModule({
      imports: [translocoTesting()],
      providers: [
        provideRouter([{ path: 'admin/mail-failures', component: AdminMailFailuresPageComponent }]),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    await TestBed.inject(LanguageService).use(lang);
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url, AdminMailFailuresPageComponent);
    el = harness.routeNativeElement as HTMLElement;
    await settle();
    const expected = answer.page > 1 ? String(answer.page) : null;
    http.expectOne((r) => r.url === '/api/mail/failures' && r.params.get('page') === expected).flush(answer);
    await settle();
    await harness.fixture.whenStable();
  }

  /** Each row as its cells' texts. */
  function rows(): string[][] {
    return [...el.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map(textOf));
  }

  afterEach(() => http.verify());

  it('lists who, which category, the state, the attempts, when and the server’s answer, never the mail', async () => {
    await open(
      '/admin/mail-failures',
      page([
        failure(),
        failure({ id: 'f2', category: 'reminders', state: 'failed', attempts: 10, nextAttemptAt: null, error: '550 5.1.1 No such user' }),
      ]),
    );

    expect(textOf(el.querySelector('h1'))).toBe('Mail failures');
    expect(textOf(el.querySelector('.results-count'))).toBe('Mails not delivered: 2');
    expect([...el.querySelectorAll('thead th')].map(textOf)).toEqual([
      'Recipient',
      'Category',
      'State',
      'Attempts',
      'Last attempt',
      'Server’s answer',
    ]);
    const [first, second] = rows();
    expect(first[0]).toBe('Boubacar Diarra boubacar@example.org');
    expect(first[1]).toBe('What is asked of you');
    expect(first[2]).toMatch(/^Will be tried again next attempt Dec 2, 2026, /);
    expect(first[3]).toBe('2');
    expect(first[5]).toBe('ECONNREFUSED connect ECONNREFUSED 127.0.0.1:25');
    expect(second.slice(1, 4)).toEqual(['Round reminders', 'Given up', '10']);
    expect(second[5]).toBe('550 5.1.1 No such user');
    // The name leads to the account, found by its address.
    expect(el.querySelector('tbody a')?.getAttribute('href')).toBe('/admin/accounts?q=boubacar@example.org');
    // On a phone each cell shows its column's name.
    expect([...el.querySelectorAll('tbody tr:first-child td')].map((td) => td.getAttribute('data-label'))).toEqual([
      'Recipient',
      'Category',
      'State',
      'Attempts',
      'Last attempt',
      'Server’s answer',
    ]);
    expect(el.querySelector('.pager')).toBeNull();
  });

  it('says when every mail was delivered', async () => {
    await open('/admin/mail-failures', page([]), 'fr');

    expect(textOf(el.querySelector('h1'))).toBe('Courriels non remis');
    expect(el.querySelector('table')).toBeNull();
    expect(textOf(el.querySelector('.mail-failures-none'))).toBe('Aucun courriel n’attend d’être réessayé, et aucun n’a été abandonné.');
  });

  it('reads the page in the address and links the pages either side', async () => {
    await open('/admin/mail-failures?page=2', page([failure()], { page: 2, total: 45 }));

    const links = [...el.querySelectorAll<HTMLAnchorElement>('.pager a')];
    expect(links.map((a) => [textOf(a), a.getAttribute('href')])).toEqual([
      ['Previous page', '/admin/mail-failures'],
      ['Next page', '/admin/mail-failures?page=3'],
    ]);
    expect(textOf(el.querySelector('.pager span'))).toBe('Page 2 of 3');
  });
});

describe(pageParam.name, () => {
  it.each([
    [null, 1],
    ['2', 2],
    ['0', 1],
    ['-3', 1],
    ['abc', 1],
    ['1.5', 1],
  ])('reads %p as page %p', (value, expected) => {
    expect(pageParam(value)).toBe(expected);
  });
});
