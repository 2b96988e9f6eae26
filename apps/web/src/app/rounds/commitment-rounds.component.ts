import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { CommitmentRoundState, RequestState, RequestTrack } from '@suivi/contracts';
import { LocalDatePipe } from '../core/local-format.pipes';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { REQUEST_STATE_STYLES } from './round-badges.component';

/**
 * A commitment's state in each reporting round that asked about it, in words ("Report submitted",
 * "No report this round"): a public finding, on its page. Nothing when no round asked about it.
 */
@Component({
  selector: 'suivi-commitment-rounds',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, TranslocoPipe, LocalDatePipe, BilingualTextComponent],
  template: `
    @if (rounds().length) {
      <section class="panel" aria-labelledby="commitment-rounds-title">
        <h2 id="commitment-rounds-title">{{ 'rounds.commitment.title' | transloco }}</h2>
        <ul class="brief-list">
          @for (r of rounds(); track r.roundId) {
            <li>
              <a [routerLink]="['/rounds', r.roundId]"><suivi-bi [value]="r.title" /></a>
              <span class="brief-meta">
                {{ 'rounds.commitment.' + (r.roundState === 'open' ? 'due' : 'dueWas') | transloco: { date: (r.dueOn | localDate) } }}
              </span>
              <ul class="plain-list round-answers">
                @for (t of tracks(r); track t.track) {
                  <li>
                    <span class="badge request-{{ t.state }}">{{ 'rounds.commitment.' + t.track + '.' + t.state | transloco }}</span>
                  </li>
                }
              </ul>
            </li>
          }
        </ul>
      </section>
    }
  `,
  styles: `
    ${REQUEST_STATE_STYLES}
    .round-answers {
      display: flex;
      flex-wrap: wrap;
      gap: var(--space-1) var(--space-2);
      margin-top: var(--space-1);
    }
    .round-answers li {
      border: 0;
      padding: 0;
    }
    .round-answers li + li {
      margin-top: 0;
    }
    .round-answers .badge {
      white-space: normal;
    }
  `,
})
export class CommitmentRoundsComponent {
  readonly rounds = input.required<readonly CommitmentRoundState[]>();

  protected readonly tracks = (r: CommitmentRoundState): Array<{ track: RequestTrack; state: RequestState }> => [
    { track: 'self_report', state: r.states.self_report },
    ...(r.states.independent_assessment ? [{ track: 'independent_assessment' as const, state: r.states.independent_assessment }] : []),
  ];
}
