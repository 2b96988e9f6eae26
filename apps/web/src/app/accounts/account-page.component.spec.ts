import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { MeView, NewcomerView } from '@suivi/contracts';
import { translocoTesting } from '../../testing/i18n-testing';
import { apiError, problem, civilOrg, loginResponse, meView, secretariatMe, settle, textOf, type } from '../../testing/accounts';
import { authInterceptor } from '../core/auth/auth.interceptor';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { AccountPageComponent } from './account-page.component';

describe(AccountPageComponent.name, () => {
  let fixture: ComponentFixture<AccountPageComponent>;
  let http: HttpTestingController;
  let auth: AuthService;
  let el: HTMLElement;

  /**
   * Opens the page for `me`; `fresh` is what GET /api/me answers (an approval may have come
   * meanwhile), `newcomers` what the newcomers list answers when the page asks for it.
   */
  async function open(me: MeView, fresh: MeView = me, newcomers?: NewcomerView[]): Promise<void> {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [AccountPageComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use('en');
    http = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
    auth.start(loginResponse(me));
    fixture = TestBed.createComponent(AccountPageComponent);
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/me').flush(fresh);
    if (newcomers) {
      http.expectOne('/api/me/organization/newcomers').flush(newcomers);
    }
    // An active member's organisation's focal points (none chosen), asked for once the account is
    // read: answered before waiting for the page, which waits for every request.
    for (let pass = 0; pass < 2; pass++) {
      fixture.detectChanges();
      await settle();
      for (const read of http.match((r) => r.url.endsWith('/focal-points'))) {
        read.flush({ organizationId: fresh.organization?.id, focalPoints: [], members: [{ id: fresh.id, name: fresh.displayName }] });
      }
      for (const read of http.match('/api/me/email-preferences')) {
        read.flush({
          preferences: { activity: 'daily', asks: 'immediate', reminders: 'immediate', account: 'immediate' },
          chosen: [],
          email: fresh.email,
        });
      }
    }
    await fixture.whenStable();
  }

  async function answer(request: TestRequest, body: unknown, status = 200): Promise<void> {
    request.flush(body, { status, statusText: status < 300 ? 'OK' : 'Error' });
    await settle();
    await fixture.whenStable();
  }

  async function click(target: HTMLElement | null | undefined): Promise<void> {
    target?.click();
    await settle();
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  it('tells a pending account what it still waits for', async () => {
    await open(meView({ status: 'pending', awaiting: ['approval', 'confirmation'], organization: civilOrg }));

    expect(textOf(el.querySelector('.badge'))).toBe('Pending');
    expect([...el.querySelectorAll('.notice-waiting li')].map(textOf)).toEqual([
      'the approval of the secretariat',
      'the confirmation of a member of civil society who knows you',
    ]);
    http.expectNone('/api/me/organization/newcomers');
  });

  it('lets an active account choose its mail in a section that mails link to (#email)', async () => {
    await open(meView());

    const section = el.querySelector<HTMLElement>('section#email');
    expect(section?.getAttribute('tabindex')).toBe('-1');
    expect(textOf(section?.querySelector('h2'))).toBe('Email');
    expect(section?.getAttribute('aria-labelledby')).toBe(section?.querySelector('h2')?.id);
    expect(textOf(section?.querySelector('.email-address'))).toBe('Mails go to boubacar@example.org, in the language of your profile.');
    expect(section?.querySelectorAll('fieldset')).toHaveLength(4);
  });

  it('shows a suspended account its status and no form to change its account, as the API allows', async () => {
    await open(meView({ status: 'suspended' }));
    expect(el.querySelector('#email')).toBeNull();

    expect(textOf(el.querySelector('.badge'))).toBe('Suspended');
    expect(el.querySelector('#account-profile-title')).toBeNull();
    expect(el.querySelector('#account-password-title')).toBeNull();
  });

  it('lets a pending account fix its profile and password', async () => {
    await open(meView({ status: 'pending', awaiting: ['approval'] }));

    expect(el.querySelector('#account-profile-title')).not.toBeNull();
    expect(el.querySelector('#account-password-title')).not.toBeNull();
  });

  it('shows an approval that came since signing in', async () => {
    await open(meView({ status: 'pending', awaiting: ['approval'] }), meView({ status: 'active' }));

    expect(textOf(el.querySelector('.badge'))).toBe('Active');
    expect(auth.me()?.status).toBe('active');
    expect(el.querySelector('.notice-waiting')).toBeNull();
  });

  it('lists the restrictions on the account', async () => {
    await open(
      meView({
        restrictions: [
          { kind: 'mute', until: '2026-12-01T12:00:00Z', reason: 'Repeated personal attacks', at: '2026-11-20T09:00:00Z' },
          { kind: 'warning', until: null, reason: 'Off-topic posts', at: '2026-11-10T09:00:00Z' },
        ],
      }),
    );

    const items = [...el.querySelectorAll('.restriction-list li')].map(textOf);
    expect(items[0]).toContain('You may not post until Dec 1, 2026');
    expect(items[0]).toContain('Reason: Repeated personal attacks');
    expect(items[1]).toContain('Warning from the moderators');
  });

  it('saves the profile and switches the interface to the language chosen', async () => {
    await open(meView());
    type(el, '#profile-name', 'B. Diarra');
    const french = [...el.querySelectorAll<HTMLInputElement>('input[name="locale"]')].find((r) => r.value === 'fr');
    french?.click();
    await fixture.whenStable();

    await click(el.querySelector<HTMLInputElement>('#profile-name')?.form?.querySelector<HTMLButtonElement>('button[type="submit"]'));
    const request = http.expectOne('/api/me');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ displayName: 'B. Diarra', locale: 'fr' });
    await answer(request, meView({ displayName: 'B. Diarra', locale: 'fr' }));
    await settle();
    await fixture.whenStable();

    expect(TestBed.inject(LanguageService).lang()).toBe('fr');
    expect(auth.me()?.displayName).toBe('B. Diarra');
    expect(textOf(el.querySelector('h1'))).toBe('Votre compte');
    expect(textOf(el.querySelector('#profile-name')?.closest('form')?.querySelector('.form-status'))).toBe('Votre profil est enregistré.');
  });

  it('changes the password and carries on with the new session', async () => {
    await open(meView());
    type(el, '#password-current', 'ancienne phrase de passe');
    type(el, '#password-new', 'nouvelle phrase de passe');
    type(el, '#password-confirm', 'nouvelle phrase de passe');

    await click(el.querySelector<HTMLFormElement>('#password-new')?.form?.querySelector('button[type="submit"]'));
    const request = http.expectOne('/api/me/password');
    expect(request.request.body).toEqual({ currentPassword: 'ancienne phrase de passe', newPassword: 'nouvelle phrase de passe' });
    await answer(request, loginResponse(meView(), 'after-change'));

    expect(auth.token()).toBe('after-change');
    expect(el.querySelector<HTMLInputElement>('#password-current')?.value).toBe('');
    expect(textOf(el.querySelector('#password-new')?.closest('form')?.querySelector('.form-status'))).toBe(
      'Your password is changed. Your other sessions have been signed out.',
    );
  });

  it('checks that the new password was typed the same twice', async () => {
    await open(meView());
    type(el, '#password-current', 'ancienne phrase de passe');
    type(el, '#password-new', 'nouvelle phrase de passe');
    type(el, '#password-confirm', 'nouvelle phrase de pase');

    await click(el.querySelector<HTMLFormElement>('#password-new')?.form?.querySelector('button[type="submit"]'));

    http.expectNone('/api/me/password');
    expect(textOf(el.querySelector('#password-confirm-error'))).toBe('Error: The two passwords are not the same.');
    expect(document.activeElement?.id).toBe('password-confirm');
  });

  it('marks a wrong current password', async () => {
    await open(meView());
    type(el, '#password-current', 'pas le bon');
    type(el, '#password-new', 'nouvelle phrase de passe');
    type(el, '#password-confirm', 'nouvelle phrase de passe');
    await click(el.querySelector<HTMLFormElement>('#password-new')?.form?.querySelector('button[type="submit"]'));

    await answer(
      http.expectOne('/api/me/password'),
      apiError(400, 'invalid_input', {}, [problem('currentPassword', 'wrong_password')]),
      400,
    );

    expect(textOf(el.querySelector('#password-current-error'))).toBe('Error: This is not your current password.');
    expect(document.activeElement?.id).toBe('password-current');
    expect(el.querySelector<HTMLInputElement>('#password-new')?.value).toBe('nouvelle phrase de passe');
  });

  it('lets an active civil-society member confirm the newcomers of their organisation', async () => {
    const member = meView({ organization: civilOrg });
    await open(member, member, [
      { kind: 'member', id: 'n1', email: 'awa@example.org', displayName: 'Awa Maïga', createdAt: '2026-11-20T09:00:00Z' },
      { kind: 'member', id: 'n2', email: 'moussa@example.org', displayName: 'Moussa Touré', createdAt: '2026-11-21T09:00:00Z' },
    ]);
    expect(textOf(el.querySelector('#account-newcomers-title'))).toBe('Newcomers of your organisation');

    await click(el.querySelector<HTMLButtonElement>('.newcomer button'));
    const dialog = el.querySelector('dialog');
    expect(dialog?.open).toBe(true);
    expect(textOf(dialog)).toContain('Do you know Awa Maïga (awa@example.org) as a member of your organisation?');

    await click(dialog?.querySelector<HTMLButtonElement>('.dialog-body .button'));
    const request = http.expectOne('/api/users/n1/confirm');
    expect(request.request.method).toBe('POST');
    await answer(request, null, 204);

    expect(dialog?.open).toBe(false);
    expect([...el.querySelectorAll('.newcomer .card-title')].map(textOf)).toEqual(['Moussa Touré']);
    expect(textOf(el.querySelector('#account-newcomers-title')?.parentElement?.querySelector('[role="status"]'))).toBe(
      'Awa Maïga is confirmed.',
    );
  });

  it('lets a civil-society member vouch for the first member of another organisation, known by name and organisation only', async () => {
    const member = meView({ organization: civilOrg });
    const collectif = {
      id: 'org-collectif',
      name: { fr: 'Collectif des veilleurs de Gao' },
      acronym: 'CVG',
      group: 'civil_society' as const,
    };
    await open(member, member, [
      { kind: 'member', id: 'n1', email: 'awa@example.org', displayName: 'Awa Maïga', createdAt: '2026-11-20T09:00:00Z' },
      { kind: 'vouch', id: 'n3', displayName: 'Hawa Cissé', organization: collectif, createdAt: '2026-11-22T09:00:00Z' },
    ]);

    expect([...el.querySelectorAll('.newcomer:not(.newcomer-vouch) .card-title')].map(textOf)).toEqual(['Awa Maïga']);
    expect(textOf(el.querySelector('#account-vouch-title'))).toBe('First members of other organisations');
    const vouch = el.querySelector<HTMLElement>('.newcomer-vouch');
    expect(textOf(vouch)).toContain('Hawa Cissé');
    expect(textOf(vouch)).toContain('Collectif des veilleurs de Gao');
    expect(textOf(vouch)).not.toContain('@');

    await click(vouch?.querySelector<HTMLButtonElement>('button'));
    const dialog = el.querySelector('dialog');
    expect(textOf(dialog?.querySelector('h2, h1, .dialog-title'))).toContain('Vouch for Hawa Cissé');
    expect(textOf(dialog)).toContain('Do you know Hawa Cissé as a member of Collectif des veilleurs de Gao (CVG)?');
    expect(textOf(dialog)).toContain('Your vouching is recorded in the audit log.');

    await click(dialog?.querySelector<HTMLButtonElement>('.dialog-body .button'));
    await answer(http.expectOne('/api/users/n3/confirm'), null, 204);

    expect(el.querySelector('.newcomer-vouch')).toBeNull();
    expect(el.querySelector('#account-vouch-title')).toBeNull();
    expect(textOf(el.querySelector('#account-newcomers-title')?.parentElement?.querySelector('[role="status"]'))).toBe(
      'You vouched for Hawa Cissé.',
    );
  });

  it('shows an active member their organisation’s focal points, and none to the secretariat or a pending account', async () => {
    await open(meView());

    const section = el.querySelector('section[aria-labelledby="account-focal-title"]');
    expect(textOf(section?.querySelector('h2'))).toBe('Focal points of your organisation');
    expect(textOf(section?.querySelector('.focal-points-none'))).toBe(
      'No focal point is chosen: every active member receives the organisation’s requests.',
    );
    expect(section?.querySelector('button')?.textContent?.trim()).toBe('Choose the focal points');
    TestBed.resetTestingModule();

    await open(secretariatMe());
    expect(el.querySelector('#account-focal-title')).toBeNull();
    http.expectNone((r) => r.url.endsWith('/focal-points'));
    TestBed.resetTestingModule();

    await open(meView({ status: 'pending', awaiting: ['approval'] }));
    expect(el.querySelector('#account-focal-title')).toBeNull();
  });

  it('offers no newcomers section outside civil society', async () => {
    await open(meView());

    http.expectNone('/api/me/organization/newcomers');
    expect(el.querySelector('#account-newcomers-title')).toBeNull();
  });
});
