import { hasSomeText, pickText } from './bilingual';

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
