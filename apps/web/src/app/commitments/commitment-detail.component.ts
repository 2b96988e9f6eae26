import { ChangeDetectionStrategy, Component, computed, effect, inject, input, viewChild } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { can, pickText } from '@suivi/contracts';
import { LanguageService } from '../core/language.service';
import { LocalDatePipe, LocalNumberPipe, UnitPipe } from '../core/local-format.pipes';
import { PageTitle } from '../core/page-title';
import { RealtimeService } from '../core/realtime/realtime.service';
import { DiscussionPanelComponent } from '../discussion/discussion-panel.component';
import { CommitmentRoundsComponent } from '../rounds/commitment-rounds.component';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { CommitmentBadgesComponent } from '../shared/commitment-badges.component';
import { FollowButtonComponent } from '../shared/follow/follow-button.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { OrgNameComponent } from '../shared/org-name.component';
import { StatusBadgeComponent } from '../shared/status-badge.component';
import { VocabularyTagsComponent } from '../shared/vocabulary-tags.component';
import { CommitmentEditComponent } from './commitment-edit.component';
import { CommitmentMilestonesComponent } from './commitment-milestones.component';
import { CommitmentTimelineComponent } from './commitment-timeline.component';
import { CommitmentStore } from './commitment.store';
import { ReportFormComponent } from './report-form.component';
import { TranslateDialogComponent } from './translate-dialog.component';
import { VerifyDialogComponent } from './verify-dialog.component';

/**
 * A commitment's page: its state and details, milestones, the report forms, the timeline and the
 * discussion, live while open. Its state is the store's; the actions on a report are dialogs.
 */
@Component({
  selector: 'suivi-commitment-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DiscussionPanelComponent,
    VocabularyTagsComponent,
    RouterLink,
    TranslocoPipe,
    LocalDatePipe,
    LocalNumberPipe,
    UnitPipe,
    BilingualTextComponent,
    CommitmentBadgesComponent,
    FollowButtonComponent,
    LoadStateComponent,
    OrgNameComponent,
    StatusBadgeComponent,
    CommitmentEditComponent,
    CommitmentMilestonesComponent,
    CommitmentTimelineComponent,
    ReportFormComponent,
    TranslateDialogComponent,
    VerifyDialogComponent,
    CommitmentRoundsComponent,
  ],
  providers: [CommitmentStore],
  templateUrl: './commitment-detail.component.html',
})
export class CommitmentDetailComponent {
  /** The route's `:id`. */
  readonly id = input.required<string>();

  protected readonly store = inject(CommitmentStore);
  protected readonly realtime = inject(RealtimeService);
  protected readonly viewer = this.store.viewer;
  /** The secretariat curates: it may edit the commitment itself (its form is a deferred chunk, loaded for it alone). */
  protected readonly mayCurate = computed(() => can.curate(this.viewer()));

  protected readonly verifyDialog = viewChild.required(VerifyDialogComponent);
  protected readonly translateDialog = viewChild.required(TranslateDialogComponent);

  constructor() {
    this.store.follow(this.id);
    const pageTitle = inject(PageTitle);
    const lang = inject(LanguageService).lang;
    effect(() => {
      const c = this.store.view();
      pageTitle.set(c ? pickText(c.title, lang()).text : null);
    });
  }
}
