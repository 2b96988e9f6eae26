import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal } from '@angular/core';
import { rxResource, takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, type Params, Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  COMMITMENT_SORTS,
  type CommitmentSummary,
  PAGE_SIZE_DEFAULT,
  PROGRESS_STATUSES,
  type Page,
  REGIONS,
  STAKEHOLDER_GROUPS,
  THEMES,
  pickText,
} from '@suivi/contracts';
import { debounceTime, map } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { LocalNumberPipe } from '../core/local-format.pipes';
import { CommitmentCardComponent } from '../shared/commitment-card.component';
import { LoadStateComponent } from '../shared/load-state.component';
import {
  type FilterKey,
  activeFilterCount,
  changeFilter,
  exportQuery,
  pageParams,
  sortKey,
  toFilters,
  toQueryParams,
} from './commitment-filters';
import { CommitmentsApi } from './commitments-api.service';

export const SEARCH_DEBOUNCE_MS = 350;

@Component({
  selector: 'suivi-commitments-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, TranslocoPipe, LocalNumberPipe, CommitmentCardComponent, LoadStateComponent],
  templateUrl: './commitments-page.component.html',
})
export class CommitmentsPageComponent {
  private readonly api = inject(CommitmentsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly lang = inject(LanguageService).lang;
  protected readonly mayCurate = inject(AuthService).mayCurate;

  protected readonly statuses = PROGRESS_STATUSES;
  protected readonly groups = STAKEHOLDER_GROUPS;
  protected readonly themes = THEMES;
  protected readonly regions = REGIONS;
  protected readonly sorts = COMMITMENT_SORTS;
  protected readonly sortKey = sortKey;

  protected readonly filters = toSignal(this.route.queryParamMap.pipe(map(toFilters)), { requireSync: true });
  protected readonly activeFilters = computed(() => activeFilterCount(this.filters()));
  /** The list as shown, every page of it, as the API's CSV files (Decidim offers one on every list). */
  protected readonly downloads = computed(() => {
    const query = exportQuery(this.filters());
    return { commitments: `/api/commitments/export.csv${query}`, reports: `/api/reports/export.csv${query}` };
  });

  protected readonly page = rxResource({
    params: this.filters,
    stream: ({ params }) => this.api.list(params),
  });

  /** The last page received: it stays on screen, dimmed, while the next one loads. */
  protected readonly shown = linkedSignal<Page<CommitmentSummary> | undefined, Page<CommitmentSummary> | null>({
    source: () => (this.page.hasValue() ? this.page.value() : undefined),
    computation: (value, previous) => value ?? previous?.value ?? null,
  });

  protected readonly pageCount = computed(() => {
    const p = this.shown();
    return p ? Math.max(1, Math.ceil(p.total / (p.pageSize || PAGE_SIZE_DEFAULT))) : 1;
  });

  private readonly organizations = rxResource({ stream: () => this.api.organizations() });

  /** Owner options, grouped by stakeholder group and sorted by the name the reader sees. */
  protected readonly ownerGroups = computed(() => {
    const lang = this.lang();
    const orgs = this.organizations.hasValue() ? this.organizations.value() : [];
    return STAKEHOLDER_GROUPS.map((group) => ({
      group,
      options: orgs
        .filter((o) => o.group === group)
        .map((o) => {
          const name = pickText(o.name, lang).text;
          return { id: o.id, label: o.acronym && o.acronym !== name ? `${o.acronym} – ${name}` : name };
        })
        .sort((a, b) => a.label.localeCompare(b.label, lang)),
    })).filter((g) => g.options.length > 0);
  });

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

  protected onSelect(key: FilterKey, event: Event): void {
    this.navigate(changeFilter(this.filters(), key, (event.target as HTMLSelectElement).value || null));
  }

  protected onToggle(key: 'overdue' | 'contested', event: Event): void {
    this.navigate(changeFilter(this.filters(), key, (event.target as HTMLInputElement).checked));
  }

  protected pageLink(page: number): Params {
    return pageParams(this.filters(), page);
  }

  protected clearLink(): Params {
    const { q, sort } = this.filters();
    return toQueryParams({ q, sort });
  }

  private applySearch(): void {
    const q = this.search().trim();
    if (q !== (this.filters().q ?? '')) {
      this.navigate(changeFilter(this.filters(), 'q', q || null));
    }
  }

  private navigate(queryParams: Params): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams });
  }
}
