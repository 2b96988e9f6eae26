import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import type { RequestState, RoundState } from '@suivi/contracts';

/** Colours of the request states, shared by the badges and the completion bar (text ≥ 4.5:1, fills ≥ 3:1). */
export const REQUEST_STATE_STYLES = `
  .request-submitted { background: var(--status-completed-bg); color: var(--status-completed-text); }
  .request-late { background: var(--status-stalled-bg); color: var(--status-stalled-text); }
  .request-missing { background: var(--overdue-bg); color: var(--overdue-text); }
  .request-requested { background: var(--status-in_progress-bg); color: var(--status-in_progress-text); }
  .fill-submitted { background: var(--status-completed-fill); }
  .fill-late { background: var(--status-stalled-fill); }
  .fill-missing { background: var(--overdue-text); }
  .fill-requested { background: var(--status-not_started-bg); }
`;

/** A round's state: planned, open or closed. */
@Component({
  selector: 'suivi-round-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe],
  template: `<span class="badge round-{{ state() }}">{{ 'rounds.state.' + state() | transloco }}</span>`,
  styles: `
    .round-open {
      background: var(--status-in_progress-bg);
      color: var(--status-in_progress-text);
    }
    .round-closed {
      background: var(--status-not_started-bg);
      color: var(--status-not_started-text);
    }
    .round-planned {
      background: var(--color-surface);
      color: var(--status-not_started-text);
      border-color: currentColor;
    }
  `,
})
export class RoundStateComponent {
  readonly state = input.required<RoundState>();
}

/** A request's state: requested, submitted (on time), late or missing. */
@Component({
  selector: 'suivi-request-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe],
  template: `<span class="badge request-{{ state() }}">{{ 'rounds.request.' + state() | transloco }}</span>`,
  styles: REQUEST_STATE_STYLES,
})
export class RequestStateComponent {
  readonly state = input.required<RequestState>();
}
