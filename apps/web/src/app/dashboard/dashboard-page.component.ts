import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import type { DashboardView, StatusCounts } from '@suivi/contracts';
import { LanguageService } from '../core/language.service';
import { LocalDatePipe, LocalNumberPipe } from '../core/local-format.pipes';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { OrgNameComponent } from '../shared/org-name.component';
import { StatusBadgeComponent } from '../shared/status-badge.component';
import { StatusBarComponent } from '../shared/status-bar.component';
import { DashboardApi } from './dashboard-api.service';
import { type ChartRow, DashboardChartComponent } from './dashboard-chart.component';

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
