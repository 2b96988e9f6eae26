import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import type { DashboardView, StatusCounts } from '@suivi/contracts';
import { LanguageService } from '../core/language.service';
import { LocalDatePipe, LocalNumberPipe } from '../core/local-format.pipes';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { CurrentRoundsComponent } from '../rounds/current-rounds.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { OrgNameComponent } from '../shared/org-name.component';
import { StatusBadgeComponent } from '../shared/status-badge.component';
import { StatusBarComponent } from '../shared/status-bar.component';
import { DashboardApi } from './dashboard-api.service';
import { CHART_TABLE_SUMMARY_REM, chartHeightRem } from './chart-size';
import { type ChartRow, DashboardChartComponent } from './dashboard-chart.component';

/**
 * Recommendations shown before the reader asks for all of them: the benchmark's 200 made the
 * page build some 6,600 elements before anyone scrolled to them (tests/perf F2).
 */
export const RECOMMENDATIONS_SHOWN = 10;

/** Roughly a listed commitment's or recommendation's height on a phone. */
const LIST_ITEM_REM = 4;

@Component({
  selector: 'suivi-dashboard-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    TranslocoPipe,
    LocalDatePipe,
    LocalNumberPipe,
    BilingualTextComponent,
    LoadStateComponent,
    OrgNameComponent,
    StatusBadgeComponent,
    StatusBarComponent,
    DashboardChartComponent,
    CurrentRoundsComponent,
  ],
  templateUrl: './dashboard-page.component.html',
})
export class DashboardPageComponent {
  private readonly api = inject(DashboardApi);
  private readonly transloco = inject(TranslocoService);
  private readonly lang = inject(LanguageService).lang;

  protected readonly dashboard = rxResource({ stream: () => this.api.get() });
  protected readonly view = computed<DashboardView | null>(() => (this.dashboard.hasValue() ? this.dashboard.value() : null));

  protected readonly byGroup = computed(() => this.rows(this.view()?.byGroup, (r) => `groups.${r.group}`));
  protected readonly byTheme = computed(() => this.rows(this.view()?.byTheme, (r) => `themes.${r.theme}`));
  protected readonly byRegion = computed(() => this.rows(this.view()?.byRegion, (r) => `regions.${r.region}`));

  private readonly showAll = signal(false);
  protected readonly shownRecommendations = computed(() => {
    const all = this.view()?.recommendations ?? [];
    return this.showAll() ? all : all.slice(0, RECOMMENDATIONS_SHOWN);
  });
  private readonly recommendationList = viewChild<ElementRef<HTMLElement>>('recommendationList');
  private readonly injector = inject(Injector);

  /** Shows the rest, and takes the reader to the first of them (the button itself goes away). */
  protected showAllRecommendations(): void {
    const first = this.shownRecommendations().length;
    this.showAll.set(true);
    afterNextRender(
      () => this.recommendationList()?.nativeElement.querySelectorAll<HTMLElement>(':scope > li .progress-title a')[first]?.focus(),
      { injector: this.injector },
    );
  }

  /** Below the figures, sections are built as they near the screen; their place is kept meanwhile. */
  protected chartPlaceholderRem(categories: number): number {
    return chartHeightRem(categories) + CHART_TABLE_SUMMARY_REM;
  }

  protected listPlaceholderRem(items: number): number {
    return Math.max(items, 1) * LIST_ITEM_REM;
  }

  protected shortHash(hash: string): string {
    return hash.slice(0, 12);
  }

  private rows<T extends { counts: StatusCounts; total: number }>(rows: T[] | undefined, key: (row: T) => string): ChartRow[] {
    this.lang();
    return (rows ?? [])
      .filter((r) => r.total > 0)
      .map((r) => ({ label: this.transloco.translate(key(r)), counts: r.counts, total: r.total }));
  }
}
