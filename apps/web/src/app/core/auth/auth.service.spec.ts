import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { apiError, civilOrg, loginResponse, meView } from '../../../testing/accounts';
import { authInterceptor } from './auth.interceptor';
import { AuthService, REFRESH_RETRY_MS, SESSION_HINT_KEY, renewalDelay } from './auth.service';

describe(AuthService.name, () => {
  let http: HttpTestingController;

  function setUp(): AuthService {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    return TestBed.inject(AuthService);
  }

  beforeEach(() => localStorage.clear());

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
    localStorage.clear();
  });

  describe('on start-up', () => {
    it('restores a session with one quiet refresh when this browser had one', async () => {
      localStorage.setItem(SESSION_HINT_KEY, '1');
      const sut = setUp();

      const ready = sut.restore();
      void sut.restore();
      void sut.whenReady();
      const refresh = http.expectOne('/api/auth/refresh');
      expect(refresh.request.method).toBe('POST');
      expect(sut.ready()).toBe(false);
      refresh.flush(loginResponse(meView({ organization: civilOrg })));
      await ready;

      expect(sut.ready()).toBe(true);
      expect(sut.signedIn()).toBe(true);
      expect(sut.me()?.displayName).toBe('Boubacar Diarra');
      expect(sut.viewer()).toEqual({
        id: 'user-1',
        role: 'member',
        status: 'active',
        organizationId: 'org-civil',
        group: 'civil_society',
      });
      expect(sut.token()).toBe('token-1');
    });

    it('sends nothing for a visitor who never signed in here, and is ready at once', async () => {
      const sut = setUp();

      await sut.restore();

      http.expectNone('/api/auth/refresh');
      expect(sut.ready()).toBe(true);
      expect(sut.signedIn()).toBe(false);
      expect(sut.viewer()).toBeNull();
    });

    it('stays signed out, and forgets the hint, when the cookie is refused', async () => {
      localStorage.setItem(SESSION_HINT_KEY, '1');
      const sut = setUp();

      const ready = sut.restore();
      http.expectOne('/api/auth/refresh').flush(apiError(401, 'session_ended'), { status: 401, statusText: 'Unauthorized' });
      await ready;

      expect(sut.ready()).toBe(true);
      expect(sut.signedIn()).toBe(false);
      expect(localStorage.getItem(SESSION_HINT_KEY)).toBeNull();
    });

    it('keeps the hint when the server did not answer, so the next visit tries again', async () => {
      localStorage.setItem(SESSION_HINT_KEY, '1');
      const sut = setUp();

      const ready = sut.restore();
      http.expectOne('/api/auth/refresh').error(new ProgressEvent('error'));
      await ready;

      expect(sut.ready()).toBe(true);
      expect(sut.signedIn()).toBe(false);
      expect(localStorage.getItem(SESSION_HINT_KEY)).toBe('1');
    });
  });

  it('keeps the access token in memory only', async () => {
    const sut = setUp();
    const signingIn = firstValueFrom(sut.login({ email: 'boubacar@example.org', password: 'une phrase de passe' }));
    const login = http.expectOne('/api/auth/login');
    expect(login.request.body).toEqual({ email: 'boubacar@example.org', password: 'une phrase de passe' });
    login.flush(loginResponse(meView(), 'secret-token'));
    await signingIn;

    const stored = [localStorage, sessionStorage].flatMap((s) => Object.keys(s).map((k) => s.getItem(k)));
    expect(stored.join(' ')).not.toContain('secret-token');
    expect(sut.token()).toBe('secret-token');
    expect(document.cookie).not.toContain('secret-token');
  });

  it('renews the token a minute before it expires, and takes the new one', () => {
    jest.useFakeTimers();
    const sut = setUp();
    sut.start(loginResponse(meView(), 'first', 900));

    jest.advanceTimersByTime(839_000);
    http.expectNone('/api/auth/refresh');
    jest.advanceTimersByTime(1_000);
    http.expectOne('/api/auth/refresh').flush(loginResponse(meView({ displayName: 'B. Diarra' }), 'second', 900));

    expect(sut.token()).toBe('second');
    expect(sut.me()?.displayName).toBe('B. Diarra');
    jest.advanceTimersByTime(840_000);
    http.expectOne('/api/auth/refresh').flush(loginResponse(meView(), 'third', 900));
    expect(sut.token()).toBe('third');
  });

  it('tries the renewal again later when it got no answer, keeping the session meanwhile', () => {
    jest.useFakeTimers();
    const sut = setUp();
    sut.start(loginResponse(meView(), 'first', 900));

    jest.advanceTimersByTime(840_000);
    http.expectOne('/api/auth/refresh').error(new ProgressEvent('error'));
    expect(sut.signedIn()).toBe(true);

    jest.advanceTimersByTime(REFRESH_RETRY_MS);
    http.expectOne('/api/auth/refresh').flush(loginResponse(meView(), 'second', 900));
    expect(sut.token()).toBe('second');
  });

  it('renews short-lived tokens before they expire too', () => {
    expect(renewalDelay(900)).toBe(840_000);
    expect(renewalDelay(60)).toBe(45_000);
    expect(renewalDelay(0)).toBe(0);
  });

  it('signs out on the server and here, forgetting the drafts kept on the device', async () => {
    const sut = setUp();
    sut.start(loginResponse());
    localStorage.setItem('suivi.draft.user-1.thread-1', '{"body":"under a pseudonym"}');
    localStorage.setItem('suivi.language', 'fr');

    const signingOut = firstValueFrom(sut.signOut(), { defaultValue: undefined });
    const logout = http.expectOne('/api/auth/logout');
    expect(logout.request.headers.get('Authorization')).toBe('Bearer token-1');
    logout.flush(null, { status: 204, statusText: 'No Content' });
    await signingOut;

    expect(sut.signedIn()).toBe(false);
    expect(sut.token()).toBeNull();
    expect(localStorage.getItem(SESSION_HINT_KEY)).toBeNull();
    expect(localStorage.getItem('suivi.draft.user-1.thread-1')).toBeNull();
    expect(localStorage.getItem('suivi.language')).toBe('fr');
  });

  it('signs out here even when the server does not answer', async () => {
    const sut = setUp();
    sut.start(loginResponse());

    const signingOut = firstValueFrom(sut.signOut(), { defaultValue: undefined });
    http.expectOne('/api/auth/logout').error(new ProgressEvent('error'));
    await signingOut;

    expect(sut.signedIn()).toBe(false);
  });
});
