import { LOCALES, type Locale, isOneOf } from './vocabulary';

/**
 * The reader's explicit choice of language, kept by the web app beside its local copy so the
 * server knows it too (it preloads that language's translations with the page).
 */
export const LANGUAGE_COOKIE = 'suivi.lang';

/** The first French or English tag in a preference list (navigator.languages, Accept-Language) wins; English otherwise. */
export function preferredLocale(languages: readonly string[] | undefined): Locale {
  for (const tag of languages ?? []) {
    const primary = tag.trim().toLowerCase().split(/[-;]/)[0];
    if (isOneOf(LOCALES, primary)) {
      return primary;
    }
  }
  return 'en';
}

/** Text in English and French; at least one of the two is present. */
export interface Bilingual {
  en?: string;
  fr?: string;
}

export interface LocalisedText {
  text: string;
  /** The language the text is actually in. */
  lang: Locale;
  /** True when the reader's language was missing and the other one is shown instead. */
  fallback: boolean;
}

export function pickText(value: Bilingual | null | undefined, locale: Locale): LocalisedText {
  const other: Locale = locale === 'en' ? 'fr' : 'en';
  const own = value?.[locale]?.trim();
  if (own) {
    return { text: own, lang: locale, fallback: false };
  }
  const fallback = value?.[other]?.trim();
  return { text: fallback ?? '', lang: other, fallback: Boolean(fallback) };
}

export function hasSomeText(value: Bilingual | null | undefined): boolean {
  return Boolean(value?.en?.trim() || value?.fr?.trim());
}
