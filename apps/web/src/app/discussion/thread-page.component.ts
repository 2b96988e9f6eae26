import { ChangeDetectionStrategy, Component, effect, inject, input } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { pickText } from '@suivi/contracts';
import { map } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { PageTitle } from '../core/page-title';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { DiscussionApi } from './discussion-api.service';
import { ThreadAudienceComponent } from './thread-audience.component';
import { ThreadViewComponent } from './thread-view.component';
import { ThreadVisibilityComponent } from './thread-visibility.component';

const SUBJECT_PATHS = { commitment: '/commitments', recommendation: '/recommendations', dialogue: '/dialogues' } as const;

/** One thread on a page of its own; `#message-<id>` brings that message into view. */
@Component({
  selector: 'suivi-thread-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    TranslocoPipe,
    BilingualTextComponent,
    LoadStateComponent,
    ThreadAudienceComponent,
    ThreadViewComponent,
    ThreadVisibilityComponent,
  ],
  template: `
    <p class="breadcrumb">
      <a routerLink="/discussions">{{ 'discussion.channels.back' | transloco }}</a>
    </p>
    @if (thread.hasValue()) {
      @let t = thread.value();
      <h1><suivi-bi [value]="t.title" /></h1>
      <p class="badges">
        <suivi-thread-visibility [visibility]="t.visibility" />
        @if (t.subjectType && t.subjectId) {
          <a [routerLink]="[subjectPath(t.subjectType), t.subjectId]">{{ 'discussion.openSubject.' + t.subjectType | transloco }}</a>
        }
      </p>
      <suivi-thread-audience [visibility]="t.visibility" detail="full" />
      <section class="panel discussion-panel" [attr.aria-label]="'discussion.title' | transloco">
        <suivi-thread-view [threadId]="t.id" [focusMessage]="focusMessage()" />
      </section>
    } @else {
      <suivi-load-state [error]="thread.error()" minHeight="24rem" (retry)="thread.reload()" />
    }
  `,
})
export class ThreadPageComponent {
  /** The route's `:id`. */
  readonly id = input.required<string>();

  private readonly api = inject(DiscussionApi);
  private readonly me = inject(AuthService).me;
  protected readonly thread = rxResource({
    params: () => ({ id: this.id(), user: this.me()?.id ?? null }),
    stream: ({ params }) => this.api.thread(params.id),
  });
  protected readonly focusMessage = toSignal(
    inject(ActivatedRoute).fragment.pipe(map((f) => (f?.startsWith('message-') ? f.slice('message-'.length) : null))),
    { initialValue: null },
  );

  constructor() {
    const pageTitle = inject(PageTitle);
    const lang = inject(LanguageService).lang;
    effect(() => {
      const t = this.thread.hasValue() ? this.thread.value() : null;
      pageTitle.set(t ? pickText(t.title, lang()).text : null);
    });
  }

  protected subjectPath(type: keyof typeof SUBJECT_PATHS): string {
    return SUBJECT_PATHS[type];
  }
}
