import { formatDate, formatNumber } from '@angular/common';
import { Pipe, type PipeTransform, inject } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';
import { isOneOf } from '@suivi/contracts';
import { LanguageService } from './language.service';

// Impure so that a language switch re-formats; each pipe instance caches its last result, so
// a change detection pass without a change costs a string comparison.

@Pipe({ name: 'localDate', pure: false })
export class LocalDatePipe implements PipeTransform {
  private readonly lang = inject(LanguageService).lang;
  private key: string | null = null;
  private result: string | null = null;

  /** `format` is one of Angular's date formats, or 'dateTime': the medium date and the short time, no seconds. */
  transform(value: string | Date | null | undefined, format = 'mediumDate'): string | null {
    if (value === null || value === undefined || value === '') {
      return null;
    }
    const locale = this.lang();
    const key = `${value instanceof Date ? value.toISOString() : value}|${format}|${locale}`;
    if (key !== this.key) {
      this.key = key;
      this.result =
        format === 'dateTime'
          ? `${formatDate(value, 'mediumDate', locale)}, ${formatDate(value, 'shortTime', locale)}`
          : formatDate(value, format, locale);
    }
    return this.result;
  }
}

@Pipe({ name: 'localNumber', pure: false })
export class LocalNumberPipe implements PipeTransform {
  private readonly lang = inject(LanguageService).lang;
  private key: string | null = null;
  private result: string | null = null;

  transform(value: number | null | undefined, digitsInfo?: string): string | null {
    if (value === null || value === undefined || Number.isNaN(value)) {
      return null;
    }
    const locale = this.lang();
    const key = `${value}|${digitsInfo ?? ''}|${locale}`;
    if (key !== this.key) {
      this.key = key;
      this.result = formatNumber(value, locale, digitsInfo);
    }
    return this.result;
  }
}

/** Units stored as codes (the demo data and imports write "count"); any other unit is shown as written. */
export const UNIT_CODES = ['count'] as const;

@Pipe({ name: 'unit', pure: false })
export class UnitPipe implements PipeTransform {
  private readonly lang = inject(LanguageService).lang;
  private readonly transloco = inject(TranslocoService);
  private key: string | null = null;
  private result: string | null = null;

  transform(value: string | null | undefined): string | null {
    if (!value) {
      return null;
    }
    const key = `${value}|${this.lang()}`;
    if (key !== this.key) {
      this.key = key;
      this.result = isOneOf(UNIT_CODES, value) ? this.transloco.translate(`units.${value}`) : value;
    }
    return this.result;
  }
}
