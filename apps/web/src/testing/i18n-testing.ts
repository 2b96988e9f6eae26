import { registerLocaleData } from '@angular/common';
import localeFr from '@angular/common/locales/fr';
import type { ModuleWithProviders } from '@angular/core';
import { TranslocoTestingModule } from '@jsverse/transloco';
import type { Locale } from '@suivi/contracts';
import en from '../../public/i18n/en.json';
import fr from '../../public/i18n/fr.json';

registerLocaleData(localeFr, 'fr');

export const translations = { en, fr };

/** Transloco with the real translation files, already loaded. */
export function translocoTesting(defaultLang: Locale = 'en'): ModuleWithProviders<TranslocoTestingModule> {
  return TranslocoTestingModule.forRoot({
    langs: translations,
    translocoConfig: { availableLangs: ['en', 'fr'], defaultLang, reRenderOnLangChange: true },
    preloadLangs: true,
  });
}
