import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  DestroyRef,
  type ElementRef,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { LOCALES, type Locale, can } from '@suivi/contracts';
import { filter, firstValueFrom } from 'rxjs';
import { AccountLanguage } from './core/account-language.service';
import { AppInfoService } from './core/app-info.service';
import { AuthService } from './core/auth/auth.service';
import { LanguageService } from './core/language.service';
import { MyWorkLinkComponent } from './my-work/my-work-link.component';
import { NotificationBellComponent } from './notifications/notification-bell.component';
import { AccountMenuComponent } from './shared/account-menu.component';

export const DEMO_HIDDEN_KEY = 'suivi.demoBannerHidden';

// Storage can be disabled (private browsing): the notice then comes back on the next visit.
function readFlag(document: Document, key: string): boolean {
  try {
    return document.defaultView?.localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

function writeFlag(document: Document, key: string): void {
  try {
    document.defaultView?.localStorage.setItem(key, '1');
  } catch {
    // Ignored: see readFlag().
  }
}

/** Pages after which signing in should not come back to them. */
const NO_RETURN = ['/', '/sign-in', '/register', '/reset', '/email/unsubscribe', '/forbidden'];

@Component({
  selector: 'suivi-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    TranslocoPipe,
    AccountMenuComponent,
    MyWorkLinkComponent,
    NotificationBellComponent,
  ],
  templateUrl: './app.html',
})
export class App {
  protected readonly language = inject(LanguageService);
  private readonly accountLanguage = inject(AccountLanguage);
  protected readonly locales = LOCALES;
  private readonly info = inject(AppInfoService).info;
  protected readonly demo = computed(() => this.info()?.demo === true);
  /** Once read, the demonstration notice may be put away on this device: it costs a phone's first screen. */
  protected readonly demoHidden = signal(readFlag(inject(DOCUMENT), DEMO_HIDDEN_KEY));
  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');
  private readonly router = inject(Router);
  private readonly document = inject(DOCUMENT);
  protected readonly auth = inject(AuthService);
  /** The navigation shows what the viewer may do, by the same rules as the API. */
  protected readonly mayAdminister = computed(() => can.administer(this.auth.viewer()));
  protected readonly mayReadNotifications = computed(() => can.manageOwnAccount(this.auth.viewer()));
  protected readonly mayReadWork = computed(() => can.readMyWork(this.auth.viewer()));
  private readonly url = signal('/');
  /** The pages' links on a phone, folded until asked for; every navigation folds them again. */
  protected readonly menuOpen = signal(false);
  /** "Sign in" from the header brings the person back to the page they were reading. */
  protected readonly signInParams = computed(() => {
    const url = this.url();
    return NO_RETURN.includes(url.split(/[?#]/)[0]) ? {} : { returnUrl: url };
  });

  constructor() {
    // After moving to another page, put focus at the start of the new content, as a page load
    // would; filter changes on the same page (query params only) leave focus where it is, and
    // an in-page link (#fragment) moves focus to its target, not just the scroll position.
    const document = inject(DOCUMENT);
    let lastPath: string | null = null;
    const destroyRef = inject(DestroyRef);
    this.router.events
      .pipe(
        filter((e): e is NavigationEnd => e instanceof NavigationEnd),
        takeUntilDestroyed(destroyRef),
      )
      .subscribe((e) => {
        this.url.set(e.urlAfterRedirects);
        this.menuOpen.set(false);
        const [path] = e.urlAfterRedirects.split(/[?#]/);
        const fragment = e.urlAfterRedirects.split('#')[1];
        if (lastPath !== null && path !== lastPath) {
          this.focusMain();
        } else if (fragment) {
          document.getElementById(decodeURIComponent(fragment))?.focus({ preventScroll: true });
        }
        lastPath = path;
      });
    // The server ended the session (renewal refused): run the current page's guards again, so a
    // page that needs an account sends the person to sign in.
    this.auth.sessionLost
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe(() => void this.router.navigateByUrl(this.router.url, { onSameUrlNavigation: 'reload' }));
  }

  protected async signOut(): Promise<void> {
    await firstValueFrom(this.auth.signOut());
    await this.router.navigateByUrl('/');
    this.focusMain();
  }

  protected switchLanguage(lang: Locale): void {
    void this.accountLanguage.choose(lang);
  }

  protected hideDemo(): void {
    this.demoHidden.set(true);
    writeFlag(this.document, DEMO_HIDDEN_KEY);
    this.focusMain();
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
