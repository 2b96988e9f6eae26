import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  DestroyRef,
  type ElementRef,
  InjectionToken,
  afterNextRender,
  afterRenderEffect,
  computed,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { PROGRESS_STATUSES, type StatusCounts } from '@suivi/contracts';
import { LanguageService } from '../core/language.service';
import { LocalNumberPipe } from '../core/local-format.pipes';
import type { StackedBarChart, StackedBarData } from './chart-setup';
import { chartHeightRem } from './chart-size';

export interface ChartRow {
  label: string;
  counts: StatusCounts;
  total: number;
}

type ChartModule = typeof import('./chart-setup');

/** How Chart.js is fetched; tests replace it (jsdom has no canvas). */
export const CHART_LOADER = new InjectionToken<() => Promise<ChartModule>>('CHART_LOADER', {
  providedIn: 'root',
  factory: () => () => import('./chart-setup'),
});

/** A stacked bar chart of status counts per category, with the same data as a table. */
@Component({
  selector: 'suivi-dashboard-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe, LocalNumberPipe],
  template: `
    <div class="chart-box" [style.height.rem]="height()" #box>
      <canvas #canvas role="img" [attr.aria-label]="'dashboard.chartLabel' | transloco: { caption: caption() }"></canvas>
    </div>
    <details class="data-table">
      <summary>{{ 'dashboard.showTable' | transloco }}</summary>
      <div class="table-scroll">
        <table>
          <caption>
            {{
              caption()
            }}
          </caption>
          <thead>
            <tr>
              <th scope="col">{{ categoryHeader() }}</th>
              @for (status of statuses; track status) {
                <th scope="col">{{ 'status.' + status | transloco }}</th>
              }
              <th scope="col">{{ 'common.total' | transloco }}</th>
            </tr>
          </thead>
          <tbody>
            @for (row of rows(); track row.label) {
              <tr>
                <th scope="row">{{ row.label }}</th>
                @for (status of statuses; track status) {
                  <td>{{ row.counts[status] | localNumber }}</td>
                }
                <td>{{ row.total | localNumber }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    </details>
  `,
})
export class DashboardChartComponent {
  readonly rows = input.required<ChartRow[]>();
  readonly caption = input.required<string>();
  readonly categoryHeader = input.required<string>();

  protected readonly statuses = PROGRESS_STATUSES;
  /** Reserved before Chart.js arrives, so the page does not move when it draws. */
  protected readonly height = computed(() => chartHeightRem(this.rows().length));

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly box = viewChild.required<ElementRef<HTMLElement>>('box');
  private readonly chartModule = signal<ChartModule | null>(null);
  private readonly lang = inject(LanguageService).lang;
  private readonly transloco = inject(TranslocoService);
  private readonly document = inject(DOCUMENT);
  private chart: StackedBarChart | null = null;

  private readonly data = computed<StackedBarData>(() => {
    const locale = this.lang();
    const styles = this.document.defaultView?.getComputedStyle(this.document.documentElement);
    return {
      labels: this.rows().map((r) => r.label),
      series: this.statuses.map((status) => ({
        label: this.transloco.translate(`status.${status}`),
        color: styles?.getPropertyValue(`--status-${status}-fill`).trim() || '#666',
        data: this.rows().map((r) => r.counts[status] ?? 0),
      })),
      locale,
    };
  });

  constructor() {
    const load = inject(CHART_LOADER);
    const destroyRef = inject(DestroyRef);
    let destroyed = false;
    destroyRef.onDestroy(() => {
      destroyed = true;
      this.chart?.destroy();
    });

    const start = () =>
      load().then(
        (module) => {
          if (!destroyed) {
            this.chartModule.set(module);
          }
        },
        // Without the chart, the data table is still there.
        (error: unknown) => console.error(error),
      );
    // Chart.js is fetched and draws once the chart nears the screen: on a phone the charts are
    // below the figures, and drawing them took the main thread while the page was loading.
    afterNextRender(() => {
      if (typeof IntersectionObserver === 'undefined') {
        void start();
        return;
      }
      const observer = new IntersectionObserver(
        (entries) => {
          if (entries.some((e) => e.isIntersecting)) {
            observer.disconnect();
            void start();
          }
        },
        { rootMargin: '200px 0px' },
      );
      observer.observe(this.box().nativeElement);
      destroyRef.onDestroy(() => observer.disconnect());
    });
    afterRenderEffect(() => {
      const module = this.chartModule();
      const data = this.data();
      if (!module) {
        return;
      }
      if (this.chart) {
        this.chart.update(data);
      } else {
        this.chart = module.renderStackedBars(this.canvas().nativeElement, data);
      }
    });
  }
}
