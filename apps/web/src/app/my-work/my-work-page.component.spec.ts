import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { MeView, MyWork } from '@suivi/contracts';
import { civilOrg, loginResponse, meView, secretariatMe, settle, textOf } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { type FakeSocket, fakeSockets } from '../../testing/realtime';
import { notificationView } from '../../testing/tracking';
import { myWork, queues, roundSummary, verifyItem, workRequest } from '../../testing/work';
import { authInterceptor } from '../core/auth/auth.interceptor';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { MyWorkPageComponent, nothingAsked } from './my-work-page.component';

describe(MyWorkPageComponent.name, () => {
  let fixture: ComponentFixture<MyWorkPageComponent>;
  let http: HttpTestingController;
  let sockets: FakeSocket[];
  let el: HTMLElement;

  /** Answers every read of /api/me/work waiting (the page's, and the header store's for the secretariat). */
  async function answerWork(work: MyWork): Promise<number> {
    const reads = http.match('/api/me/work');
    for (const read of reads) {
      read.flush(work);
    }
    await settle();
    await fixture.whenStable();
    return reads.length;
  }

  async function open(me: MeView, work: MyWork, lang: 'en' | 'fr' = 'en'): Promise<void> {
    localStorage.clear();
    const fake = fakeSockets();
    sockets = fake.sockets;
    TestBed.configureTestingModule({
      imports: [MyWorkPageComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), fake.provider],
    });
    await TestBed.inject(LanguageService).use(lang);
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).start(loginResponse(me));
    fixture = TestBed.createComponent(MyWorkPageComponent);
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    await settle();
    http.match((r) => r.url === '/api/notifications').forEach((r) => r.flush({ items: [], total: 0, page: 1, pageSize: 1, unread: 0 }));
    http
      .match('/api/dialogues')
      .forEach((r) => r.flush([{ id: 'dialogue-1', title: { en: 'Bamako roundtable', fr: 'Table ronde de Bamako' } }]));
    await answerWork(work);
    sockets[0]?.accept();
  }

  afterEach(() => http.verify());

  const links = (selector: string) =>
    [...el.querySelectorAll<HTMLAnchorElement>(`${selector} a`)].map((a) => [textOf(a), a.getAttribute('href')]);

  it('lists the requests asked of a member’s organisation, each leading to the report form on its commitment’s page', async () => {
    await open(
      meView(),
      myWork({
        requests: [
          workRequest({ overdue: true }),
          workRequest({ commitmentId: 'c3', track: 'independent_assessment', dueOn: '2027-04-02' }),
        ],
        commitmentsDue: [{ id: 'c4', title: { en: 'Train the judges' }, dueDate: '2027-03-20', overdue: false }],
      }),
    );

    const requests = [...el.querySelectorAll('.work-request')];
    expect(requests).toHaveLength(2);
    expect(textOf(requests[0].querySelector('.card-title'))).toBe('Open a specialised judicial unit');
    expect(textOf(requests[0])).toContain('Self-report');
    expect(textOf(requests[0])).toContain('due by March 31, 2027');
    expect(textOf(requests[0].querySelector('.badge-overdue'))).toBe('Overdue');
    expect(requests[1].querySelector('.badge-overdue')).toBeNull();
    expect(links('.work-request').filter(([, href]) => href?.includes('#'))).toEqual([
      ['File the report: Open a specialised judicial unit', '/commitments/c1#self-title'],
      ['Write the assessment: Open a specialised judicial unit', '/commitments/c3#assess-title'],
    ]);
    expect(requests[0].querySelector('a[href="/rounds/round-1"]')?.textContent).toContain('Follow-up round, spring 2027');
    expect(textOf(el.querySelector('.work-due .meta-line'))).toBe('due date: March 20, 2027');
    expect(el.querySelector('.work-empty')).toBeNull();
    expect(el.querySelector('.work-queues')).toBeNull();
  });

  it('sends to the account page to confirm newcomers', async () => {
    await open(
      meView({ organization: civilOrg }),
      myWork({
        newcomers: [{ kind: 'member', id: 'u7', email: 'awa@example.org', displayName: 'Awa Sangaré', createdAt: '2027-03-01T10:00:00Z' }],
      }),
    );

    expect(textOf(el.querySelector('.work-newcomers'))).toBe('Awa Sangaré');
    expect(textOf(el.querySelector('section[aria-labelledby="work-newcomers-title"]'))).toContain(
      '1 person waits for you to confirm them or vouch for them.',
    );
    expect(el.querySelector('a[href="/account#account-newcomers-title"]')).not.toBeNull();
  });

  it('says there is nothing asked of the person now, in both languages', async () => {
    await open(meView(), myWork());
    expect(textOf(el.querySelector('.work-empty'))).toBe('Nothing is asked of you now.');
    expect(el.querySelectorAll('section')).toHaveLength(0);

    await TestBed.inject(LanguageService).use('fr');
    await fixture.whenStable();
    expect(textOf(el.querySelector('h1'))).toBe('Mon travail');
    expect(textOf(el.querySelector('.work-empty'))).toBe('Rien ne vous est demandé pour l’instant.');
  });

  it('gives the secretariat its queues with links, the reports to verify and every dialogue’s current round', async () => {
    await open(
      secretariatMe(),
      myWork({
        queues: queues({ accountsToApprove: 2, openFlags: 1, reportsToVerify: 1 }),
        reportsToVerify: [verifyItem],
        rounds: [roundSummary()],
      }),
    );

    expect(links('.work-queues')).toEqual([
      ['2 accounts to approve', '/admin/accounts?status=pending'],
      ['1 flagged message to review', '/admin/moderation'],
      ['1 report to verify', '/my-work#work-verify-title'],
    ]);
    const report = el.querySelector('.work-verify');
    expect(report?.querySelector('.card-title a')?.getAttribute('href')).toBe('/commitments/c2');
    expect(report?.querySelector('a.button')?.getAttribute('href')).toBe('/commitments/c2#report-r9');
    expect(textOf(report)).toContain('MJDH');
    const round = el.querySelector('.work-round');
    expect(round?.querySelector('.card-title a')?.getAttribute('href')).toBe('/rounds/round-1');
    expect(textOf(round)).toContain('Bamako roundtable');
    expect(textOf(round?.querySelector('.work-completion'))).toBe('38% answered (3 of 8 requests)');
    expect([...(round?.querySelectorAll('.legend li') ?? [])].map(textOf)).toEqual(['On time 2', 'Late 1', 'Still awaited 5', 'Missing 0']);
  });

  it('reads the page again when a notification arrives for the person', async () => {
    await open(meView(), myWork({ requests: [workRequest()] }));
    expect(el.querySelectorAll('.work-request')).toHaveLength(1);

    sockets[0].push('notification', notificationView({ id: 'n1', kind: 'report_verified' }));
    await settle();
    expect(await answerWork(myWork())).toBe(1);

    expect(el.querySelectorAll('.work-request')).toHaveLength(0);
    expect(textOf(el.querySelector('.work-empty'))).toBe('Nothing is asked of you now.');
  });

  it('reads the page again when the secretariat’s queues move, without a reload', async () => {
    await open(secretariatMe(), myWork({ queues: queues(), rounds: [roundSummary()] }));
    expect(textOf(el.querySelector('.work-empty'))).toBe('Nothing is asked of you now.');
    expect(sockets[0].subscriptions()).toContain('moderation');

    sockets[0].push('queues.updated', queues({ reportsToVerify: 1 }));
    await settle();
    expect(
      await answerWork(myWork({ queues: queues({ reportsToVerify: 1 }), reportsToVerify: [verifyItem], rounds: [roundSummary()] })),
    ).toBe(1);

    expect(el.querySelector('.work-empty')).toBeNull();
    expect(textOf(el.querySelector('.work-queues li:last-child'))).toBe('1 report to verify');
    expect(el.querySelectorAll('.work-verify')).toHaveLength(1);
  });
});

describe('nothingAsked', () => {
  it('holds only when every list is empty and every queue is at zero', () => {
    expect(nothingAsked(myWork())).toBe(true);
    expect(nothingAsked(myWork({ queues: queues(), rounds: [roundSummary()] }))).toBe(true);
    expect(nothingAsked(myWork({ queues: queues({ openFlags: 1 }) }))).toBe(false);
    expect(nothingAsked(myWork({ requests: [workRequest()] }))).toBe(false);
  });
});
