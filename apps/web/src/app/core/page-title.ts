import { Injectable, computed, effect, inject, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { type RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { TranslocoService } from '@jsverse/transloco';
import { LanguageService } from './language.service';

/** The document title: a route's `title` is a translation key; a detail page may set its own text. */
@Injectable({ providedIn: 'root' })
export class PageTitle {
  private readonly routeKey = signal<string | null>(null);
  private readonly own = signal<string | null>(null);

  constructor() {
    const title = inject(Title);
    const transloco = inject(TranslocoService);
    const lang = inject(LanguageService).lang;
    const text = computed(() => {
      lang();
      const key = this.routeKey();
      return this.own() ?? (key ? transloco.translate(key) : null);
    });
    effect(() => {
      lang();
      const appName = transloco.translate('app.name');
      const page = text();
      title.setTitle(page ? `${page} · ${appName}` : appName);
    });
  }

  /** Called on each navigation, which also forgets the previous page's own title. */
  setRouteKey(key: string | null): void {
    this.routeKey.set(key);
    this.own.set(null);
  }

  set(text: string | null): void {
    this.own.set(text);
  }
}

@Injectable({ providedIn: 'root' })
export class TranslatedTitleStrategy extends TitleStrategy {
  private readonly pageTitle = inject(PageTitle);

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.pageTitle.setRouteKey(this.buildTitle(snapshot) ?? null);
  }
}
