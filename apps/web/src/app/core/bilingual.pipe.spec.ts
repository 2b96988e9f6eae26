import { TestBed } from '@angular/core/testing';
import { translocoTesting } from '../../testing/i18n-testing';
import { BilingualPipe } from './bilingual.pipe';
import { LanguageService } from './language.service';

describe(BilingualPipe.name, () => {
  let sut: BilingualPipe;
  let language: LanguageService;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({ imports: [translocoTesting()] });
    language = TestBed.inject(LanguageService);
    await language.use('en');
    sut = TestBed.runInInjectionContext(() => new BilingualPipe());
  });

  it('gives the reader’s language when it is there', () => {
    expect(sut.transform({ en: 'Justice', fr: 'La justice' })).toEqual({ text: 'Justice', lang: 'en', fallback: false });
  });

  it('falls back to the other language, and says so', () => {
    expect(sut.transform({ fr: 'Pôle judiciaire spécialisé' })).toEqual({
      text: 'Pôle judiciaire spécialisé',
      lang: 'fr',
      fallback: true,
    });
  });

  it('follows a language switch for the same value', async () => {
    const value = { en: 'Justice', fr: 'La justice' };
    expect(sut.transform(value).text).toBe('Justice');

    await language.use('fr');

    expect(sut.transform(value)).toEqual({ text: 'La justice', lang: 'fr', fallback: false });
  });

  it('gives empty text, not a fallback, when there is no text at all', () => {
    expect(sut.transform(null)).toEqual({ text: '', lang: 'fr', fallback: false });
  });
});
