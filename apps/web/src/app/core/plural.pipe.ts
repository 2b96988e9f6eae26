import { Pipe, type PipeTransform, inject } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';
import { LanguageService } from './language.service';

/**
 * `'key' | plural: count` picks `key.one` or `key.other` by the reader's language rules: French
 * says "0 personne", "1 personne", English "0 people", "1 person". The other CLDR categories of
 * English and French (French "many", for millions) read well with `other`. `{{count}}` is the
 * number formatted for the language.
 */
@Pipe({ name: 'plural', pure: false })
export class PluralPipe implements PipeTransform {
  private readonly transloco = inject(TranslocoService);
  private readonly lang = inject(LanguageService).lang;

  transform(key: string, count: number, params: Record<string, unknown> = {}): string {
    return pluralText(this.transloco, this.lang(), key, count, params);
  }
}

export function pluralText(
  transloco: TranslocoService,
  lang: string,
  key: string,
  count: number,
  params: Record<string, unknown> = {},
): string {
  const category = new Intl.PluralRules(lang).select(count) === 'one' ? 'one' : 'other';
  return transloco.translate(`${key}.${category}`, { ...params, count: new Intl.NumberFormat(lang).format(count) });
}
