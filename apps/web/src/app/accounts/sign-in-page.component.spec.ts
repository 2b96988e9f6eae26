import { HttpErrorResponse, HttpHeaders, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideLocationMocks } from '@angular/common/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { ErrorCode } from '@suivi/contracts';
import { translocoTesting } from '../../testing/i18n-testing';
import { apiError, problem, loginResponse, meView, settle, textOf, type } from '../../testing/accounts';
import { authInterceptor } from '../core/auth/auth.interceptor';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { retryAfterSeconds } from '../core/http-error';
import { waitText } from '../core/say.pipe';
import { requestFailure } from '../shared/forms/form-errors';
import { SIGN_IN_TEXTS, SignInPageComponent } from './sign-in-page.component';

@Component({ selector: 'suivi-test-page', changeDetection: ChangeDetectionStrategy.OnPush, template: '<p>elsewhere</p>' })
class ElsewhereStub {}

describe(SignInPageComponent.name, () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let router: Router;

  async function open(url = '/sign-in'): Promise<HTMLElement> {
    await harness.navigateByUrl(url, SignInPageComponent);
    return harness.routeNativeElement as HTMLElement;
  }

  function fill(el: HTMLElement, email = 'boubacar@example.org', password = 'une phrase de passe') {
    type(el, '#sign-in-email', email);
    type(el, '#sign-in-password', password);
  }

  async function submit(el: HTMLElement): Promise<void> {
    el.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await harness.fixture.whenStable();
  }

  async function answer(status: number, body: unknown, headers: Record<string, string> = {}): Promise<void> {
    http.expectOne('/api/auth/login').flush(body, { status, statusText: 'Error', headers });
    await settle();
    await harness.fixture.whenStable();
  }

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [translocoTesting()],
      providers: [
        provideRouter(
          [
            { path: 'sign-in', component: SignInPageComponent },
            { path: '**', component: ElsewhereStub },
          ],
          withComponentInputBinding(),
        ),
        provideLocationMocks(),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    await TestBed.inject(LanguageService).use('en');
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => http.verify());

  it('asks for both fields before sending, and puts focus on the first one missing', async () => {
    const el = await open();

    await submit(el);

    http.expectNone('/api/auth/login');
    const email = el.querySelector('#sign-in-email');
    expect(email?.getAttribute('aria-invalid')).toBe('true');
    expect(email?.getAttribute('aria-describedby')).toBe('sign-in-email-error');
    expect(textOf(el.querySelector('#sign-in-email-error'))).toBe('Error: This information is required.');
    expect(textOf(el.querySelector('#sign-in-password-error'))).toBe('Error: This information is required.');
    expect(document.activeElement).toBe(email);
  });

  it('says the email address or password is wrong on a 401, and keeps what was typed', async () => {
    const el = await open();
    fill(el);
    await submit(el);

    await answer(401, apiError(401, 'wrong_credentials'));

    const alert = el.querySelector('[role="alert"]');
    expect(textOf(alert)).toBe('The email address or the password is wrong.');
    expect(document.activeElement).toBe(alert);
    expect(el.querySelector<HTMLInputElement>('#sign-in-email')?.value).toBe('boubacar@example.org');
    expect(el.querySelector<HTMLInputElement>('#sign-in-password')?.value).toBe('une phrase de passe');
    http.expectNone('/api/auth/refresh');
  });

  it('says the account is suspended on a 403', async () => {
    const el = await open();
    fill(el);
    await submit(el);

    await answer(403, apiError(403, 'account_suspended'));

    expect(textOf(el.querySelector('[role="alert"]'))).toBe(
      'This account is suspended. Contact the secretariat if you think this is a mistake.',
    );
  });

  it('gives the wait of a 429 from Retry-After, in English and in French', async () => {
    const el = await open();
    fill(el);
    await submit(el);

    await answer(429, apiError(429, 'too_many_requests', { retryAfter: 90 }), { 'Retry-After': '90' });

    expect(textOf(el.querySelector('[role="alert"]'))).toBe('Too many attempts to sign in. You can try again in 2 minutes.');
    await TestBed.inject(LanguageService).use('fr');
    await harness.fixture.whenStable();
    expect(textOf(el.querySelector('[role="alert"]'))).toBe('Trop de tentatives de connexion. Vous pourrez réessayer dans 2 minutes.');
  });

  it('puts a 400 message on the field it names', async () => {
    const el = await open();
    fill(el, 'boubacar@example');
    await submit(el);

    await answer(400, apiError(400, 'invalid_input', {}, [problem('email', 'email')]));

    expect(el.querySelector('[role="alert"]')).toBeNull();
    expect(textOf(el.querySelector('#sign-in-email-error'))).toBe('Error: Enter an email address such as name@example.org.');
    expect(document.activeElement).toBe(el.querySelector('#sign-in-email'));
  });

  it('disables the button while the request is on its way', async () => {
    const el = await open();
    fill(el);
    await submit(el);
    const button = el.querySelector<HTMLButtonElement>('button[type="submit"]');

    expect(button?.disabled).toBe(true);
    expect(textOf(button)).toBe('Signing in…');
    await answer(401, apiError(401, 'wrong_credentials'));
    expect(button?.disabled).toBe(false);
  });

  it('says why a page sent the reader here, and whom it is for; nothing when the reader came on their own', async () => {
    let el = await open('/sign-in?returnUrl=%2Fadmin%2Faccounts&needs=secretariat');
    expect(el.querySelector('.sign-in-needed')?.textContent).toContain('The page you asked for is for the secretariat.');
    el = await open('/sign-in?returnUrl=%2Fnotifications&needs=account');
    expect(el.querySelector('.sign-in-needed')?.textContent).toContain('The page you asked for is not public.');
    // The header's "Sign in" carries a return address but no need; a made-up need says nothing.
    el = await open('/sign-in?returnUrl=%2Fcommitments');
    expect(el.querySelector('.sign-in-needed')).toBeNull();
    el = await open('/sign-in?returnUrl=%2Fadmin&needs=anything');
    expect(el.querySelector('.sign-in-needed')).toBeNull();
  });

  it('signs in and goes back to the page asked for', async () => {
    const el = await open('/sign-in?returnUrl=%2Fcommitments%3Fstatus%3Dstalled');
    fill(el, '  boubacar@example.org ');
    await submit(el);

    const request = http.expectOne('/api/auth/login');
    expect(request.request.body).toEqual({ email: 'boubacar@example.org', password: 'une phrase de passe' });
    request.flush(loginResponse());
    await settle();

    expect(router.url).toBe('/commitments?status=stalled');
    expect(TestBed.inject(AuthService).signedIn()).toBe(true);
  });

  it.each([
    ['without a return address', '/sign-in'],
    ['from the dashboard', '/sign-in?returnUrl=%2F'],
  ])('lands on My work %s', async (_, url) => {
    const el = await open(url);
    fill(el);
    await submit(el);

    http.expectOne('/api/auth/login').flush(loginResponse());
    await settle();

    expect(router.url).toBe('/my-work');
  });

  it('never follows a return URL to another site; a pending account goes to its account page', async () => {
    const el = await open('/sign-in?returnUrl=%2F%2Fevil.example.org');
    fill(el);
    await submit(el);

    http.expectOne('/api/auth/login').flush(loginResponse(meView({ status: 'pending', awaiting: ['approval'] })));
    await settle();

    expect(router.url).toBe('/account');
  });
});

