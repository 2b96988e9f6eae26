import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { type Bilingual, type DialogueView, type MyWork, type RequestTrack, type RoundSummary, can } from '@suivi/contracts';
import { map, merge } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { LocalDatePipe, LocalNumberPipe } from '../core/local-format.pipes';
import { PluralPipe } from '../core/plural.pipe';
import { NotificationsStore } from '../notifications/notifications.store';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { OrgNameComponent } from '../shared/org-name.component';
import { WorkStore, queuedTotal } from './work.store';

/** Where a request is answered: the form of its track on the commitment's page. */
export function reportFormFragment(track: RequestTrack): string {
  return track === 'self_report' ? 'self-title' : 'assess-title';
}

/** Nothing is asked of the reader: no request, no due commitment, no newcomer, empty queues. */
export function nothingAsked(work: MyWork): boolean {
  return (
    work.counts.requests + work.counts.commitmentsDue + work.counts.newcomers + work.counts.reportsToVerify === 0 &&
    (work.queues === null || queuedTotal(work.queues) === 0)
  );
}

/**
 * "My work" (DESIGN.md, "The follow-up routine"): what is asked of the reader now. Read again
 * when a notification arrives for them, and for the secretariat when its queues move.
 */
@Component({
  selector: 'suivi-my-work-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    TranslocoPipe,
    LocalDatePipe,
    LocalNumberPipe,
    PluralPipe,
    BilingualTextComponent,
    LoadStateComponent,
    OrgNameComponent,
  ],
  templateUrl: './my-work-page.component.html',
})
export class MyWorkPageComponent {
  private readonly store = inject(WorkStore);
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthService);

  protected readonly reportFormFragment = reportFormFragment;
  protected readonly secretariat = computed(() => can.curate(this.auth.viewer()));
  protected readonly work = rxResource({ stream: () => this.store.read() });
  protected readonly nothing = computed(() => this.work.hasValue() && nothingAsked(this.work.value()));

  /** The rounds' dialogues, named: the secretariat follows several dialogues' rounds at once. */
  private readonly dialogues = rxResource({
    params: () => (this.secretariat() ? true : undefined),
    stream: () =>
      this.http.get<DialogueView[]>('/api/dialogues').pipe(map((list) => new Map(list.map((d): [string, Bilingual] => [d.id, d.title])))),
  });

  constructor() {
    merge(inject(NotificationsStore).arrivals, this.store.queueUpdates)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.work.reload());
  }

  protected dialogueTitle(round: RoundSummary): Bilingual | null {
    return (this.dialogues.hasValue() ? this.dialogues.value().get(round.dialogueId) : null) ?? null;
  }

  /** Whole percent, as the completion reads on the round's page. */
  protected percent(rate: number): number {
    return Math.round(rate * 100);
  }
}
