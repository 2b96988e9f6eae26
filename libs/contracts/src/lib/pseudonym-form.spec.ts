import { perceivedName, posesAsPseudonym } from './pseudonym-form';

describe(posesAsPseudonym.name, () => {
  it.each([
    'Karité 7K3Q',
    'karite 7k3q',
    'KARITE 7K3Q',
    'Niger BJ5Q',
    'niger-bj5q',
    'NigerBJ5Q',
    'Dr Niger BJ5Q',
    'Niger BJ5Q (OCGS)',
    'Nіger BJ5Q', // Cyrillic і
    'Niger ВJ5Q', // Cyrillic В
    'Nige\u200Br BJ5Q', // zero-width space inside the word
    'Niger\u00A0BJ5Q', // no-break space
    'Ｎｉｇｅｒ ＢＪ５Ｑ', // fullwidth
    'Ni\u0301ger BJ5Q', // a combining accent
    'Ni\u034Fger BJ\uFE0F5Q', // a grapheme joiner and a variation selector
  ])('refuses %j', (name) => {
    expect(posesAsPseudonym(name)).toBe(true);
  });

  it.each(['Fatoumata Keïta', 'Moussa Traoré', 'Niger Delta Watch', 'Baobab', 'Niger BJ5', 'Nigeria BJ5Q', 'Niger BJ5Q7', 'Oryx 10IO'])(
    'accepts %j',
    (name) => {
      expect(posesAsPseudonym(name)).toBe(false);
    },
  );

  it('reads names as a reader perceives them', () => {
    expect(perceivedName('Ｆａｌéｍé\u200D')).toBe('faleme');
  });
});
