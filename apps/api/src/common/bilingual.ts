import type { Bilingual } from '@suivi/contracts';

/** Two nullable columns to the API's `{ en, fr }`, leaving out a missing language. */
export function bilingual(en: string | null | undefined, fr: string | null | undefined): Bilingual {
  const text: Bilingual = {};
  if (en) {
    text.en = en;
  }
  if (fr) {
    text.fr = fr;
  }
  return text;
}

/** `date` columns come back as 'YYYY-MM-DD' strings from pg; Date objects are normalised. */
export function isoDate(value: string | Date | null | undefined): string | null {
  if (!value) {
    return null;
  }
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}
