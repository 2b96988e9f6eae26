// What a pseudonym looks like, shared by the API (which makes them and refuses display names that
// pose as one) and the web app (which says so before the form is sent).

/** Words that read the same in French and English: trees, rivers and animals of the Sahel. */
export const PSEUDONYM_WORDS: readonly string[] = (
  'Acacia Addax Bani Baobab Balanzan Calao Doum Falémé Fennec Fromager Gazelle Guépard Héron Hibiscus Jujubier Kapokier ' +
  'Karité Lamantin Marabout Néré Niger Oryx Outarde Pélican Rônier Sankarani Tamarin Tisserin Touraco Varan Vautour Zébu'
).split(' ');

/** No 0/O or 1/I: a pseudonym is read aloud and copied by hand. */
export const PSEUDONYM_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const PSEUDONYM_CODE_LENGTH = 4;

// Letters of other scripts drawn like Latin ones (Unicode's confusables for the letters a
// pseudonym can contain). NFKC already folds fullwidth and mathematical forms.
const LOOK_ALIKES: Record<string, string> = {
  а: 'a',
  в: 'b',
  с: 'c',
  ԁ: 'd',
  е: 'e',
  ё: 'e',
  һ: 'h',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  ӏ: 'l',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  ԛ: 'q',
  г: 'r',
  ѕ: 's',
  т: 't',
  ц: 'u',
  ѵ: 'v',
  ԝ: 'w',
  х: 'x',
  у: 'y',
  з: '3',
  б: '6',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  μ: 'u',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
  ζ: 'z',
  ı: 'i',
  ɡ: 'g',
  ʜ: 'h',
  ɪ: 'i',
  ʟ: 'l',
  ɴ: 'n',
  ᴏ: 'o',
  ʀ: 'r',
  ꜱ: 's',
  ᴛ: 't',
  ᴜ: 'u',
  ᴠ: 'v',
  ᴡ: 'w',
  ʏ: 'y',
  ᴢ: 'z',
};

// Invisible characters that split a word without showing: zero-width space, joiners, word
// joiner, BOM, soft hyphen, bidi marks and controls, Hangul fillers. Invisible combining marks
// (the grapheme joiner, variation selectors) go with the accents below.
const INVISIBLE = /[\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF]/gu;

/** A name as a reader perceives it: no case, accents, invisible characters or look-alike letters. */
export function perceivedName(name: string): string {
  const folded = name
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
  return [...folded].map((ch) => LOOK_ALIKES[ch] ?? ch).join('');
}

const plain = (word: string) => perceivedName(word);
const CODE = `[${PSEUDONYM_CODE_ALPHABET.toLowerCase()}]{${PSEUDONYM_CODE_LENGTH}}`;
// A pseudonym's word and code anywhere in the name, with or without something between them
// ("Niger BJ5Q", "niger-bj5q", "Dr Niger BJ5Q"), but not inside longer words or codes.
const POSING = new RegExp(`(^|[^\\p{L}\\p{N}])(${PSEUDONYM_WORDS.map(plain).join('|')})[^\\p{L}\\p{N}]*${CODE}($|[^\\p{L}\\p{N}])`, 'u');

/** Whether a display name would read as a pseudonym ("Karité 7K3Q"): such names are refused. */
export function posesAsPseudonym(name: string): boolean {
  return POSING.test(perceivedName(name));
}