describe('sign-in failures', () => {
  function failure(status: number, headers: Record<string, string> = {}) {
    return new HttpErrorResponse({ status, headers: new HttpHeaders(headers) });
  }

  it('reads Retry-After as seconds or as a date', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(retryAfterSeconds(failure(429, { 'Retry-After': '120' }), now)).toBe(120);
    expect(retryAfterSeconds(failure(429, { 'Retry-After': 'Sun, 22 Nov 2026 10:00:45 GMT' }), now)).toBe(45);
    expect(retryAfterSeconds(failure(429), now)).toBeNull();
  });

  it('says when to come back, rounded up, in both languages', () => {
    expect(waitText(45, 'en')).toBe('in 45 seconds');
    expect(waitText(61, 'en')).toBe('in 2 minutes');
    expect(waitText(7200, 'fr')).toMatch(/^dans 2\sheures$/);
  });

  it('has a message for each refusal, by its code', () => {
    const refusal = (status: number, code: ErrorCode, params = {}) =>
      new HttpErrorResponse({ status, error: apiError(status, code, params) });
    expect(requestFailure(refusal(401, 'wrong_credentials'), SIGN_IN_TEXTS).key).toBe('errors.wrong_credentials');
    expect(requestFailure(refusal(403, 'account_suspended'), SIGN_IN_TEXTS).key).toBe('errors.account_suspended');
    expect(requestFailure(refusal(429, 'too_many_requests', { retryAfter: 90 }), SIGN_IN_TEXTS)).toEqual({
      key: 'signIn.errors.tooMany',
      params: { retryAfter: 90 },
    });
    expect(requestFailure(failure(429), SIGN_IN_TEXTS)).toEqual({ key: 'forms.failure.tooMany', params: {} });
    expect(requestFailure(failure(0), SIGN_IN_TEXTS).key).toBe('forms.failure.network');
    expect(requestFailure(failure(503), SIGN_IN_TEXTS).key).toBe('errors.unavailable');
  });
});
