import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { MeView, RoundView } from '@suivi/contracts';
import { apiError, buttonNamed, loginResponse, problem, secretariatMe, settle, textOf, type } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { type FakeSocket, fakeSockets } from '../../testing/realtime';
import { roundSummary, roundView, stateCounts } from '../../testing/rounds';
import { authInterceptor } from '../core/auth/auth.interceptor';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { REQUESTS_REFRESH_MS, RoundPageComponent } from './round-page.component';

describe(RoundPageComponent.name, () => {
  let fixture: ComponentFixture<RoundPageComponent>;
  let http: HttpTestingController;
  let sockets: FakeSocket[];
  let el: HTMLElement;

  async function open(round: RoundView = roundView(), me: MeView | null = null): Promise<void> {
    localStorage.clear();
    const fake = fakeSockets();
    sockets = fake.sockets;
    TestBed.configureTestingModule({
      imports: [RoundPageComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), fake.provider],
    });
    await TestBed.inject(LanguageService).use('en');
    http = TestBed.inject(HttpTestingController);
    if (me) {
      TestBed.inject(AuthService).start(loginResponse(me));
    }
    fixture = TestBed.createComponent(RoundPageComponent);
    fixture.componentRef.setInput('id', 'r1');
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/rounds/r1').flush(round);
    await fixture.whenStable();
    await settle();
    sockets[0]?.accept();
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  function overall(): string {
    return textOf(el.querySelector('section[aria-labelledby="completion-title"] .completion-figure'));
  }

  it('shows the round: its state, its dates, its completion overall, by organisation and by group', async () => {
    await open();
    expect(textOf(el.querySelector('h1'))).toBe('Follow-up round, winter 2026');
    expect(textOf(el.querySelector('.badges'))).toBe('Open');
    expect([...el.querySelectorAll('.meta dt')].map(textOf)).toEqual(['Opens on', 'Reports due on', 'Closes on', 'What it asks for']);
    expect([...el.querySelectorAll('.meta time')].map((t) => t.getAttribute('datetime'))).toEqual([
      '2026-12-01',
      '2026-12-15',
      '2026-12-29',
    ]);
    expect(overall()).toBe('50% answered: 2 of 4');
    expect(textOf(el.querySelector('[aria-labelledby="by-organization-title"] .round-share-name'))).toBe(
      'Ministry of Justice and Human Rights (MJDH)',
    );
    expect([...el.querySelectorAll('[aria-labelledby="by-group-title"] .round-share-name')].map(textOf)).toEqual([
      'Government — Self-report',
      'Civil society — Independent assessment',
    ]);
    expect(el.querySelector('[aria-labelledby="by-group-title"] [role="progressbar"]')?.getAttribute('aria-label')).toBe(
      'Government — Self-report',
    );
  });

  it('lists the requests by commitment: a link to it, each track’s state, and when the report that met it was filed', async () => {
    await open();
    const items = [...el.querySelectorAll('.round-requests > li')];
    expect(items.map((li) => li.querySelector('a')?.getAttribute('href'))).toEqual(['/commitments/c1', '/commitments/c2']);
    expect(textOf(items[0].querySelector('.brief-meta'))).toBe('MJDH');
    expect([...items[0].querySelectorAll('.round-tracks li')].map(textOf)).toEqual([
      'Self-report Submitted filed on Dec 5, 2026',
      'Independent assessment Late filed on Dec 20, 2026',
    ]);
    expect([...items[1].querySelectorAll('.round-tracks li')].map(textOf)).toEqual([
      'Self-report Requested',
      'Independent assessment Requested',
    ]);
  });

  it('says a round closed by itself on its closing day', async () => {
    await open(roundView({ state: 'closed', closedBy: 'system', closedAt: '2026-12-30T00:05:00Z' }));
    expect(textOf(el.querySelector('.badges'))).toBe('Closed');
    expect(el.textContent).toContain('Closed by itself on its closing day, Dec 29, 2026.');
  });

  it('follows the dialogue’s room: the figures move at once, are announced, and the requests are read again', async () => {
    await open();
    expect(sockets[0].subscriptions()).toEqual(['dialogue:d1']);
    sockets[0].push('round.updated', roundSummary({ id: 'other', completion: { ...roundSummary().completion, overall: stateCounts() } }));
    sockets[0].push(
      'round.updated',
      roundSummary({ completion: { ...roundSummary().completion, overall: stateCounts({ submitted: 3, late: 1 }) } }),
    );
    await fixture.whenStable();
    expect(overall()).toBe('100% answered: 4 of 4');
    expect(textOf(el.querySelector('.live-arrival'))).toBe("The round's figures have just changed.");
    await settle(REQUESTS_REFRESH_MS + 50);
    http.expectOne('/api/rounds/r1').flush(roundView({ requests: [] }));
    await fixture.whenStable();
    expect(textOf(el.querySelector('.round-requests'))).toBe('No requests in this round.');
  });

  it('offers the public neither edit nor close', async () => {
    await open();
    expect(el.querySelector('.curation-links')).toBeNull();
  });

  it('lets the secretariat close an open round once confirmed, and shows the round closed', async () => {
    await open(roundView(), secretariatMe());
    buttonNamed(el, 'Close the round').click();
    await fixture.whenStable();
    const dialog = el.querySelector('suivi-round-close-dialog dialog') as HTMLDialogElement;
    expect(textOf(dialog.querySelector('.dialog-body'))).toContain('The 2 request(s) still without a report become “missing”');
    buttonNamed(el, 'Close the round now').click();
    const close = http.expectOne('/api/rounds/r1/close');
    expect(close.request.method).toBe('POST');
    close.flush(roundView({ state: 'closed', closedBy: 'secretariat', closedAt: '2026-12-10T09:00:00Z', version: 2 }));
    await fixture.whenStable();
    expect(textOf(el.querySelector('.badges'))).toBe('Closed');
    expect(el.textContent).toContain('Closed by the secretariat on Dec 10, 2026.');
    expect(el.querySelector('.curation-links')).toBeNull();
  });

  it('says a refused closing by its code, and reads the round again', async () => {
    await open(roundView(), secretariatMe());
    buttonNamed(el, 'Close the round').click();
    await fixture.whenStable();
    buttonNamed(el, 'Close the round now').click();
    http
      .expectOne('/api/rounds/r1/close')
      .flush(apiError(409, 'already_done', { state: 'closed' }), { status: 409, statusText: 'Conflict' });
    await settle();
    fixture.detectChanges();
    expect(textOf(el.querySelector('suivi-round-close-dialog .form-failure'))).toBe('This round is already closed: the page now shows it.');
    http.expectOne('/api/rounds/r1').flush(roundView({ state: 'closed', closedBy: 'system' }));
    await fixture.whenStable();
    expect(textOf(el.querySelector('.badges'))).toBe('Closed');
  });

  it('edits an open round: only its title and its dates due and closing, sent with the version read', async () => {
    await open(roundView({ version: 3 }), secretariatMe());
    buttonNamed(el, 'Edit the round').click();
    await fixture.whenStable();
    const dialog = el.querySelector('suivi-round-edit-dialog') as HTMLElement;
    expect(dialog.querySelector('#round-edit-opens')).toBeNull();
    expect(dialog.querySelector('suivi-vocabulary-checks')).toBeNull();
    type(dialog, '#round-edit-due', '2026-12-18');
    buttonNamed(el, 'Save the round').click();
    const patch = http.expectOne('/api/rounds/r1');
    expect(patch.request.body).toEqual({
      title: { en: 'Follow-up round, winter 2026', fr: 'Cycle de suivi, hiver 2026' },
      dueOn: '2026-12-18',
      closesOn: '2026-12-29',
      version: 3,
    });
    patch.flush(roundView({ dueOn: '2026-12-18', version: 4 }));
    await fixture.whenStable();
    expect([...el.querySelectorAll('.meta time')].map((t) => t.getAttribute('datetime'))).toContain('2026-12-18');
  });

  it('puts a refusal about a field on the field, and after someone else’s save shows theirs and keeps the draft on their version', async () => {
    await open(roundView({ version: 3 }), secretariatMe());
    buttonNamed(el, 'Edit the round').click();
    await fixture.whenStable();
    const dialog = el.querySelector('suivi-round-edit-dialog') as HTMLElement;
    type(dialog, '#round-edit-closes', '2026-12-01');
    type(dialog, '#round-edit-due', '2026-12-01');
    buttonNamed(el, 'Save the round').click();
    http
      .expectOne('/api/rounds/r1')
      .flush(apiError(400, 'invalid_input', {}, [problem('closesOn', 'not_in_past')]), { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    expect(textOf(dialog.querySelector('#round-edit-closes-error'))).toBe('Error: This date cannot be in the past.');

    type(dialog, '#round-edit-closes', '2027-01-10');
    buttonNamed(el, 'Save the round').click();
    const theirs = roundView({ title: { en: 'Renamed by a colleague' }, version: 5 });
    http.expectOne('/api/rounds/r1').flush(apiError(409, 'stale_edit', {}, undefined, { current: theirs }), {
      status: 409,
      statusText: 'Conflict',
    });
    await fixture.whenStable();
    expect(textOf(dialog.querySelector('.form-failure'))).toContain('Someone else changed this round while you were editing');
    expect(textOf(el.querySelector('h1'))).toBe('Renamed by a colleague');
    buttonNamed(el, 'Save the round').click();
    const again = http.expectOne('/api/rounds/r1');
    expect([again.request.body.version, again.request.body.closesOn]).toEqual([5, '2027-01-10']);
    again.flush(roundView({ version: 6 }));
    await fixture.whenStable();
  });

  it('edits everything of a planned round, its scope included', async () => {
    await open(
      roundView({ state: 'planned', requests: [], completion: { ...roundSummary().completion, overall: stateCounts() } }),
      secretariatMe(),
    );
    expect(textOf(el.querySelector('.round-requests'))).toBe('The requests are made when the round opens.');
    expect([...el.querySelectorAll('.curation-links button')].map(textOf)).toEqual(['Edit the round']);
    buttonNamed(el, 'Edit the round').click();
    fixture.detectChanges();
    await settle();
    http.expectOne('/api/organizations').flush([]);
    await fixture.whenStable();
    const dialog = el.querySelector('suivi-round-edit-dialog') as HTMLElement;
    type(dialog, '#round-edit-opens', '2026-12-05');
    const theme = dialog.querySelector<HTMLInputElement>('input[name="round-edit-themes"]');
    theme?.click();
    buttonNamed(el, 'Save the round').click();
    const patch = http.expectOne('/api/rounds/r1');
    expect(patch.request.body).toEqual(
      expect.objectContaining({ opensOn: '2026-12-05', inviteAssessments: true, scope: { themes: ['governance_anticorruption'] } }),
    );
    patch.flush(roundView({ state: 'planned', version: 2 }));
    await fixture.whenStable();
  });
});
