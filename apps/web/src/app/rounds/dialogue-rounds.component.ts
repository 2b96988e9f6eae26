import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal } from '@angular/core';
import { rxResource, takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { type RoundSummary, can } from '@suivi/contracts';
import { switchMap, tap } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { LocalDatePipe } from '../core/local-format.pipes';
import { RealtimeService } from '../core/realtime/realtime.service';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { roundUpdates } from './live-rounds';
import { RoundStateComponent } from './round-badges.component';
import { RoundCompletionComponent } from './round-completion.component';
import { byCurrency, withPushed } from './round-order';
import { RoundsApi } from './rounds-api.service';

/** A dialogue's reporting rounds, the current one first, live; the secretariat opens the next one from here. */
@Component({
  selector: 'suivi-dialogue-rounds',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    TranslocoPipe,
    LocalDatePipe,
    BilingualTextComponent,
    LoadStateComponent,
    RoundStateComponent,
    RoundCompletionComponent,
  ],
  template: `
    <section class="panel" aria-labelledby="rounds-title">
      <h2 id="rounds-title">{{ 'rounds.section' | transloco }}</h2>
      @if (mayManage()) {
        <p class="curation-links">
          <a class="button button-secondary" [routerLink]="['/dialogues', dialogueId(), 'rounds', 'new']">{{
            'rounds.open' | transloco
          }}</a>
        </p>
      }
      @if (list(); as rounds) {
        <ul class="progress-list">
          @for (r of rounds; track r.id) {
            <li>
              <p class="progress-title">
                <a [routerLink]="['/rounds', r.id]"><suivi-bi [value]="r.title" /></a>
              </p>
              <p class="round-line">
                <suivi-round-state [state]="r.state" />&ngsp;<span>{{
                  'rounds.dueLine' | transloco: { due: (r.dueOn | localDate), closes: (r.closesOn | localDate) }
                }}</span>
              </p>
              @if (r.completion.overall.total) {
                <suivi-round-completion [counts]="r.completion.overall" [compact]="true" />
              }
            </li>
          } @empty {
            <li>{{ 'rounds.none' | transloco }}</li>
          }
        </ul>
      } @else {
        <suivi-load-state [error]="rounds.error()" minHeight="8rem" (retry)="rounds.reload()" />
      }
    </section>
  `,
  styles: `
    .round-line {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--space-1) var(--space-2);
      margin: 0 0 var(--space-2);
    }
  `,
})
export class DialogueRoundsComponent {
  readonly dialogueId = input.required<string>();

  private readonly api = inject(RoundsApi);
  private readonly viewer = inject(AuthService).viewer;
  protected readonly mayManage = computed(() => can.manageRounds(this.viewer()));
  protected readonly rounds = rxResource({ params: () => this.dialogueId(), stream: ({ params }) => this.api.list(params) });
  /** As read, then as pushed. */
  protected readonly list = linkedSignal<RoundSummary[] | null>(() =>
    this.rounds.hasValue() ? [...this.rounds.value()].sort(byCurrency) : null,
  );

  constructor() {
    const realtime = inject(RealtimeService);
    toObservable(this.dialogueId)
      .pipe(
        switchMap((id) => roundUpdates(realtime, id)),
        tap((pushed) => this.list.update((list) => (list ? withPushed(list, pushed) : list))),
        takeUntilDestroyed(),
      )
      .subscribe();
  }
}
