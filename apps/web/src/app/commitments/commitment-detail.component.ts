import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  signal,
  viewChild,
} from '@angular/core';
import { rxResource, takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { type CommitmentView, type Locale, NARRATIVE_MAX_LENGTH, type ReportView, can, isActive, pickText } from '@suivi/contracts';
import { Subject, debounceTime, filter, firstValueFrom, merge, switchMap, tap } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { LocalDatePipe, LocalNumberPipe, UnitPipe } from '../core/local-format.pipes';
import { PageTitle } from '../core/page-title';
import { RealtimeService } from '../core/realtime/realtime.service';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { CommitmentBadgesComponent } from '../shared/commitment-badges.component';
import { DialogComponent } from '../shared/dialog.component';
import { FollowButtonComponent } from '../shared/follow/follow-button.component';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import {
  type Failure,
  describedBy,
  fieldErrors,
  focusFirstProblem,
  formChanges,
  formFailure,
  httpStatusOf,
  notBlank,
} from '../shared/forms/form-errors';
import { LoadStateComponent } from '../shared/load-state.component';
import { OrgNameComponent } from '../shared/org-name.component';
import { StatusBadgeComponent } from '../shared/status-badge.component';
import { DiscussionPanelComponent } from '../discussion/discussion-panel.component';
import { CommitmentEditComponent } from './commitment-edit.component';
import { CommitmentMilestonesComponent } from './commitment-milestones.component';
import { CommitmentTimelineComponent } from './commitment-timeline.component';
import { CommitmentsApi } from './commitments-api.service';
import { liveTimeline, upsertReport } from './live-timeline';
import { ReportFormComponent } from './report-form.component';
import { ReportsApi } from './reports-api.service';
import { VocabularyTagsComponent } from '../shared/vocabulary-tags.component';

/** After a live change, the timeline's history is read again once things have settled. */
export const TIMELINE_REFRESH_MS = 1500;
export const VERIFICATION_NOTE_MAX_LENGTH = 2000;

@Component({
  selector: 'suivi-commitment-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DiscussionPanelComponent,
    VocabularyTagsComponent,
    ReactiveFormsModule,
    RouterLink,
    TranslocoPipe,
    LocalDatePipe,
    LocalNumberPipe,
    UnitPipe,
    BilingualTextComponent,
    CommitmentBadgesComponent,
    DialogComponent,
    FieldErrorComponent,
    FollowButtonComponent,
    LoadStateComponent,
    OrgNameComponent,
    StatusBadgeComponent,
    CommitmentEditComponent,
    CommitmentMilestonesComponent,
    CommitmentTimelineComponent,
    ReportFormComponent,
  ],
  templateUrl: './commitment-detail.component.html',
})
export class CommitmentDetailComponent {
  /** The route's `:id`. */
  readonly id = input.required<string>();

  private readonly api = inject(CommitmentsApi);
  private readonly reports = inject(ReportsApi);
  private readonly transloco = inject(TranslocoService);
  private readonly lang = inject(LanguageService).lang;
  private readonly injector = inject(Injector);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly realtime = inject(RealtimeService);
  protected readonly viewer = inject(AuthService).viewer;
  protected readonly describedBy = describedBy;
  /** The secretariat curates: it may edit the commitment itself (its form is a deferred chunk, loaded for it alone). */
  protected readonly mayCurate = computed(() => can.curate(this.viewer()));

