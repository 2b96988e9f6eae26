import { Pipe, type PipeTransform, inject } from '@angular/core';
import { type Bilingual, type LocalisedText, pickText } from '@suivi/contracts';
import { LanguageService } from './language.service';

/**
 * `value | bilingual` gives the text in the reader's language, or the other one with
 * `fallback: true`. Use `<suivi-bi>` to display it: that marks the fallback.
 */
@Pipe({ name: 'bilingual', pure: false })
export class BilingualPipe implements PipeTransform {
  private readonly lang = inject(LanguageService).lang;
  private value: Bilingual | null | undefined;
  private locale: string | null = null;
  private result: LocalisedText | null = null;

  transform(value: Bilingual | null | undefined): LocalisedText {
    const locale = this.lang();
    if (this.result === null || value !== this.value || locale !== this.locale) {
      this.value = value;
      this.locale = locale;
      this.result = pickText(value, locale);
    }
    return this.result;
  }
}
