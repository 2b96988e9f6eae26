import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import type { StateCounts } from '@suivi/contracts';
import { LanguageService } from '../core/language.service';
import { LocalNumberPipe } from '../core/local-format.pipes';
import { REQUEST_STATE_STYLES } from './round-badges.component';

/** The bar's segments, in the order a round fills: answered first, then what is still awaited. */
const SEGMENTS = ['submitted', 'late', 'missing', 'requested'] as const;

/** Answered requests (on time or late) out of all, as a whole percentage: what "completion" means. */
export function completionPercent(counts: StateCounts): number {
  return counts.total ? Math.round(((counts.submitted + counts.late) / counts.total) * 100) : 0;
}

/**
 * A round's completion: the figures written out, and a bar that assistive technology reads as a
 * progress bar with the same words. `compact` leaves out the legend (lists of organisations).
 */
@Component({
  selector: 'suivi-round-completion',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe, LocalNumberPipe],
  template: `
    @let c = counts();
    <p class="completion-figure">
      <strong>{{ 'rounds.completion.percent' | transloco: { percent: (percent() | localNumber) } }}</strong>
      {{ 'rounds.completion.answered' | transloco: { done: (c.submitted + c.late | localNumber), total: (c.total | localNumber) } }}
    </p>
    <div
      class="completion-bar"
      role="progressbar"
      aria-valuemin="0"
      [attr.aria-valuemax]="c.total"
      [attr.aria-valuenow]="c.submitted + c.late"
      [attr.aria-valuetext]="valueText()"
      [attr.aria-label]="label() ?? ('rounds.completion.bar' | transloco)"
    >
      @for (s of segments(); track s.state) {
        <span class="fill-{{ s.state }}" [style.flex-grow]="s.count"></span>
      }
    </div>
    @if (!compact()) {
      <ul class="legend">
        @for (state of states; track state) {
          <li>
            <span class="swatch fill-{{ state }}" aria-hidden="true"></span>
            {{ 'rounds.completion.legend.' + state | transloco }}
            <strong>{{ c[state] | localNumber }}</strong>
          </li>
        }
      </ul>
    }
  `,
  styles: `
    ${REQUEST_STATE_STYLES}
    :host {
      display: block;
    }
    .completion-figure {
      margin: 0 0 var(--space-1);
    }
    .completion-figure strong {
      font-size: 1.25rem;
      font-variant-numeric: tabular-nums;
    }
    .completion-bar {
      display: flex;
      gap: 2px;
      height: 0.875rem;
      border: 1px solid var(--status-not_started-fill);
      border-radius: 999px;
      overflow: hidden;
      background: var(--status-not_started-bg);
    }
    .fill-requested {
      background: transparent;
    }
    .swatch.fill-requested {
      background: var(--status-not_started-bg);
      border: 1px solid var(--status-not_started-fill);
    }
  `,
})
export class RoundCompletionComponent {
  readonly counts = input.required<StateCounts>();
  readonly compact = input(false);
  /** The bar's accessible name (an organisation's, a group's); by default "Completion of the round". */
  readonly label = input<string | null>(null);

  private readonly transloco = inject(TranslocoService);
  private readonly lang = inject(LanguageService).lang;
  protected readonly states = SEGMENTS;
  protected readonly percent = computed(() => completionPercent(this.counts()));
  protected readonly segments = computed(() =>
    SEGMENTS.map((state) => ({ state, count: this.counts()[state] })).filter((s) => s.count > 0),
  );
  protected readonly valueText = computed(() => {
    this.lang();
    const c = this.counts();
    return this.transloco.translate('rounds.completion.valueText', {
      percent: this.percent(),
      done: c.submitted + c.late,
      total: c.total,
      late: c.late,
      missing: c.missing,
    });
  });
}
