import { ChangeDetectionStrategy, Component, inject, input, linkedSignal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { SubjectType, ThreadView } from '@suivi/contracts';
import { AuthService } from '../core/auth/auth.service';
import { LoadStateComponent } from '../shared/load-state.component';
import { DiscussionApi } from './discussion-api.service';
import { ThreadAudienceComponent } from './thread-audience.component';
import { ThreadViewComponent } from './thread-view.component';
import { ThreadVisibilityComponent } from './thread-visibility.component';

/**
 * The discussion of a dialogue, recommendation or commitment: its public thread, and the other
 * threads about it that the reader may read (a participants' thread, a safe space), one at a time.
 */
@Component({
  selector: 'suivi-discussion-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, TranslocoPipe, LoadStateComponent, ThreadAudienceComponent, ThreadViewComponent, ThreadVisibilityComponent],
  template: `
    <section class="panel discussion-panel" aria-labelledby="discussion-title">
      <h2 id="discussion-title">{{ 'discussion.title' | transloco }}</h2>
      @if (threads.hasValue()) {
        @let list = threads.value();
        @if (list.length > 1) {
          <div class="thread-tabs" role="group" [attr.aria-label]="'discussion.choose' | transloco">
            @for (t of list; track t.id) {
              <button type="button" class="thread-tab" [attr.aria-pressed]="t.id === selected()?.id" (click)="selected.set(t)">
                <suivi-thread-visibility [visibility]="t.visibility" />
              </button>
            }
          </div>
        }
        @if (selected(); as t) {
          <p class="thread-about">
            @if (list.length === 1) {
              <suivi-thread-visibility [visibility]="t.visibility" />
            }
            <a [routerLink]="['/discussions', t.id]">{{ 'discussion.fullPage' | transloco }}</a>
          </p>
          <suivi-thread-audience [visibility]="t.visibility" detail="full" />
          <suivi-thread-view [threadId]="t.id" />
        } @else {
          <p class="muted">{{ 'discussion.noThread' | transloco }}</p>
        }
      } @else {
        <suivi-load-state [error]="threads.error()" minHeight="16rem" (retry)="threads.reload()" />
      }
    </section>
  `,
})
export class DiscussionPanelComponent {
  readonly subjectType = input.required<SubjectType>();
  readonly subjectId = input.required<string>();

  private readonly api = inject(DiscussionApi);
  private readonly me = inject(AuthService).me;

  /** Read again when the person signs in or out: the threads they may read change. */
  protected readonly threads = rxResource({
    params: () => ({ type: this.subjectType(), id: this.subjectId(), user: this.me()?.id ?? null }),
    stream: ({ params }) => this.api.threadsAbout(params.type, params.id),
  });
  /** The public thread first (the API's order), or the one the reader chose, kept across reloads. */
  protected readonly selected = linkedSignal<ThreadView[] | undefined, ThreadView | null>({
    source: () => (this.threads.hasValue() ? this.threads.value() : undefined),
    computation: (list, previous) => list?.find((t) => t.id === previous?.value?.id) ?? list?.[0] ?? null,
  });
}
