import { formatNumber } from '@angular/common';
import { Pipe, type PipeTransform, inject } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';
import type { Locale } from '@suivi/contracts';
import { LanguageService } from './language.service';

/** A text to show: its translation key and the values it interpolates. */
export interface Said {
  key: string;
  params: Readonly<Record<string, unknown>>;
}

/** "in 45 seconds", "dans 2 minutes": rounded up, so nobody is told to come back too early. */
export function waitText(seconds: number, lang: Locale): string {
  const format = new Intl.RelativeTimeFormat(lang, { numeric: 'always' });
  if (seconds < 60) {
    return format.format(Math.max(1, Math.ceil(seconds)), 'second');
  }
  if (seconds < 3600) {
    return format.format(Math.ceil(seconds / 60), 'minute');
  }
  return format.format(Math.ceil(seconds / 3600), 'hour');
}

/** Numbers that name one thing (an event, a line) rather than count: written as they are. */
const IDENTIFYING = new Set(['seq', 'firstBrokenSeq', 'firstNotWritten', 'line']);

/**
 * The params of an error's text as the reader's language writes them: a wait (`retryAfter`, in
 * seconds) as "in 2 minutes", a count or a limit as a local number ("5 000" in French).
 */
export function localParams(params: Readonly<Record<string, unknown>>, lang: Locale): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (name === 'retryAfter' && typeof value === 'number') {
      out[name] = waitText(value, lang);
    } else if (typeof value === 'number' && !IDENTIFYING.has(name)) {
      out[name] = formatNumber(value, lang);
    } else {
      out[name] = value;
    }
  }
  return out;
}

/**
 * A message from the error vocabulary, a field's problem or a request's failure, in the
 * reader's language with its params written locally. Impure so that a language switch says it
 * again; each instance caches its last answer.
 */
@Pipe({ name: 'say', pure: false })
export class SayPipe implements PipeTransform {
  private readonly lang = inject(LanguageService).lang;
  private readonly transloco = inject(TranslocoService);
  private cacheKey: string | null = null;
  private result = '';

  transform(said: Said | null | undefined): string {
    if (!said) {
      return '';
    }
    const lang = this.lang();
    const cacheKey = `${lang}|${said.key}|${JSON.stringify(said.params)}`;
    if (cacheKey !== this.cacheKey) {
      this.cacheKey = cacheKey;
      this.result = this.transloco.translate(said.key, localParams(said.params, lang), lang);
    }
    return this.result;
  }
}
