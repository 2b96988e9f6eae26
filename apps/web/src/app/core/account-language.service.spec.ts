import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { LANGUAGE_COOKIE } from '@suivi/contracts';
import { loginResponse, meView, settle } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { AccountLanguage } from './account-language.service';
import { AuthService } from './auth/auth.service';
import { LANGUAGE_STORAGE_KEY, LanguageService } from './language.service';

describe(AccountLanguage.name, () => {
  let sut: AccountLanguage;
  let auth: AuthService;
  let language: LanguageService;
  let http: HttpTestingController;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({ imports: [translocoTesting()], providers: [provideHttpClient(), provideHttpClientTesting()] });
    sut = TestBed.inject(AccountLanguage);
    auth = TestBed.inject(AuthService);
    language = TestBed.inject(LanguageService);
    http = TestBed.inject(HttpTestingController);
    await language.use('en');
  });

  afterEach(() => {
    http.verify();
    localStorage.clear();
    document.cookie = `${LANGUAGE_COOKIE}=; path=/; max-age=0`;
  });

  it('gives a French-speaking account French after sign-in on an English browser, and remembers it', async () => {
    auth.start(loginResponse(meView({ locale: 'fr' })));
    TestBed.tick();
    await settle();

    expect(language.lang()).toBe('fr');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('fr');
    expect(document.cookie).toContain(`${LANGUAGE_COOKIE}=fr`);
  });

  it('updates the account when the person switches language while signed in', async () => {
    auth.start(loginResponse(meView({ locale: 'en' })));
    TestBed.tick();

    const done = sut.choose('fr');
    await settle();
    const req = http.expectOne('/api/me');
    expect(req.request.method).toBe('PATCH');
    expect(req.request.body).toEqual({ locale: 'fr' });
    req.flush(meView({ locale: 'fr' }));
    await done;
    TestBed.tick();

    expect(auth.me()?.locale).toBe('fr');
    expect(language.lang()).toBe('fr');
  });

  it('asks nothing of the server when signed out, and keeps the choice when the server does not answer', async () => {
    await sut.choose('fr');
    expect(language.lang()).toBe('fr');

    auth.start(loginResponse(meView({ locale: 'fr' })));
    TestBed.tick();
    const done = sut.choose('en');
    await settle();
    http.expectOne('/api/me').flush(null, { status: 0, statusText: 'Unknown Error' });
    await done;

    expect(language.lang()).toBe('en');
  });
});
