import { ChangeDetectionStrategy, Component, inject, linkedSignal } from '@angular/core';
import { rxResource, takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { Bilingual, RoundSummary } from '@suivi/contracts';
import { EMPTY, distinctUntilChanged, forkJoin, map, merge, of, switchMap, tap } from 'rxjs';
import { LocalDatePipe } from '../core/local-format.pipes';
import { RealtimeService } from '../core/realtime/realtime.service';
import { DialoguesApi } from '../dialogues/dialogues-api.service';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { roundUpdates } from './live-rounds';
import { RoundStateComponent } from './round-badges.component';
import { RoundCompletionComponent } from './round-completion.component';
import { currentRound, withPushed } from './round-order';
import { RoundsApi } from './rounds-api.service';

/** One dialogue's current round (open, else the latest closed, else the next planned) and the dialogue's rounds, for live updates. */
export interface DialogueRound {
  dialogueId: string;
  dialogue: Bilingual;
  rounds: RoundSummary[];
  current: RoundSummary;
}

/**
 * The dashboard's reporting rounds: each dialogue's current round with its completion, live. Its
 * place is kept while it loads (the first figures above it must not move, nor what follows).
 */
@Component({
  selector: 'suivi-current-rounds',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, TranslocoPipe, LocalDatePipe, BilingualTextComponent, RoundStateComponent, RoundCompletionComponent],
  template: `
    <section class="panel current-rounds" aria-labelledby="current-rounds-title">
      <h2 id="current-rounds-title">{{ 'rounds.dashboard.title' | transloco }}</h2>
      @if (shown(); as list) {
        @for (d of list; track d.dialogueId) {
          <div class="current-round">
            <p class="current-round-title">
              <a [routerLink]="['/rounds', d.current.id]"><suivi-bi [value]="d.current.title" /></a>&ngsp;<suivi-round-state
                [state]="d.current.state"
              />
            </p>
            <p class="muted current-round-line">
              @if (list.length > 1) {
                <suivi-bi [value]="d.dialogue" /> ·
              }
              {{ 'rounds.dueLine' | transloco: { due: (d.current.dueOn | localDate), closes: (d.current.closesOn | localDate) } }}
            </p>
            <suivi-round-completion [counts]="d.current.completion.overall" [compact]="true" />
          </div>
        } @empty {
          <p>{{ 'rounds.none' | transloco }}</p>
        }
      } @else if (rounds.error()) {
        <p>{{ 'rounds.dashboard.unavailable' | transloco }}</p>
      } @else {
        <p class="visually-hidden" role="status">{{ 'common.loading' | transloco }}</p>
      }
    </section>
  `,
  styles: `
    .current-rounds {
      min-height: 11.5rem;
    }
    .current-round + .current-round {
      margin-top: var(--space-3);
    }
    .current-round-title {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--space-1) var(--space-2);
      margin: 0;
      font-weight: 600;
    }
    .current-round-line {
      margin: 0 0 var(--space-2);
      font-size: 0.9375rem;
    }
  `,
})
export class CurrentRoundsComponent {
  private readonly dialogues = inject(DialoguesApi);
  private readonly api = inject(RoundsApi);

  protected readonly rounds = rxResource({
    stream: () =>
      this.dialogues
        .list()
        .pipe(
          switchMap((dialogues) =>
            dialogues.length
              ? forkJoin(dialogues.map((d) => this.api.list(d.id).pipe(map((rounds) => ({ dialogueId: d.id, dialogue: d.title, rounds })))))
              : of([]),
          ),
        ),
  });
  /** Dialogues with a current round, as read, then as pushed. */
  protected readonly shown = linkedSignal<DialogueRound[] | null>(() =>
    this.rounds.hasValue()
      ? this.rounds
          .value()
          .map((d) => ({ ...d, current: currentRound(d.rounds) }))
          .filter((d): d is DialogueRound => d.current !== null)
      : null,
  );

  constructor() {
    const realtime = inject(RealtimeService);
    const dialogueIds = () => (this.rounds.hasValue() ? this.rounds.value().map((d) => d.dialogueId) : []);
    toObservable(this.rounds.value)
      .pipe(
        map(() => dialogueIds()),
        distinctUntilChanged((a, b) => a.join() === b.join()),
        switchMap((ids) => (ids.length ? merge(...ids.map((id) => roundUpdates(realtime, id))) : EMPTY)),
        tap((pushed) => this.apply(pushed)),
        takeUntilDestroyed(),
      )
      .subscribe();
  }

  /** A pushed round: it updates its dialogue's rounds, and may become (or stop being) the current one. */
  private apply(pushed: RoundSummary): void {
    const all = this.rounds.hasValue() ? this.rounds.value() : [];
    this.shown.update((list) => {
      if (!list) {
        return list;
      }
      const known = list.find((d) => d.dialogueId === pushed.dialogueId);
      const base = known ?? all.find((d) => d.dialogueId === pushed.dialogueId);
      if (!base) {
        return list;
      }
      const rounds = withPushed(base.rounds, pushed);
      const next: DialogueRound = { dialogueId: base.dialogueId, dialogue: base.dialogue, rounds, current: rounds[0] };
      return known ? list.map((d) => (d.dialogueId === pushed.dialogueId ? next : d)) : [...list, next];
    });
  }
}
