import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output } from '@angular/core';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { AuthService } from '../core/auth/auth.service';
import { httpStatus, isNotFound } from '../core/http-error';
import { LanguageService } from '../core/language.service';
import { PageTitle } from '../core/page-title';
import { NotFoundPageComponent } from '../not-found/not-found-page.component';
import { RefusalComponent, refusalOf } from './refusal.component';

/**
 * What a page shows instead of its data: a placeholder of the data's height while loading (so
 * nothing jumps when it arrives), the not-found page for an unknown id, a refusal
 * that says what to do, or an error with retry.
 */
@Component({
  selector: 'suivi-load-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe, NotFoundPageComponent, RefusalComponent],
  template: `
    @if (error()) {
      @if (notFound()) {
        <suivi-not-found-page />
      } @else if (refusal(); as r) {
        <suivi-refusal [refusal]="r" />
      } @else {
        <div class="notice notice-error" role="alert">
          <p class="notice-title">{{ 'errors.title' | transloco }}</p>
          <p>{{ (offline() ? 'errors.network' : 'errors.server') | transloco }}</p>
          <button type="button" class="button" (click)="retry.emit()">{{ 'common.retry' | transloco }}</button>
        </div>
      }
    } @else {
      <div class="loading" role="status" [style.min-height]="minHeight()">
        <span class="loading-text">{{ 'common.loading' | transloco }}</span>
        <span class="skeleton" aria-hidden="true"></span>
        <span class="skeleton" aria-hidden="true"></span>
        <span class="skeleton skeleton-short" aria-hidden="true"></span>
      </div>
    }
  `,
})
export class LoadStateComponent {
  /** The resource's error, or undefined while it loads. */
  readonly error = input<unknown>(undefined);
  /** Roughly the height of the content being loaded. */
  readonly minHeight = input('12rem');
  readonly retry = output();

  protected readonly notFound = computed(() => isNotFound(this.error()));
  private readonly me = inject(AuthService).me;
  /** 401 and 403 say why and what to do: retrying would only be refused again. */
  protected readonly refusal = computed(() => refusalOf(this.error(), this.me()));

  constructor() {
    const pageTitle = inject(PageTitle);
    const transloco = inject(TranslocoService);
    const lang = inject(LanguageService).lang;
    effect(() => {
      lang();
      if (this.notFound()) {
        pageTitle.set(transloco.translate('notFound.title'));
      }
    });
  }
  /** Status 0: the request never got an answer (offline, server down). */
  protected readonly offline = computed(() => httpStatus(this.error()) === 0);
}
