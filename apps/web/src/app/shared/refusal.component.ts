import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import type { MeView, ThreadRefusal } from '@suivi/contracts';
import { httpStatus } from '../core/http-error';
import { LanguageService } from '../core/language.service';
import { PageTitle } from '../core/page-title';

export type RefusalAudience = ThreadRefusal['audience'];

/** What a refused reader is told: why, and the one thing they can do about it. */
export interface Refusal {
  kind: 'signIn' | 'pending' | 'audience' | 'other';
  /** Who may read it, when the API says (a thread's visibility, never its title). */
  audience: RefusalAudience | null;
}

/** A 401 or 403 as something to tell the reader; null for any other error. */
export function refusalOf(error: unknown, me: Pick<MeView, 'status'> | null): Refusal | null {
  const status = httpStatus(error);
  if (status !== 401 && status !== 403) {
    return null;
  }
  const audience = audienceOf(error);
  if (status === 401 || !me) {
    return { kind: 'signIn', audience };
  }
  if (me.status !== 'active') {
    return { kind: 'pending', audience };
  }
  return { kind: audience ? 'audience' : 'other', audience };
}

/** The error body's `audience`, wherever Angular wrapped the HttpErrorResponse. */
function audienceOf(error: unknown): RefusalAudience | null {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const body = (e as { error?: unknown }).error;
    const audience = body && typeof body === 'object' ? (body as { audience?: unknown }).audience : undefined;
    if (typeof audience === 'string' && (audience === 'participants' || audience === 'secretariat' || audience.startsWith('group:'))) {
      return audience as RefusalAudience;
    }
  }
  return null;
}

/** Translation keys use `group_civil_society` for `group:civil_society`. */
export function audienceKey(audience: RefusalAudience): string {
  return audience.replace(':', '_');
}

/** A page the reader may not read, instead of "the server answered with an error". */
@Component({
  selector: 'suivi-refusal',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, TranslocoPipe],
  template: `
    @let r = refusal();
    @let a = audience();
    <section class="notice refusal" aria-labelledby="refusal-title">
      <h1 id="refusal-title">{{ titleKey() | transloco }}</h1>
      @if (a) {
        <p>{{ 'refusal.audience.' + a + '.readers' | transloco }}</p>
      }
      @switch (r.kind) {
        @case ('signIn') {
          <p>{{ 'refusal.signIn.text' | transloco }}</p>
          <p class="actions">
            <a class="button button-primary" routerLink="/sign-in" [queryParams]="{ returnUrl: returnUrl() }">{{
              'accountMenu.signIn' | transloco
            }}</a>
            <a routerLink="/register">{{ 'refusal.signIn.register' | transloco }}</a>
          </p>
        }
        @case ('pending') {
          <p>{{ 'refusal.pending.text' | transloco }}</p>
          <p class="actions">
            <a class="button" routerLink="/account">{{ 'refusal.pending.action' | transloco }}</a>
          </p>
        }
        @case ('audience') {
          <!-- Only threads name an audience, and the thread page already links to all discussions. -->
          @if (r.audience !== 'secretariat' && r.audience !== 'group:secretariat') {
            <p>{{ (r.audience === 'participants' ? 'refusal.ask.participants' : 'refusal.ask.group') | transloco }}</p>
          }
        }
        @case ('other') {
          <p>{{ 'refusal.other.text' | transloco }}</p>
          <p class="actions">
            <a routerLink="/">{{ 'nav.dashboard' | transloco }}</a>
          </p>
        }
      }
    </section>
  `,
})
export class RefusalComponent {
  readonly refusal = input.required<Refusal>();

  private readonly router = inject(Router);
  protected readonly audience = computed(() => {
    const a = this.refusal().audience;
    return a ? audienceKey(a) : null;
  });
  protected readonly titleKey = computed(() => {
    const r = this.refusal();
    const a = this.audience();
    switch (r.kind) {
      case 'signIn':
        return 'refusal.signIn.title';
      case 'pending':
        return 'refusal.pending.title';
      case 'audience':
        return a ? `refusal.audience.${a}.title` : 'refusal.other.title';
      case 'other':
        return 'refusal.other.title';
    }
  });

  constructor() {
    const pageTitle = inject(PageTitle);
    const transloco = inject(TranslocoService);
    const lang = inject(LanguageService).lang;
    effect(() => {
      lang();
      pageTitle.set(transloco.translate(this.titleKey()));
    });
  }

  protected returnUrl(): string {
    return this.router.url;
  }
}
