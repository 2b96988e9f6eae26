import { registerLocaleData } from '@angular/common';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import localeFr from '@angular/common/locales/fr';
import {
  type ApplicationConfig,
  DOCUMENT,
  inject,
  isDevMode,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
} from '@angular/core';
import { TitleStrategy, provideRouter, withComponentInputBinding, withInMemoryScrolling } from '@angular/router';
import { provideTransloco } from '@jsverse/transloco';
import { LOCALES } from '@suivi/contracts';
import { appRoutes } from './app.routes';
import { AppInfoService } from './core/app-info.service';
import { authInterceptor } from './core/auth/auth.interceptor';
import { idempotencyInterceptor } from './core/idempotency.interceptor';
import { AuthService } from './core/auth/auth.service';
import { forgetEmptyDrafts } from './core/device-drafts';
import { LanguageService } from './core/language.service';
import { TranslatedTitleStrategy } from './core/page-title';
import { loadRouteCode } from './core/route-code';
import { TranslocoHttpLoader } from './core/transloco-http.loader';

// 'en' ships with Angular; French dates and numbers need their locale data.
registerLocaleData(localeFr, 'fr');

/** How long the first render waits for /api/info at most. */
const INFO_WAIT_MS = 1500;

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    // The XMLHttpRequest backend, not fetch: only it reports an upload's progress (evidence files).
    // Outermost first: a resend carries its key through the token renewal, and a question about
    // a key goes out with the token.
    provideHttpClient(withInterceptors([idempotencyInterceptor, authInterceptor])),
    provideRouter(
      appRoutes,
      withComponentInputBinding(),
      withInMemoryScrolling({ scrollPositionRestoration: 'enabled', anchorScrolling: 'enabled' }),
    ),
    { provide: TitleStrategy, useExisting: TranslatedTitleStrategy },
    provideTransloco({
      config: {
        availableLangs: [...LOCALES],
        defaultLang: 'en',
        reRenderOnLangChange: true,
        prodMode: !isDevMode(),
        missingHandler: { logMissingKey: isDevMode() },
      },
      loader: TranslocoHttpLoader,
    }),
    // Render once the reader's translations are here, rather than flash keys on a slow line.
    provideAppInitializer(() =>
      inject(LanguageService)
        .init()
        .catch((error: unknown) => console.error(error)),
    ),
    // Awaited with the translations (both are preloaded by index.html), so the demonstration
    // banner is in the first paint and pushes nothing down; past a short while, the app renders without.
    provideAppInitializer(() => Promise.race([inject(AppInfoService).load(), new Promise((resolve) => setTimeout(resolve, INFO_WAIT_MS))])),
    // Not awaited: the page's code downloads alongside the translations rather than after them.
    provideAppInitializer(() => void loadRouteCode(appRoutes, inject(DOCUMENT).location.pathname)),
    // Not awaited: the public pages need no session, and the header waits for `ready` instead.
    provideAppInitializer(() => void inject(AuthService).restore()),
    provideAppInitializer(() => forgetEmptyDrafts(inject(DOCUMENT).defaultView)),
  ],
};
