import { DOCUMENT } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TranslocoService } from '@jsverse/transloco';
import { LANGUAGE_COOKIE } from '@suivi/contracts';
import { translocoTesting } from '../../testing/i18n-testing';
import { LANGUAGE_STORAGE_KEY, LanguageService } from './language.service';
import { LocalDatePipe, LocalNumberPipe, UnitPipe } from './local-format.pipes';

describe(LanguageService.name, () => {
  let languages: jest.SpyInstance<readonly string[]>;

  function setUp(): LanguageService {
    TestBed.configureTestingModule({ imports: [translocoTesting()] });
    return TestBed.inject(LanguageService);
  }

  beforeEach(() => {
    localStorage.clear();
    languages = jest.spyOn(navigator, 'languages', 'get').mockReturnValue(['en-US', 'en']);
  });

  afterEach(() => {
    languages.mockRestore();
    localStorage.clear();
    document.cookie = `${LANGUAGE_COOKIE}=; path=/; max-age=0`;
  });

  it('defaults to French when the browser prefers French', async () => {
    languages.mockReturnValue(['fr-FR', 'fr', 'en']);
    const sut = setUp();
    await sut.init();

    expect(sut.lang()).toBe('fr');
    expect(TestBed.inject(TranslocoService).getActiveLang()).toBe('fr');
    expect(TestBed.inject(DOCUMENT).documentElement.lang).toBe('fr');
  });

  it('defaults to English otherwise', async () => {
    languages.mockReturnValue(['de-DE', 'es']);
    const sut = setUp();
    await sut.init();

    expect(sut.lang()).toBe('en');
    expect(TestBed.inject(DOCUMENT).documentElement.lang).toBe('en');
  });

  it('remembers the reader’s choice for the next visit', async () => {
    const sut = setUp();
    await sut.init();

    await sut.use('fr');

    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('fr');
    // The server reads it to preload the French translations with the next page.
    expect(document.cookie).toContain(`${LANGUAGE_COOKIE}=fr`);
    expect(sut.lang()).toBe('fr');
    expect(TestBed.inject(TranslocoService).getActiveLang()).toBe('fr');
    expect(TestBed.inject(DOCUMENT).documentElement.lang).toBe('fr');
  });

  it('prefers a remembered choice over the browser’s languages', async () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    languages.mockReturnValue(['fr-FR']);
    const sut = setUp();
    await sut.init();

    expect(sut.lang()).toBe('en');
    expect(document.cookie).toContain(`${LANGUAGE_COOKIE}=en`);
  });

  it('sets no language cookie while the reader has not chosen', async () => {
    await setUp().init();

    expect(document.cookie).not.toContain(LANGUAGE_COOKIE);
  });

  it('ignores a stored value that is not a supported language', () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'xx');
    languages.mockReturnValue(['fr-CA']);

    expect(setUp().lang()).toBe('fr');
  });

  it('still switches when storage is unavailable', async () => {
    const setItem = jest.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('QuotaExceededError');
    });
    const sut = setUp();

    await sut.use('fr');

    expect(sut.lang()).toBe('fr');
    setItem.mockRestore();
  });

  it('has dates and numbers follow the active language', async () => {
    const sut = setUp();
    await sut.init();
    const date = TestBed.runInInjectionContext(() => new LocalDatePipe());
    const number = TestBed.runInInjectionContext(() => new LocalNumberPipe());

    expect(date.transform('2014-10-14', 'longDate')).toBe('October 14, 2014');
    expect(number.transform(12345.5)).toBe('12,345.5');

    await sut.use('fr');

    expect(date.transform('2014-10-14', 'longDate')).toBe('14 octobre 2014');
    expect(number.transform(12345.5)).toBe('12\u202f345,5');
    expect(date.transform(null)).toBeNull();
  });

  it('says a unit code in the active language, and any other unit as written', async () => {
    const sut = setUp();
    await sut.init();
    const unit = TestBed.runInInjectionContext(() => new UnitPipe());

    expect(unit.transform('count')).toBe('number');
    await sut.use('fr');
    expect(unit.transform('count')).toBe('nombre');
    expect(unit.transform('%')).toBe('%');
    expect(unit.transform('juges')).toBe('juges');
    expect(unit.transform('')).toBeNull();
  });
});
