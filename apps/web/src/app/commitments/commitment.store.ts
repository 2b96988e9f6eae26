import { Injectable, computed, inject, linkedSignal, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { TranslocoService } from '@jsverse/transloco';
import { type CommitmentView, type Locale, type ReportView, can, isActive, pickText } from '@suivi/contracts';
import { EMPTY, Subject, debounceTime, filter, firstValueFrom, merge, switchMap, tap } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { RealtimeService } from '../core/realtime/realtime.service';
import { CommitmentsApi } from './commitments-api.service';
import { liveTimeline, upsertReport } from './live-timeline';
import { ReportsApi } from './reports-api.service';

/** After a live change, the timeline's history is read again once things have settled. */
export const TIMELINE_REFRESH_MS = 1500;

/**
 * One commitment while its page is open: the commitment and its timeline as read, what the
 * room pushes since (reports, the commitment's derived state), one's own reports and actions,
 * and what to announce. Provided by the page, so it lives and dies with it. A draft in a form
 * is never touched: the forms hold their drafts, this holds what the server said.
 */
@Injectable()
export class CommitmentStore {
  private readonly api = inject(CommitmentsApi);
  private readonly reports = inject(ReportsApi);
  private readonly transloco = inject(TranslocoService);
  private readonly lang = inject(LanguageService).lang;
  private readonly realtime = inject(RealtimeService);
  readonly viewer = inject(AuthService).viewer;

  private readonly idSource = signal<() => string | undefined>(() => undefined);
  /** The commitment's id, from the page's route. */
  readonly id = computed(() => this.idSource()());

  readonly commitment = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.get(params) });
  readonly timeline = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.timeline(params) });

  /** The commitment as last read or pushed: its derived state follows 'commitment.updated'. */
  readonly view = linkedSignal<CommitmentView | null>(() => (this.commitment.hasValue() ? this.commitment.value() : null));
  /** The owner organisation, named in the reader's language (the contested notice says whose report differs). */
  readonly ownerName = computed(() => {
    const owner = this.view()?.owner;
    return owner ? pickText(owner.name, this.lang()).text : '';
  });
  /** Reports received since the timeline was read (pushed, or one's own). */
  private readonly received = linkedSignal<string | undefined, ReportView[]>({ source: () => this.id(), computation: () => [] });
  readonly shownTimeline = computed(() => (this.timeline.hasValue() ? liveTimeline(this.timeline.value(), this.received()) : null));
  /** Announced to everyone: a report someone else just published. */
  readonly arrival = signal<string | null>(null);
  /** What the last action on a report did (a translation key). */
  readonly actionDone = signal<string | null>(null);

  readonly selfReports = computed(() => this.shownTimeline()?.selfReports ?? []);
  /**
   * What the verified status stands on: the latest verified self-report, when it was written and
   * verified, and the date of a newer self-report not verified yet (a regression reported since
   * must not hide behind "Verified: Completed").
   */
  readonly verifiedStanding = computed(() => {
    const reports = [...this.selfReports()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const verified = reports.find((r) => r.verification);
    if (!verified?.verification) {
      return null;
    }
    const latest = reports[0];
    return {
      reportedAt: verified.createdAt,
      verifiedAt: verified.verification.verifiedAt,
      newerAt: latest && latest.id !== verified.id ? latest.createdAt : null,
    };
  });
  /** One's own organisation's assessments (the secretariat corrects any). */
  readonly ownAssessments = computed(() => {
    const viewer = this.viewer();
    return (this.shownTimeline()?.assessments ?? []).filter((a) => can.administer(viewer) || a.organization.id === viewer?.organizationId);
  });

  private readonly refreshSoon = new Subject<void>();
  /** Reports of one's own on their way (a slow upload): the server may push them back before it answers. */
  private readonly ownSending = signal(0);
  /**
   * Reports from one's own organisation pushed while one's own was on its way: shown at once,
   * and announced as news once the answers are in, unless one of them was the answer. No guess.
   */
  private held: ReportView[] = [];
  private readonly answered = new Set<string>();

  constructor() {
    // Live: the commitment's room while the page is open.
    toObservable(this.id)
      .pipe(
        switchMap((id) =>
          id
            ? merge(
                this.realtime.listen('report.created', `commitment:${id}`).pipe(
                  filter((r) => r.commitmentId === id),
                  tap((r) => this.onPushed(this.forViewer(r))),
                ),
                this.realtime.listen('commitment.updated', `commitment:${id}`).pipe(
                  filter((c) => c.id === id),
                  tap((c) => {
                    this.view.set(c);
                    this.refreshSoon.next();
                  }),
                ),
              )
            : EMPTY,
        ),
        takeUntilDestroyed(),
      )
      .subscribe();
    // Verifications by others and the history arrive with the next read of the timeline.
    this.refreshSoon.pipe(debounceTime(TIMELINE_REFRESH_MS), takeUntilDestroyed()).subscribe(() => this.timeline.reload());
  }

  /** Follows the page's `:id`. */
  follow(id: () => string | undefined): void {
    this.idSource.set(id);
  }

  /** The timeline read again soon: a change elsewhere on the page (a milestone) adds to its history. */
  refreshTimeline(): void {
    this.refreshSoon.next();
  }

  /** The timeline read again now: what it shows is out of date (a report verified meanwhile). */
  reloadTimeline(): void {
    this.timeline.reload();
  }

  /** One's own report is on its way (true) or answered (false). */
  onSending(sending: boolean): void {
    this.ownSending.update((n) => Math.max(0, n + (sending ? 1 : -1)));
    if (!sending && this.ownSending() === 0) {
      const news = this.held.filter((r) => !this.answered.has(r.id));
      this.held = [];
      news.forEach((r) => this.announce(r));
    }
  }

  /** One's own report, as the server answered: shown at once, with the commitment's new state the answer carries. */
  async onSubmitted(report: ReportView): Promise<void> {
    this.answered.add(report.id);
    this.receive(report, false);
    if (report.commitment) {
      this.view.set(report.commitment);
    } else {
      // An older server: read it (the live 'commitment.updated' brings it too).
      try {
        this.view.set(await firstValueFrom(this.api.get(report.commitmentId)));
      } catch {
        // Nothing lost: the push or the next read shows it.
      }
    }
    this.refreshSoon.next();
  }

  /** The secretariat verifies a report, with an optional note. */
  async verify(report: ReportView, note: string): Promise<void> {
    const verified = await firstValueFrom(this.reports.verify(report.id, note ? { note } : {}));
    this.receive(verified, false);
    if (verified.commitment) {
      this.view.set(verified.commitment);
    }
    this.actionDone.set('verify.done');
    this.refreshSoon.next();
  }

  /** The report's organisation adds the narrative's missing language. */
  async translate(report: ReportView, locale: Locale, narrative: string): Promise<void> {
    this.receive(await firstValueFrom(this.reports.translate(report.id, { locale, narrative })), false);
    this.actionDone.set('translation.done');
  }

  private onPushed(report: ReportView): void {
    const mayBeOwn = this.ownSending() > 0 && report.organization.id === this.viewer()?.organizationId;
    if (mayBeOwn && !this.isShown(report.id)) {
      this.held.push(report);
    }
    this.receive(report, !mayBeOwn);
  }

  /**
   * A pushed report is the view its author's request produced, which may name the author; only
   * the secretariat and the author's own organisation see who wrote a report (DESIGN.md).
   */
  private forViewer(report: ReportView): ReportView {
    const viewer = this.viewer();
    const maySeeAuthor = can.administer(viewer) || (isActive(viewer) && viewer.organizationId === report.organization.id);
    return maySeeAuthor ? report : { ...report, author: null };
  }

  private isShown(reportId: string): boolean {
    return [...(this.shownTimeline()?.selfReports ?? []), ...(this.shownTimeline()?.assessments ?? [])].some((r) => r.id === reportId);
  }

  private receive({ commitment: _state, ...report }: ReportView, announce: boolean): void {
    const known = this.isShown(report.id);
    this.received.update((list) => upsertReport(list, report));
    if (announce && !known) {
      this.announce(report);
    }
  }

  private announce(report: ReportView): void {
    const organization = report.organization.acronym ?? pickText(report.organization.name, this.lang()).text;
    this.arrival.set(
      this.transloco.translate('live.arrived', {
        kind: this.transloco.translate(`reportKind.${report.kind}`).toLowerCase(),
        organization,
      }),
    );
  }
}
