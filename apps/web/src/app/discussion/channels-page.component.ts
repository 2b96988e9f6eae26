import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { PAGE_SIZE_DEFAULT } from '@suivi/contracts';
import { map } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { LocalDatePipe } from '../core/local-format.pipes';
import { PluralPipe } from '../core/plural.pipe';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { PagerComponent } from '../shared/pager.component';
import { DiscussionApi } from './discussion-api.service';
import { ThreadVisibilityComponent } from './thread-visibility.component';

/** Every thread the reader may read, most recently active first. */
@Component({
  selector: 'suivi-channels-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    TranslocoPipe,
    LocalDatePipe,
    PagerComponent,
    PluralPipe,
    BilingualTextComponent,
    LoadStateComponent,
    ThreadVisibilityComponent,
  ],
  template: `
    <h1>{{ 'discussion.channels.title' | transloco }}</h1>
    <p class="lead">{{ 'discussion.channels.intro' | transloco }}</p>
    @if (list.hasValue()) {
      @let p = list.value();
      <ul class="card-list channel-list">
        @for (t of p.items; track t.id) {
          <li class="card channel-card">
            <h2 class="card-title">
              <a [routerLink]="['/discussions', t.id]"><suivi-bi [value]="t.title" /></a>
            </h2>
            <p class="badges">
              <suivi-thread-visibility [visibility]="t.visibility" />
              @if (t.locked) {
                <span class="badge badge-locked">{{ 'discussion.locked' | transloco }}</span>
              }
              @if (t.subjectType) {
                <span class="badge badge-outline">{{ 'discussion.subject.' + t.subjectType | transloco }}</span>
              }
            </p>
            <p class="meta-line">
              <span>{{ 'discussion.channels.messages' | plural: t.messageCount }}</span>
              @if (t.lastMessageAt) {
                <span>{{ 'discussion.channels.lastMessage' | transloco: { date: (t.lastMessageAt | localDate: 'dateTime') } }}</span>
              }
            </p>
          </li>
        } @empty {
          <li class="notice">{{ 'discussion.channels.none' | transloco }}</li>
        }
      </ul>
      <suivi-pager [page]="p.page" [total]="p.total" [pageSize]="p.pageSize" />
    } @else {
      <suivi-load-state [error]="list.error()" minHeight="20rem" (retry)="list.reload()" />
    }
  `,
})
export class ChannelsPageComponent {
  private readonly api = inject(DiscussionApi);
  private readonly me = inject(AuthService).me;
  private readonly page = toSignal(inject(ActivatedRoute).queryParamMap.pipe(map((q) => Math.max(1, Number(q.get('page')) || 1))), {
    requireSync: true,
  });
  protected readonly list = rxResource({
    params: () => ({ page: this.page(), user: this.me()?.id ?? null }),
    stream: ({ params }) => this.api.channels(params.page, PAGE_SIZE_DEFAULT),
  });
}