  protected readonly commitment = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.get(params) });
  protected readonly timeline = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.timeline(params) });

  /** The commitment as last read or pushed: its derived state follows 'commitment.updated'. */
  protected readonly view = linkedSignal<CommitmentView | null>(() => (this.commitment.hasValue() ? this.commitment.value() : null));
  /** The owner organisation, named in the reader's language (the contested notice says whose report differs). */
  protected readonly ownerName = computed(() => {
    const owner = this.view()?.owner;
    return owner ? pickText(owner.name, this.lang()).text : '';
  });
  /** Reports received since the timeline was read (pushed, or one's own). */
  private readonly received = linkedSignal<string, ReportView[]>({ source: () => this.id(), computation: () => [] });
  protected readonly shownTimeline = computed(() =>
    this.timeline.hasValue() ? liveTimeline(this.timeline.value(), this.received()) : null,
  );
  /** Announced to everyone: a report someone else just published. */
  protected readonly arrival = signal<string | null>(null);
  /** What the last action on a report did. */
  protected readonly actionDone = signal<string | null>(null);

  protected readonly selfReports = computed(() => this.shownTimeline()?.selfReports ?? []);
  /**
   * What the verified status stands on: the latest verified self-report, when it was written and
   * verified, and the date of a newer self-report not verified yet (a regression reported since
   * must not hide behind "Verified: Completed").
   */
  protected readonly verifiedStanding = computed(() => {
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
  protected readonly ownAssessments = computed(() => {
    const viewer = this.viewer();
    return (this.shownTimeline()?.assessments ?? []).filter((a) => can.administer(viewer) || a.organization.id === viewer?.organizationId);
  });

  private readonly refreshSoon = new Subject<void>();

  // Verification by the secretariat

  protected readonly verifying = signal<ReportView | null>(null);
  protected readonly verifyForm = this.fb.group({ note: ['', Validators.maxLength(VERIFICATION_NOTE_MAX_LENGTH)] });
  protected readonly verifySending = signal(false);
  protected readonly verifyFailure = signal<Failure | null>(null);
  private readonly verifySubmitted = signal(false);
  private readonly verifyChanges = formChanges(this.verifyForm);
  protected readonly verifyErrors = computed(() => {
    this.verifyChanges();
    return fieldErrors(this.verifyForm, this.verifySubmitted());
  });
  private readonly verifyDialog = viewChild.required<DialogComponent>('verifyDialog');
  private readonly verifyElement = viewChild.required('verifyDialog', { read: ElementRef<HTMLElement> });

  // The missing language of a narrative

  protected readonly translating = signal<{ report: ReportView; locale: Locale } | null>(null);
  protected readonly translateForm = this.fb.group({
    narrative: ['', [Validators.required, notBlank, Validators.maxLength(NARRATIVE_MAX_LENGTH)]],
  });
  protected readonly translateSending = signal(false);
  protected readonly translateFailure = signal<Failure | null>(null);
  private readonly translateSubmitted = signal(false);
  private readonly translateChanges = formChanges(this.translateForm);
  protected readonly translateErrors = computed(() => {
    this.translateChanges();
    return fieldErrors(this.translateForm, this.translateSubmitted());
  });
  private readonly translateDialog = viewChild.required<DialogComponent>('translateDialog');
  private readonly translateElement = viewChild.required('translateDialog', { read: ElementRef<HTMLElement> });

  constructor() {
    const pageTitle = inject(PageTitle);
    effect(() => {
      const c = this.view();
      pageTitle.set(c ? pickText(c.title, this.lang()).text : null);
    });

    // Live: the commitment's room while the page is open. A draft in a form is never touched.
    toObservable(this.id)
      .pipe(
        switchMap((id) =>
          merge(
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
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe();
    // Verifications by others and the history arrive with the next read of the timeline.
    this.refreshSoon.pipe(debounceTime(TIMELINE_REFRESH_MS), takeUntilDestroyed()).subscribe(() => this.timeline.reload());
  }

  /** Reports of one's own on their way (a slow upload): the server may push them back before it answers. */
  private readonly ownSending = signal(0);
  /**
   * Reports from one's own organisation pushed while one's own was on its way: shown at once,
   * and announced as news once the answers are in, unless one of them was the answer. No guess.
   */
  private held: ReportView[] = [];
  private readonly answered = new Set<string>();

  protected onSending(sending: boolean): void {
    this.ownSending.update((n) => Math.max(0, n + (sending ? 1 : -1)));
    if (!sending && this.ownSending() === 0) {
      const news = this.held.filter((r) => !this.answered.has(r.id));
      this.held = [];
      news.forEach((r) => this.announce(r));
    }
  }

  private onPushed(report: ReportView): void {
    const mayBeOwn = this.ownSending() > 0 && report.organization.id === this.viewer()?.organizationId;
    if (mayBeOwn && !this.isShown(report.id)) {
      this.held.push(report);
    }
    this.receive(report, !mayBeOwn);
  }

  /** One's own report, as the server answered: shown at once, with the commitment's new state the answer carries. */
  protected async onSubmitted(report: ReportView): Promise<void> {
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

  /** A milestone saved here: the timeline's history gains its audit event. */
  protected refreshTimeline(): void {
    this.refreshSoon.next();
  }

  protected openVerify(report: ReportView): void {
    this.verifying.set(report);
    this.verifyForm.reset({ note: '' });
    this.verifySubmitted.set(false);
    this.verifyFailure.set(null);
    this.verifyDialog().open();
  }

  protected async submitVerify(): Promise<void> {
    const report = this.verifying();
    if (!report) {
      return;
    }
    this.verifySubmitted.set(true);
    this.verifyFailure.set(null);
    if (this.verifyForm.invalid) {
      focusFirstProblem(this.verifyElement().nativeElement, this.injector);
      return;
    }
    this.verifySending.set(true);
    try {
      const note = this.verifyForm.getRawValue().note.trim();
      const verified = await firstValueFrom(this.reports.verify(report.id, note ? { note } : {}));
      this.receive(verified, false);
      if (verified.commitment) {
        this.view.set(verified.commitment);
      }
      this.actionDone.set('verify.done');
      this.verifyDialog().close();
      this.refreshSoon.next();
    } catch (error: unknown) {
      if (httpStatusOf(error) === 409) {
        this.verifyFailure.set({ key: 'verify.already', params: {} });
        this.timeline.reload();
      } else {
        this.verifyFailure.set(formFailure(this.verifyForm, error));
      }
      focusFirstProblem(this.verifyElement().nativeElement, this.injector);
    } finally {
      this.verifySending.set(false);
    }
  }

  protected openTranslate(target: { report: ReportView; locale: Locale }): void {
    this.translating.set(target);
    this.translateForm.reset({ narrative: '' });
    this.translateSubmitted.set(false);
    this.translateFailure.set(null);
    this.translateDialog().open();
  }

  protected async submitTranslate(): Promise<void> {
    const target = this.translating();
    if (!target) {
      return;
    }
    this.translateSubmitted.set(true);
    this.translateFailure.set(null);
    if (this.translateForm.invalid) {
      focusFirstProblem(this.translateElement().nativeElement, this.injector);
      return;
    }
    this.translateSending.set(true);
    try {
      const narrative = this.translateForm.getRawValue().narrative.trim();
      this.receive(await firstValueFrom(this.reports.translate(target.report.id, { locale: target.locale, narrative })), false);
      this.actionDone.set('translation.done');
      this.translateDialog().close();
    } catch (error: unknown) {
      if (httpStatusOf(error) === 409) {
        this.translateFailure.set({ key: 'translation.already', params: {} });
        this.timeline.reload();
      } else {
        this.translateFailure.set(formFailure(this.translateForm, error));
      }
      focusFirstProblem(this.translateElement().nativeElement, this.injector);
    } finally {
      this.translateSending.set(false);
    }
  }

  /** The other language's text, shown to the translator. */
  protected original(target: { report: ReportView; locale: Locale }): string {
    return target.report.narrative[target.locale === 'en' ? 'fr' : 'en'] ?? '';
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
