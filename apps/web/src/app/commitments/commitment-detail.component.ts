import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { type CommitmentView, pickText } from '@suivi/contracts';
import { LanguageService } from '../core/language.service';
import { LocalDatePipe, LocalNumberPipe } from '../core/local-format.pipes';
import { PageTitle } from '../core/page-title';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { CommitmentBadgesComponent } from '../shared/commitment-badges.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { OrgNameComponent } from '../shared/org-name.component';
import { StatusBadgeComponent } from '../shared/status-badge.component';
import { CommitmentTimelineComponent } from './commitment-timeline.component';
import { CommitmentsApi } from './commitments-api.service';

@Component({
  selector: 'suivi-commitment-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    TranslocoPipe,
    LocalDatePipe,
    LocalNumberPipe,
    BilingualTextComponent,
    CommitmentBadgesComponent,
    LoadStateComponent,
    OrgNameComponent,
    StatusBadgeComponent,
    CommitmentTimelineComponent,
  ],
  templateUrl: './commitment-detail.component.html',
})
export class CommitmentDetailComponent {
  /** The route's `:id`. */
  readonly id = input.required<string>();

  private readonly api = inject(CommitmentsApi);
  private readonly lang = inject(LanguageService).lang;

  protected readonly commitment = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.get(params) });
  protected readonly timeline = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.timeline(params) });

  protected readonly view = computed<CommitmentView | null>(() =>
    this.commitment.hasValue() ? this.commitment.value() : null,
  );

  constructor() {
    const pageTitle = inject(PageTitle);
    effect(() => {
      const c = this.view();
      pageTitle.set(c ? pickText(c.title, this.lang()).text : null);
    });
  }
}
