import { hasSomeText, pickText, preferredLocale } from './bilingual';

describe('pickText', () => {
  it('shows the reader’s language when present', () => {
    expect(pickText({ en: 'Judicial hub', fr: 'Pôle judiciaire' }, 'fr')).toEqual({
      text: 'Pôle judiciaire',
      lang: 'fr',
      fallback: false,
    });
  });

  it('falls back to the other language and says so', () => {
    expect(pickText({ en: 'Judicial hub' }, 'fr')).toEqual({ text: 'Judicial hub', lang: 'en', fallback: true });
  });

  it('treats blank text as missing', () => {
    expect(pickText({ en: '  ', fr: 'Texte' }, 'en').fallback).toBe(true);
    expect(hasSomeText({ en: ' ', fr: '' })).toBe(false);
    expect(hasSomeText({ fr: 'x' })).toBe(true);
  });
});

describe('preferredLocale', () => {
  it.each([
    [['fr-FR', 'en-US'], 'fr'],
    [['fr'], 'fr'],
    [['en-GB', 'fr'], 'en'],
    [['bm-ML', 'fr-ML', 'en'], 'fr'],
    [['de-DE', 'EN-us'], 'en'],
    [['ar', 'bm'], 'en'],
    [['fr-CA;q=0.9', 'en;q=0.8'], 'fr'],
    [[' en-GB', 'fr;q=0.5'], 'en'],
    [[], 'en'],
    [undefined, 'en'],
  ] as const)('picks the first French or English tag of %j: %s', (languages, expected) => {
    expect(preferredLocale(languages)).toBe(expected);
  });
});
