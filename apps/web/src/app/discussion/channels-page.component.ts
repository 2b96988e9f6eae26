import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal } from '@angular/core';
import { rxResource, takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, type Params, Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { type Page, THREAD_SORTS, THREAD_SUBJECT_FILTERS, type ThreadListItem, can } from '@suivi/contracts';
import { debounceTime } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { LocalDatePipe } from '../core/local-format.pipes';
import { PluralPipe } from '../core/plural.pipe';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { PagerComponent } from '../shared/pager.component';
import { DiscussionApi } from './discussion-api.service';
import { ThreadAudienceComponent } from './thread-audience.component';
import {
  type ThreadFilterKey,
  changeThreadFilter,
  isNarrowed,
  threadPageParams,
  toThreadFilters,
  toThreadQueryParams,
  visibilityOptions,
} from './thread-filters';
import { ThreadVisibilityComponent } from './thread-visibility.component';

export const SEARCH_DEBOUNCE_MS = 350;

/**
 * Every thread the reader may read: searched, filtered by subject and audience, with the reader's
 * unread counts, most recently active first; threads nobody has written in yet come last, apart.
 * The search and filters live in the URL.
 */
@Component({
  selector: 'suivi-channels-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    NgTemplateOutlet,
    RouterLink,
    TranslocoPipe,
    LocalDatePipe,
    PagerComponent,
    PluralPipe,
    BilingualTextComponent,
    LoadStateComponent,
    ThreadAudienceComponent,
    ThreadVisibilityComponent,
  ],
  templateUrl: './channels-page.component.html',
})
export class ChannelsPageComponent {
  private readonly api = inject(DiscussionApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly auth = inject(AuthService);

  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly filters = computed(() => toThreadFilters(this.params(), this.auth.viewer()));
  /** Unread counts, their filter and their sort: for whoever keeps read marks. */
  protected readonly marks = computed(() => can.markThreadsRead(this.auth.viewer()));
  protected readonly subjects = THREAD_SUBJECT_FILTERS;
  protected readonly sorts = THREAD_SORTS;
  protected readonly visibilities = computed(() => visibilityOptions(this.auth.viewer()));

  protected readonly list = rxResource({
    params: () => ({ filters: this.filters(), user: this.auth.me()?.id ?? null }),
    stream: ({ params }) => this.api.channels(params.filters),
  });
  /** The last page received: it stays on screen while the next one loads. */
  protected readonly shown = linkedSignal<Page<ThreadListItem> | undefined, Page<ThreadListItem> | null>({
    source: () => (this.list.hasValue() ? this.list.value() : undefined),
    computation: (value, previous) => value ?? previous?.value ?? null,
  });
  /** Threads with messages, then apart those nobody has written in (the API lists them last). */
  protected readonly sections = computed(() => {
    const items = this.shown()?.items ?? [];
    return { active: items.filter((t) => t.messageCount > 0), empty: items.filter((t) => t.messageCount === 0) };
  });
  protected readonly narrowed = computed(() => isNarrowed(this.filters()));

  /** The search box's text: follows the URL (back button), and is sent to it after a pause in typing. */
  protected readonly search = linkedSignal(() => this.filters().q ?? '');

  constructor() {
    toObservable(this.search)
      .pipe(debounceTime(SEARCH_DEBOUNCE_MS), takeUntilDestroyed())
      .subscribe(() => this.applySearch());
  }

  protected onSearchInput(event: Event): void {
    this.search.set((event.target as HTMLInputElement).value);
  }

  protected onSearchSubmit(event: Event): void {
    event.preventDefault();
    this.applySearch();
  }

  protected onSelect(key: ThreadFilterKey, event: Event): void {
    this.navigate(changeThreadFilter(this.filters(), key, (event.target as HTMLSelectElement).value || null, this.auth.viewer()));
  }

  protected onUnreadOnly(event: Event): void {
    this.navigate(changeThreadFilter(this.filters(), 'unread', (event.target as HTMLInputElement).checked, this.auth.viewer()));
  }

  protected pageLink = (page: number): Params => threadPageParams(this.filters(), page);

  protected clearLink(): Params {
    return toThreadQueryParams({ sort: this.filters().sort });
  }

  /** `group:civil_society` reads as `group_civil_society` in the translation keys. */
  protected key(value: string): string {
    return value.replace(':', '_');
  }

  private applySearch(): void {
    const q = this.search().trim();
    if (q !== (this.filters().q ?? '')) {
      this.navigate(changeThreadFilter(this.filters(), 'q', q || null, this.auth.viewer()));
    }
  }

  private navigate(queryParams: Params): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams });
  }
}
