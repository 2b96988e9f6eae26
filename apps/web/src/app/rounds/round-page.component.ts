import { ChangeDetectionStrategy, Component, computed, effect, inject, input, linkedSignal, signal, viewChild } from '@angular/core';
import { rxResource, takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { type OrganizationRef, type RoundRequestView, type RoundView, can, pickText } from '@suivi/contracts';
import { EMPTY, Subject, debounceTime, distinctUntilChanged, filter, map, switchMap, tap } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { BilingualPipe } from '../core/bilingual.pipe';
import { LanguageService } from '../core/language.service';
import { LocalDatePipe } from '../core/local-format.pipes';
import { PageTitle } from '../core/page-title';
import { RealtimeService } from '../core/realtime/realtime.service';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { OrgNameComponent } from '../shared/org-name.component';
import { roundUpdates } from './live-rounds';
import { RequestStateComponent, RoundStateComponent } from './round-badges.component';
import { RoundCloseDialogComponent } from './round-close-dialog.component';
import { RoundCompletionComponent } from './round-completion.component';
import { RoundEditDialogComponent } from './round-edit-dialog.component';
import { RoundsApi } from './rounds-api.service';

/** After a pushed change, the requests (which the push does not carry) are read again once things settle. */
export const REQUESTS_REFRESH_MS = 1000;

/** One commitment's requests in a round: its self-report and, when invited, its independent assessment. */
export interface CommitmentRequests {
  commitmentId: string;
  title: RoundRequestView['commitmentTitle'];
  owner: OrganizationRef | null;
  requests: RoundRequestView[];
}

/** Requests grouped by commitment, in the order the API lists them, the self-report first. */
export function byCommitment(round: RoundView): CommitmentRequests[] {
  const orgs = new Map(round.completion.byOrganization.map((o) => [o.organization.id, o.organization]));
  const groups = new Map<string, CommitmentRequests>();
  for (const request of round.requests) {
    let group = groups.get(request.commitmentId);
    if (!group) {
      group = { commitmentId: request.commitmentId, title: request.commitmentTitle, owner: null, requests: [] };
      groups.set(request.commitmentId, group);
    }
    if (request.track === 'self_report' && request.organizationId) {
      group.owner = orgs.get(request.organizationId) ?? null;
    }
    group.requests.push(request);
  }
  for (const group of groups.values()) {
    group.requests.sort((a, b) => (a.track === b.track ? 0 : a.track === 'self_report' ? -1 : 1));
  }
  return [...groups.values()];
}

/**
 * A reporting round's public page (`/rounds/:id`): its state and dates, its completion overall,
 * by organisation and by stakeholder group, and each request. Live: the dialogue's room pushes
 * the round's figures after every report; the requests follow with a fresh read.
 */
@Component({
  selector: 'suivi-round-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    TranslocoPipe,
    LocalDatePipe,
    BilingualPipe,
    BilingualTextComponent,
    LoadStateComponent,
    OrgNameComponent,
    RequestStateComponent,
    RoundStateComponent,
    RoundCompletionComponent,
    RoundEditDialogComponent,
    RoundCloseDialogComponent,
  ],
  templateUrl: './round-page.component.html',
  styles: `
    .round-kind {
      margin: 0;
    }
    .round-requests > li {
      display: grid;
      gap: var(--space-1);
    }
    .round-tracks {
      display: grid;
      gap: var(--space-1);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .round-tracks li {
      border: 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--space-1) var(--space-2);
    }
    .round-share {
      display: grid;
      gap: var(--space-3);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .round-share-name {
      margin: 0 0 var(--space-1);
      font-weight: 600;
    }
  `,
})
export class RoundPageComponent {
  /** The route's `:id`. */
  readonly id = input.required<string>();

  private readonly api = inject(RoundsApi);
  private readonly transloco = inject(TranslocoService);
  private readonly lang = inject(LanguageService).lang;
  protected readonly realtime = inject(RealtimeService);
  private readonly viewer = inject(AuthService).viewer;
  /** The secretariat edits and closes rounds (the API's rule). */
  protected readonly mayManage = computed(() => can.manageRounds(this.viewer()));

  protected readonly round = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.get(params) });
  /** The round as last read, saved or pushed. */
  protected readonly view = linkedSignal<RoundView | null>(() => (this.round.hasValue() ? this.round.value() : null));
  protected readonly commitments = computed(() => {
    const v = this.view();
    return v ? byCommitment(v) : [];
  });
  /** Announced when the figures change under the reader's eyes. */
  protected readonly announcement = signal<string | null>(null);

  protected readonly editDialog = viewChild.required(RoundEditDialogComponent);
  protected readonly closeDialog = viewChild.required(RoundCloseDialogComponent);
  private readonly refreshSoon = new Subject<void>();

  constructor() {
    const pageTitle = inject(PageTitle);
    effect(() => {
      const v = this.view();
      pageTitle.set(v ? pickText(v.title, this.lang()).text : null);
    });
    toObservable(computed(() => this.view()?.dialogueId ?? null))
      .pipe(
        distinctUntilChanged(),
        switchMap((dialogueId) => (dialogueId ? roundUpdates(this.realtime, dialogueId) : EMPTY)),
        filter((pushed) => pushed.id === this.id()),
        map((pushed) => ({ pushed, current: this.view() })),
        filter(({ pushed, current }) => current !== null && pushed.version >= current.version),
        tap(({ pushed, current }) => {
          this.view.set({ ...(current as RoundView), ...pushed });
          this.announcement.set(this.transloco.translate('rounds.live.changed'));
          this.refreshSoon.next();
        }),
        takeUntilDestroyed(),
      )
      .subscribe();
    this.refreshSoon.pipe(debounceTime(REQUESTS_REFRESH_MS), takeUntilDestroyed()).subscribe(() => this.round.reload());
  }

  protected onSaved(round: RoundView): void {
    this.view.set(round);
  }
}
