import { HttpClient, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { MeView } from '@suivi/contracts';
import { apiError, loginResponse, meView } from '../../../testing/accounts';
import { authInterceptor } from './auth.interceptor';
import { AuthService } from './auth.service';

describe('authInterceptor', () => {
  let http: HttpTestingController;
  let client: HttpClient;
  let auth: AuthService;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
    auth = TestBed.inject(AuthService);
  });

  afterEach(() => http.verify());

  function signIn(token = 'old'): void {
    auth.start(loginResponse(meView(), token));
  }

  function unauthorized(request: TestRequest): void {
    request.flush(apiError(401, 'not_signed_in'), { status: 401, statusText: 'Unauthorized' });
  }

  function bearer(request: TestRequest): string | null {
    return request.request.headers.get('Authorization');
  }

  /** Subscribes and records what the caller receives. */
  function call<T>(url: string): { value?: T; error?: HttpErrorResponse } {
    const outcome: { value?: T; error?: HttpErrorResponse } = {};
    client.get<T>(url).subscribe({ next: (v) => (outcome.value = v), error: (e: HttpErrorResponse) => (outcome.error = e) });
    return outcome;
  }

  it('adds the bearer token to API calls, and to nothing else', () => {
    signIn('abc');
    call('/api/me');
    call('i18n/fr.json');
    call('https://tiles.example.org/api/x');

    expect(bearer(http.expectOne('/api/me'))).toBe('Bearer abc');
    expect(bearer(http.expectOne('i18n/fr.json'))).toBeNull();
    expect(bearer(http.expectOne('https://tiles.example.org/api/x'))).toBeNull();
  });

  it('sends no Authorization header when signed out, and leaves a 401 alone', () => {
    const outcome = call('/api/me');
    const request = http.expectOne('/api/me');
    expect(bearer(request)).toBeNull();
    unauthorized(request);

    http.expectNone('/api/auth/refresh');
    expect(outcome.error?.status).toBe(401);
  });

  it('renews the token once and sends the call again when it answers 401', () => {
    signIn('old');
    const outcome = call<MeView>('/api/me');

    unauthorized(http.expectOne('/api/me'));
    http.expectOne('/api/auth/refresh').flush(loginResponse(meView(), 'new'));
    const retry = http.expectOne('/api/me');
    expect(bearer(retry)).toBe('Bearer new');
    retry.flush(meView({ displayName: 'Boubacar' }));

    expect(outcome.value?.displayName).toBe('Boubacar');
    expect(outcome.error).toBeUndefined();
    expect(auth.token()).toBe('new');
  });

  it('shares one renewal between calls that answer 401 at the same time', () => {
    signIn('old');
    const outcomes = ['/api/me', '/api/me/organization/newcomers', '/api/users'].map((url) => call(url));

    for (const request of http.match((r) => r.url.startsWith('/api/'))) {
      unauthorized(request);
    }
    const refreshes = http.match('/api/auth/refresh');
    expect(refreshes).toHaveLength(1);
    refreshes[0].flush(loginResponse(meView(), 'new'));

    const retries = http.match((r) => r.url.startsWith('/api/'));
    expect(retries.map((r) => [r.request.url, bearer(r)])).toEqual([
      ['/api/me', 'Bearer new'],
      ['/api/me/organization/newcomers', 'Bearer new'],
      ['/api/users', 'Bearer new'],
    ]);
    retries.forEach((r) => r.flush({}));
    expect(outcomes.every((o) => o.value !== undefined)).toBe(true);
  });

  it('sends a late 401 again with a token renewed meanwhile, without renewing twice', () => {
    signIn('old');
    call('/api/me');
    const late = call('/api/users');
    const [first, second] = [http.expectOne('/api/me'), http.expectOne('/api/users')];

    unauthorized(first);
    http.expectOne('/api/auth/refresh').flush(loginResponse(meView(), 'new'));
    http.expectOne('/api/me').flush({});
    unauthorized(second);

    http.expectNone('/api/auth/refresh');
    const retry = http.expectOne('/api/users');
    expect(bearer(retry)).toBe('Bearer new');
    retry.flush({ items: [] });
    expect(late.value).toEqual({ items: [] });
  });

  it('signs out locally and hands the 401 to the caller when the renewal is refused', () => {
    signIn('old');
    const lost = jest.fn();
    auth.sessionLost.subscribe(lost);
    const outcome = call('/api/me');

    unauthorized(http.expectOne('/api/me'));
    unauthorized(http.expectOne('/api/auth/refresh'));

    http.expectNone('/api/me');
    expect(outcome.error?.status).toBe(401);
    expect(auth.signedIn()).toBe(false);
    expect(auth.token()).toBeNull();
    expect(lost).toHaveBeenCalledTimes(1);
  });

  it('gives up after one retry: a second 401 goes to the caller', () => {
    signIn('old');
    const outcome = call('/api/me');

    unauthorized(http.expectOne('/api/me'));
    http.expectOne('/api/auth/refresh').flush(loginResponse(meView(), 'new'));
    unauthorized(http.expectOne('/api/me'));

    http.expectNone('/api/auth/refresh');
    expect(outcome.error?.status).toBe(401);
  });

  it('does not renew for a 401 from the sign-in routes themselves', () => {
    signIn('old');
    const outcome: { error?: HttpErrorResponse } = {};
    client.post('/api/auth/login', {}).subscribe({ error: (e: HttpErrorResponse) => (outcome.error = e) });

    unauthorized(http.expectOne('/api/auth/login'));

    http.expectNone('/api/auth/refresh');
    expect(outcome.error?.status).toBe(401);
    expect(auth.signedIn()).toBe(true);
  });

  it('keeps the session when the renewal got no answer, and tells the caller', () => {
    signIn('old');
    const outcome = call('/api/me');

    unauthorized(http.expectOne('/api/me'));
    http.expectOne('/api/auth/refresh').error(new ProgressEvent('error'));

    expect(outcome.error?.status).toBe(0);
    expect(auth.signedIn()).toBe(true);
  });
});
