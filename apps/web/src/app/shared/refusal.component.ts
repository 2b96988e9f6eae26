import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { type MeView, THREAD_VISIBILITIES, type ThreadRefusal, isOneOf } from '@suivi/contracts';
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

/**
 * A 401 or 403 as something to tell the reader; null for any other error. The body's `code`
 * (`not_signed_in`, `thread_audience`, `forbidden`…) says which refusal it is; an answer without
 * one (an older API) is read by its status.
 */
export function refusalOf(error: unknown, me: Pick<MeView, 'status'> | null): Refusal | null {
  const status = httpStatus(error);
  if (status !== 401 && status !== 403) {
    return null;
  }
  const body = bodyOf(error);
  const code = typeof body?.['code'] === 'string' ? body['code'] : null;
  const audience = audienceOf(body);
  if (code === 'not_signed_in' || status === 401 || !me) {
    return { kind: 'signIn', audience };
  }
  if (me.status !== 'active') {
    return { kind: 'pending', audience };
  }
  // A group's refusal names its audience; any other 403 (forbidden, suspended…) has none to name.
  return { kind: audience && (code === null || code === 'thread_audience') ? 'audience' : 'other', audience };
}

/** The error body, wherever Angular wrapped the HttpErrorResponse. */
function bodyOf(error: unknown): Record<string, unknown> | null {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const body = (e as { error?: unknown }).error;
    if (body && typeof body === 'object' && !(body instanceof Error)) {
      return body as Record<string, unknown>;
    }
  }
  return null;
}

/** Who may read it: `params.audience` in the error vocabulary, `audience` beside it before. */
function audienceOf(body: Record<string, unknown> | null): RefusalAudience | null {
  const params = body?.['params'];
  const candidates = [
    params && typeof params === 'object' ? (params as Record<string, unknown>)['audience'] : undefined,
    body?.['audience'],
  ];
  const audience = candidates.find((a): a is RefusalAudience => typeof a === 'string' && a !== 'public' && isOneOf(THREAD_VISIBILITIES, a));
  return audience ?? null;
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
