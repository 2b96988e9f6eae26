import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { PROGRESS_STATUSES, type ProgressStatus, type StatusCounts } from '@suivi/contracts';
import { LocalNumberPipe } from '../core/local-format.pipes';

/** A segmented bar of status counts, with the counts written out beside it for everyone. */
@Component({
  selector: 'suivi-status-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe, LocalNumberPipe],
  template: `
    <div class="status-bar" aria-hidden="true">
      @for (segment of segments(); track segment.status) {
        <span class="status-fill-{{ segment.status }}" [style.flex-grow]="segment.count"></span>
      }
    </div>
    <ul class="legend">
      @for (segment of segments(); track segment.status) {
        <li>
          <span class="swatch status-fill-{{ segment.status }}" aria-hidden="true"></span>
          {{ 'status.' + segment.status | transloco }}
          <strong>{{ segment.count | localNumber }}</strong>
        </li>
      } @empty {
        <li>{{ 'common.noCommitments' | transloco }}</li>
      }
    </ul>
  `,
})
export class StatusBarComponent {
  readonly counts = input.required<StatusCounts>();

  protected readonly segments = computed(() =>
    PROGRESS_STATUSES.map((status: ProgressStatus) => ({ status, count: this.counts()[status] ?? 0 })).filter((s) => s.count > 0),
  );
}
