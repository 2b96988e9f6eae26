import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { MeView } from '@suivi/contracts';
import {
  apiError,
  choose,
  civilOrg,
  loginResponse,
  meView,
  secretariatMe,
  secretariatOrg,
  settle,
  textOf,
  type,
} from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { type FakeSocket, fakeSockets } from '../../testing/realtime';
import { commitmentView, reportView, timelineView } from '../../testing/tracking';
import { authInterceptor } from '../core/auth/auth.interceptor';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { CommitmentDetailComponent } from './commitment-detail.component';
import { TIMELINE_REFRESH_MS } from './commitment.store';

const selfReport = reportView({
  id: 's1',
  status: 'in_progress',
  createdAt: '2026-01-01T10:00:00Z',
  narrative: { fr: 'Les juges sont nommés.' },
});

describe(CommitmentDetailComponent.name, () => {
  let fixture: ComponentFixture<CommitmentDetailComponent>;
  let http: HttpTestingController;
  let sockets: FakeSocket[];
  let el: HTMLElement;

  async function open(me: MeView | null): Promise<void> {
    localStorage.clear();
    const fake = fakeSockets();
    sockets = fake.sockets;
    TestBed.configureTestingModule({
      imports: [CommitmentDetailComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), fake.provider],
    });
    await TestBed.inject(LanguageService).use('en');
    http = TestBed.inject(HttpTestingController);
    if (me) {
      TestBed.inject(AuthService).start(loginResponse(me));
    }
    fixture = TestBed.createComponent(CommitmentDetailComponent);
    fixture.componentRef.setInput('id', 'c1');
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/commitments/c1').flush(commitmentView());
    http.expectOne('/api/commitments/c1/timeline').flush(timelineView({ selfReports: [selfReport] }));
    await settle();
    fixture.detectChanges();
    await settle();
    if (me) {
      http.expectOne('/api/me/follows').flush([]);
    }
    await fixture.whenStable();
    sockets[0].accept();
    await fixture.whenStable();
  }

  async function settleAll(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  async function answer(request: TestRequest, body: unknown, status = 200): Promise<void> {
    request.flush(body, { status, statusText: status < 300 ? 'OK' : 'Error' });
    await settleAll();
  }

  function button(root: ParentNode, label: string): HTMLButtonElement {
    const found = [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b).startsWith(label));
    if (!found) {
      throw new Error(`no button ${label}`);
    }
    return found;
  }

  /** One's own self-report, written and sent: its POST waits for the test to answer it. */
  async function publishOwnReport(): Promise<void> {
    button(el, 'Write a progress report').click();
    await settleAll();
    choose(el, '#self-status', 'completed');
    type(el, '#self-narrative-fr', 'Les douze juges sont en poste.');
    button(el, 'Publish the report').click();
    await settleAll();
  }

  afterEach(() => {
    http.match(() => true).forEach((r) => r.flush(timelineView({ selfReports: [selfReport] })));
    http.verify();
  });

  it('joins the commitment’s room and says updates are live', async () => {
    await open(null);

    expect(sockets[0].subscriptions()).toEqual(['commitment:c1']);
    expect(textOf(el.querySelector('.live-state'))).toBe('Live: new reports appear here as they are published.');
    expect(el.querySelector('suivi-report-form section')).toBeNull();
  });

  it('shows a report someone else publishes, with its divergence, without a reload', async () => {
    await open(null);

    sockets[0].push(
      'report.created',
      reportView({
        id: 'a1',
        kind: 'independent_assessment',
        status: 'stalled',
        createdAt: '2026-02-01T10:00:00Z',
        organization: civilOrg,
        // As the API pushes it: the divergence derived there, which the page shows as it is.
        divergence: {
          assessmentId: 'a1',
          selfReportId: 's1',
          selfReportedStatus: 'in_progress',
          assessedStatus: 'stalled',
          at: '2026-02-01T10:00:00Z',
        },
      }),
    );
    sockets[0].push('report.created', reportView({ id: 'other', commitmentId: 'c2' }));
    sockets[0].push(
      'report.created',
      reportView({ id: 'a2', kind: 'independent_assessment', organization: civilOrg, author: { id: 'u9', name: 'Fatoumata Keïta' } }),
    );
    await settleAll();

    const items = [...el.querySelectorAll('.timeline-item')].map((i) => i.id);
    expect(items).toEqual(['report-a2', 'report-a1', 'report-s1']);
    // A pushed report never names its author to someone outside the author's organisation.
    expect(textOf(el.querySelector('#report-a2'))).not.toContain('Fatoumata');
    expect(textOf(el.querySelector('#report-a1 .divergence-note'))).toContain(
      'the owner reported “In progress”, this assessment finds “Stalled”',
    );
    expect(textOf(el.querySelector('.live-arrival'))).toBe('New independent assessment from OCGS.');
  });

  it('updates the derived badges from commitment.updated and reads the history again later', async () => {
    await open(null);
    expect(el.querySelector('.notice-contested')).toBeNull();

    sockets[0].push('commitment.updated', commitmentView({ currentStatus: 'completed', assessedStatus: 'stalled', contested: true }));
    await fixture.whenStable();

    expect(textOf(el.querySelector('.notice-contested'))).toContain('Contested');
    expect(textOf(el.querySelector('suivi-commitment-badges'))).toContain('Assessed: Stalled');

    await settle(TIMELINE_REFRESH_MS + 50);
    http.expectOne('/api/commitments/c1/timeline').flush(timelineView({ selfReports: [selfReport] }));
  });

  it('says whose report the assessment contradicts: the owner, whoever it is, not always a government', async () => {
    await open(null);
    sockets[0].push('commitment.updated', commitmentView({ contested: true }));
    await fixture.whenStable();
    // Whose report the assessment contradicts: the owner, whoever it is (not always a government).
    expect(textOf(el.querySelector('.notice-contested'))).toContain(
      'differs from the latest report of the organisation that owns it, Ministry of Justice and Human Rights.',
    );
    sockets[0].push(
      'commitment.updated',
      commitmentView({ contested: true, owner: { ...secretariatOrg, name: { en: 'EU Delegation' }, group: 'international_partner' } }),
    );
    await fixture.whenStable();
    expect(textOf(el.querySelector('.notice-contested'))).toContain('the organisation that owns it, EU Delegation.');
    expect(textOf(el.querySelector('.notice-contested'))).not.toContain('government');
  });

  it('says when the verified status was verified, and that a newer report is not verified yet', async () => {
    await open(null);
    sockets[0].push('commitment.updated', commitmentView({ verifiedStatus: 'completed' }));
    sockets[0].push(
      'report.created',
      reportView({
        id: 's0',
        status: 'completed',
        createdAt: '2025-12-01T10:00:00Z',
        verification: { verifiedAt: '2025-12-03T10:00:00Z', verifiedBy: secretariatOrg, note: null },
      }),
    );
    await settleAll();

    expect(textOf(el.querySelector('.verified-when'))).toBe(
      'report of Dec 1, 2025, verified on Dec 3, 2025. A newer report, of Jan 1, 2026, is not verified yet.',
    );
  });

  it('keeps the place of what the verified status stands on until the timeline says it (nothing moves on the phone)', async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [CommitmentDetailComponent, translocoTesting()],
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        fakeSockets().provider,
      ],
    });
    await TestBed.inject(LanguageService).use('en');
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CommitmentDetailComponent);
    fixture.componentRef.setInput('id', 'c1');
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http
      .expectOne('/api/commitments/c1')
      .flush(commitmentView({ currentStatus: 'in_progress', verifiedStatus: 'completed', lastReportAt: '2026-01-01T10:00:00Z' }));
    // Not stable while the timeline is awaited: rendered by hand.
    await settle();
    fixture.detectChanges();

    // The commitment is there, its timeline not yet: the line is laid out, hidden, with as many words.
    const pending = el.querySelector('.verified-when');
    expect(pending?.classList).toContain('verified-when-pending');
    expect(pending?.getAttribute('aria-hidden')).toBe('true');
    expect(textOf(pending)).toBe('report of Jan 1, 2026, verified on Jan 1, 2026. A newer report, of Jan 1, 2026, is not verified yet.');

    http.expectOne('/api/commitments/c1/timeline').flush(
      timelineView({
        selfReports: [
          selfReport,
          reportView({
            id: 's0',
            status: 'completed',
            createdAt: '2025-12-01T10:00:00Z',
            verification: { verifiedAt: '2025-12-03T10:00:00Z', verifiedBy: secretariatOrg, note: null },
          }),
        ],
      }),
    );
    await settleAll();
    expect(el.querySelectorAll('.verified-when')).toHaveLength(1);
    expect(el.querySelector('.verified-when-pending')).toBeNull();
    expect(textOf(el.querySelector('.verified-when'))).toBe(
      'report of Dec 1, 2025, verified on Dec 3, 2025. A newer report, of Jan 1, 2026, is not verified yet.',
    );
  });

  it('keeps a draft being typed while reports and updates arrive', async () => {
    await open(meView());
    button(el, 'Write a progress report').click();
    await settleAll();
    type(el, '#self-narrative-en', 'Twelve judges are in post.');
    choose(el, '#self-status', 'completed');

    sockets[0].push(
      'report.created',
      reportView({
        id: 's2',
        status: 'stalled',
        createdAt: '2026-03-01T10:00:00Z',
      }),
    );
    sockets[0].push('commitment.updated', commitmentView({ currentStatus: 'stalled' }));
    await settleAll();

    expect(el.querySelector<HTMLTextAreaElement>('#self-narrative-en')?.value).toBe('Twelve judges are in post.');
    expect(el.querySelector<HTMLSelectElement>('#self-status')?.value).toBe('completed');
    expect(el.querySelector<HTMLFormElement>('#self-form')?.hidden).toBe(false);
  });

  it('does not announce one’s own report as news when the server pushes it back before answering', async () => {
    await open(meView());
    await publishOwnReport();

    const mine = reportView({ id: 's-mine', status: 'completed', createdAt: '2026-04-01T10:00:00Z' });
    sockets[0].push('report.created', mine);
    await settleAll();
    expect(el.querySelector('#report-s-mine')).not.toBeNull();
    expect(textOf(el.querySelector('.live-arrival'))).toBe('');

    await answer(http.expectOne('/api/commitments/c1/reports'), mine, 201);
    await answer(http.expectOne('/api/commitments/c1'), commitmentView({ currentStatus: 'completed' }));
    expect(el.querySelectorAll('#report-s-mine')).toHaveLength(1);

    // Once nothing of one's own is on its way, a report from one's organisation is news again.
    sockets[0].push('report.created', reportView({ id: 's-colleague', createdAt: '2026-04-02T10:00:00Z' }));
    await settleAll();
    expect(textOf(el.querySelector('.live-arrival'))).toBe('New self-report from MJDH.');
  });

  it('announces a colleague’s report pushed while one’s own was on its way, once the answer shows it was not one’s own', async () => {
    await open(meView());
    await publishOwnReport();

    sockets[0].push('report.created', reportView({ id: 's-colleague', createdAt: '2026-04-02T10:00:00Z' }));
    await settleAll();
    // Shown at once; not yet news: it might have been one's own.
    expect(el.querySelector('#report-s-colleague')).not.toBeNull();
    expect(textOf(el.querySelector('.live-arrival'))).toBe('');

    const mine = reportView({ id: 's-mine', status: 'completed', createdAt: '2026-04-01T10:00:00Z' });
    await answer(
      http.expectOne('/api/commitments/c1/reports'),
      { ...mine, commitment: commitmentView({ currentStatus: 'completed' }) },
      201,
    );
    expect(textOf(el.querySelector('.live-arrival'))).toBe('New self-report from MJDH.');
  });

  it('shows one’s own report at once and reads the commitment’s new state', async () => {
    await open(meView());
    await publishOwnReport();

    const mine = reportView({
      id: 's-mine',
      status: 'completed',
      createdAt: '2026-04-01T10:00:00Z',
    });
    await answer(http.expectOne('/api/commitments/c1/reports'), mine, 201);
    await answer(http.expectOne('/api/commitments/c1'), commitmentView({ currentStatus: 'completed' }));

    expect(el.querySelector('#report-s-mine')).not.toBeNull();
    expect(textOf(el.querySelector('.live-arrival'))).toBe('');
    // The same report pushed back by the server is not shown twice.
    sockets[0].push('report.created', mine);
    await settleAll();
    expect(el.querySelectorAll('#report-s-mine')).toHaveLength(1);
  });

  it('takes the commitment’s new state from the answer when it carries it: no second request', async () => {
    await open(meView());
    await publishOwnReport();

    const mine = reportView({ id: 's-mine', status: 'completed', createdAt: '2026-04-01T10:00:00Z' });
    await answer(
      http.expectOne('/api/commitments/c1/reports'),
      { ...mine, commitment: commitmentView({ currentStatus: 'completed' }) },
      201,
    );

    http.expectNone('/api/commitments/c1');
    expect(el.querySelector('#report-s-mine')).not.toBeNull();
    expect(textOf(el.querySelector('suivi-commitment-badges'))).toContain('Completed');
  });

  it('lets the secretariat verify a report with a note, in a dialog', async () => {
    await open(secretariatMe());
    const card = el.querySelector<HTMLElement>('#report-s1');
    expect(card).not.toBeNull();

    button(card as HTMLElement, 'Verify').click();
    await settleAll();
    const dialog = el.querySelector<HTMLDialogElement>('dialog');
    expect(dialog?.open).toBe(true);
    expect(textOf(dialog?.querySelector('h2'))).toBe('Verify this report');
    expect(document.activeElement?.id).toBe('verify-note');

    type(el, '#verify-note', 'Decree checked in the official journal');
    button(dialog as HTMLElement, 'Verify the report').click();
    await settleAll();
    const request = http.expectOne('/api/reports/s1/verify');
    expect(request.request.body).toEqual({
      note: 'Decree checked in the official journal',
    });
    await answer(request, {
      ...selfReport,
      verification: {
        verifiedAt: '2026-11-22T10:00:00Z',
        verifiedBy: secretariatOrg,
        note: 'Decree checked in the official journal',
      },
    });

    expect(dialog?.open).toBe(false);
    expect(textOf(el.querySelector('#report-s1 .verified'))).toContain('Verified on Nov 22, 2026');
    // The note stands on its own, not glued to the organisation's name.
    expect(textOf(el.querySelector('#report-s1 .verified'))).not.toContain('Decree');
    expect(textOf(el.querySelector('#report-s1 .verification-note'))).toBe('Decree checked in the official journal');
    expect(el.querySelector('#report-s1 .report-actions')?.textContent).not.toContain('Verify');
    expect(textOf(el.querySelector('.live-region .form-status'))).toBe('The report is verified.');
  });

  it('says so when a report was verified meanwhile', async () => {
    await open(secretariatMe());
    button(el.querySelector('#report-s1') as HTMLElement, 'Verify').click();
    await settleAll();
    button(el.querySelector('dialog') as HTMLElement, 'Verify the report').click();
    await settleAll();
    http
      .expectOne('/api/reports/s1/verify')
      .flush(apiError(409, 'already_done', { state: 'verified' }), { status: 409, statusText: 'Conflict' });
    await settle();
    TestBed.tick();
    // The page reads the timeline again, which now shows the verification.
    await answer(http.expectOne('/api/commitments/c1/timeline'), timelineView({ selfReports: [selfReport] }));

    expect(textOf(el.querySelector('dialog [role="alert"]'))).toBe('This report had already been verified: the page now shows it.');
  });

  it('lets the report’s organisation add the missing English text', async () => {
    await open(meView());
    const card = el.querySelector<HTMLElement>('#report-s1') as HTMLElement;
    expect([...card.querySelectorAll('.report-actions button')].map((b) => textOf(b).split(':')[0])).toEqual(['Add the English text']);

    button(card, 'Add the English text').click();
    await settleAll();
    const dialog = el.querySelector<HTMLDialogElement>('suivi-translate-dialog dialog') as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    expect(textOf(dialog.querySelector('blockquote'))).toBe('Les juges sont nommés.');
    expect(dialog.querySelector('#translate-narrative')?.getAttribute('lang')).toBe('en');

    button(dialog, 'Add the translation').click();
    await settleAll();
    expect(textOf(dialog.querySelector('#translate-narrative-error'))).toBe('Error: This information is required.');
    http.expectNone('/api/reports/s1/translation');

    type(dialog, '#translate-narrative', 'The judges are appointed.');
    button(dialog, 'Add the translation').click();
    await settleAll();
    const request = http.expectOne('/api/reports/s1/translation');
    expect(request.request.body).toEqual({
      locale: 'en',
      narrative: 'The judges are appointed.',
    });
    await answer(request, {
      ...selfReport,
      narrative: {
        fr: 'Les juges sont nommés.',
        en: 'The judges are appointed.',
      },
    });

    expect(dialog.open).toBe(false);
    expect(textOf(el.querySelector('#report-s1 .prose'))).toBe('The judges are appointed.');
    expect(el.querySelector('#report-s1 .report-actions')).toBeNull();
  });

  it('says so when the missing language was added meanwhile, and reads the timeline again', async () => {
    await open(meView());
    button(el.querySelector('#report-s1') as HTMLElement, 'Add the English text').click();
    await settleAll();
    const dialog = el.querySelector<HTMLDialogElement>('suivi-translate-dialog dialog') as HTMLDialogElement;
    type(dialog, '#translate-narrative', 'The judges are appointed.');
    button(dialog, 'Add the translation').click();
    await settleAll();
    http
      .expectOne('/api/reports/s1/translation')
      .flush(apiError(409, 'translation_present', { locale: 'en' }), { status: 409, statusText: 'Conflict' });
    await settle();
    TestBed.tick();
    await answer(
      http.expectOne('/api/commitments/c1/timeline'),
      timelineView({ selfReports: [{ ...selfReport, narrative: { ...selfReport.narrative, en: 'Judges appointed.' } }] }),
    );

    expect(dialog.open).toBe(true);
    expect(textOf(dialog.querySelector('[role="alert"]'))).toBe('This report already has that language: the page now shows it.');
    expect(document.activeElement).toBe(dialog.querySelector('.form-failure'));
    expect(dialog.querySelector<HTMLTextAreaElement>('#translate-narrative')?.value).toBe('The judges are appointed.');
  });

  it('offers no report action to the public or to other organisations', async () => {
    await open(meView({ organization: civilOrg }));

    expect(el.querySelector('#report-s1 .report-actions')).toBeNull();
    expect(textOf(el.querySelector('suivi-report-form:last-of-type h2'))).toBe('Independent assessment');
  });

  it('offers the commitment’s edit to the secretariat only', async () => {
    await open(meView());
    expect(el.querySelector('suivi-commitment-edit')).toBeNull();
    TestBed.resetTestingModule();

    await open(secretariatMe());
    expect(textOf(el.querySelector('suivi-commitment-edit button'))).toBe('Edit');
  });
});
