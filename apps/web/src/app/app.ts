import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  DestroyRef,
  type ElementRef,
  computed,
  inject,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { LOCALES, type Locale } from '@suivi/contracts';
import { filter } from 'rxjs';
import { AppInfoService } from './core/app-info.service';
import { LanguageService } from './core/language.service';

@Component({
  selector: 'suivi-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive, TranslocoPipe],
  templateUrl: './app.html',
})
export class App {
  protected readonly language = inject(LanguageService);
  protected readonly locales = LOCALES;
  private readonly info = inject(AppInfoService).info;
  protected readonly demo = computed(() => this.info()?.demo === true);
  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');

  constructor() {
    // After moving to another page, put focus at the start of the new content, as a page load
    // would; filter changes on the same page (query params only) leave focus where it is, and
    // an in-page link (#fragment) moves focus to its target, not just the scroll position.
    const document = inject(DOCUMENT);
    let lastPath: string | null = null;
    inject(Router)
      .events.pipe(
        filter((e): e is NavigationEnd => e instanceof NavigationEnd),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((e) => {
        const [path] = e.urlAfterRedirects.split(/[?#]/);
        const fragment = e.urlAfterRedirects.split('#')[1];
        if (lastPath !== null && path !== lastPath) {
          this.focusMain();
        } else if (fragment) {
          document.getElementById(decodeURIComponent(fragment))?.focus({ preventScroll: true });
        }
        lastPath = path;
      });
  }

  protected switchLanguage(lang: Locale): void {
    void this.language.use(lang);
  }

  /** The skip link's own handler: a bare "#main" would resolve against <base href> and leave the page. */
  protected skipToMain(event: Event): void {
    event.preventDefault();
    this.focusMain();
  }

  private focusMain(): void {
    this.main().nativeElement.focus();
  }
}
