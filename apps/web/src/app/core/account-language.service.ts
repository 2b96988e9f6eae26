import { HttpClient } from '@angular/common/http';
import { Injectable, computed, effect, inject, untracked } from '@angular/core';
import type { Locale, MeView, UpdateMeRequest } from '@suivi/contracts';
import { firstValueFrom } from 'rxjs';
import { AuthService } from './auth/auth.service';
import { LanguageService } from './language.service';

/**
 * The account's language (DESIGN.md, Reach): a session that starts (sign-in, a restored session)
 * takes it; switching language while signed in changes it, as well as this browser's choice.
 */
@Injectable({ providedIn: 'root' })
export class AccountLanguage {
  private readonly auth = inject(AuthService);
  private readonly language = inject(LanguageService);
  private readonly http = inject(HttpClient);

  constructor() {
    // Keyed on the account, not its view: a later PATCH /api/me must not switch the page again.
    const account = computed(() => this.auth.me()?.id ?? null);
    effect(() => {
      if (account() === null) {
        return;
      }
      const locale = untracked(this.auth.me)?.locale;
      if (locale && locale !== untracked(this.language.lang)) {
        void this.language.use(locale);
      }
    });
  }

  /** The reader's own choice (the header's switch): the page at once, the account when signed in. */
  async choose(lang: Locale): Promise<void> {
    await this.language.use(lang);
    const me = this.auth.me();
    if (!me || me.locale === lang) {
      return;
    }
    try {
      const body: UpdateMeRequest = { locale: lang };
      this.auth.updateMe(await firstValueFrom(this.http.patch<MeView>('/api/me', body)));
    } catch {
      // Offline or refused: the page keeps the choice; the account is updated at the next switch.
    }
  }
}
