import { DOCUMENT, Injectable, inject, signal } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';
import { LANGUAGE_COOKIE, LOCALES, type Locale, isOneOf, preferredLocale } from '@suivi/contracts';
import { firstValueFrom } from 'rxjs';

export const LANGUAGE_STORAGE_KEY = 'suivi.lang';

@Injectable({ providedIn: 'root' })
export class LanguageService {
  private readonly document = inject(DOCUMENT);
  private readonly transloco = inject(TranslocoService);
  private readonly current = signal<Locale>(this.initialLocale());

  /** The reader's language. It changes only once its translations are loaded, so nothing shows keys. */
  readonly lang = this.current.asReadonly();

  /** Loads the initial language's translations; the app initializer waits for it. */
  async init(): Promise<void> {
    const stored = this.read();
    if (isOneOf(LOCALES, stored)) {
      // Choices made before the cookie existed reach the server from the next visit on.
      this.writeCookie(stored);
    }
    await this.apply(this.current());
  }

  async use(lang: Locale): Promise<void> {
    this.store(lang);
    await this.apply(lang);
  }

  private async apply(lang: Locale): Promise<void> {
    await firstValueFrom(this.transloco.load(lang));
    this.transloco.setActiveLang(lang);
    this.document.documentElement.lang = lang;
    this.current.set(lang);
  }

  private initialLocale(): Locale {
    const stored = this.read();
    if (isOneOf(LOCALES, stored)) {
      return stored;
    }
    return preferredLocale(this.document.defaultView?.navigator.languages);
  }

  // Storage can be disabled or full (private browsing): the choice then lasts for this visit only.
  private read(): string | null {
    try {
      return this.document.defaultView?.localStorage.getItem(LANGUAGE_STORAGE_KEY) ?? null;
    } catch {
      return null;
    }
  }

  private store(lang: Locale): void {
    this.writeCookie(lang);
    try {
      this.document.defaultView?.localStorage.setItem(LANGUAGE_STORAGE_KEY, lang);
    } catch {
      // Ignored: see read().
    }
  }

  /** The server reads the choice to preload this language's translations with the page. */
  private writeCookie(lang: Locale): void {
    this.document.cookie = `${LANGUAGE_COOKIE}=${lang}; path=/; max-age=31536000; samesite=lax`;
  }
}
