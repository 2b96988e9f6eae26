import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import type { RecommendationDetailView } from '@suivi/contracts';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { PageTitle } from '../core/page-title';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { CommitmentCardComponent } from '../shared/commitment-card.component';
import { FollowButtonComponent } from '../shared/follow/follow-button.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { StatusBarComponent } from '../shared/status-bar.component';
import { DiscussionPanelComponent } from '../discussion/discussion-panel.component';
import { RecommendationsApi } from './recommendations-api.service';
import { VocabularyTagsComponent } from '../shared/vocabulary-tags.component';

@Component({
  selector: 'suivi-recommendation-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    VocabularyTagsComponent,
    RouterLink,
    TranslocoPipe,
    BilingualTextComponent,
    CommitmentCardComponent,
    DiscussionPanelComponent,
    FollowButtonComponent,
    LoadStateComponent,
    StatusBarComponent,
  ],
  template: `
    @if (view(); as r) {
      <p class="breadcrumb">
        <a [routerLink]="['/dialogues', r.dialogueId]">{{ 'recommendation.backToDialogue' | transloco }}</a>
      </p>
      <h1>{{ 'recommendation.heading' | transloco: { code: r.code } }}</h1>
      <blockquote class="recommendation-text"><suivi-bi [value]="r.text" /></blockquote>
      <suivi-follow-button subjectType="recommendation" [subjectId]="r.id" />
      @if (mayCurate()) {
        <p class="curation-links">
          <a class="button button-secondary" [routerLink]="['/recommendations', r.id, 'edit']">{{
            'recommendationForm.edit' | transloco
          }}</a>
          <a class="button button-secondary" routerLink="/commitments/new" [queryParams]="{ dialogue: r.dialogueId }">{{
            'commitmentEdit.newTitle' | transloco
          }}</a>
        </p>
      }

      <section class="panel" aria-labelledby="about-title">
        <h2 id="about-title" class="visually-hidden">{{ 'recommendation.about' | transloco }}</h2>
        <dl class="meta meta-wide">
          <div>
            <dt>{{ 'recommendation.addressedTo' | transloco }}</dt>
            <dd>
              <suivi-vocabulary-tags [values]="r.addressedTo" vocabulary="groups" />
            </dd>
          </div>
          <div>
            <dt>{{ 'commitment.themes' | transloco }}</dt>
            <dd>
              <suivi-vocabulary-tags [values]="r.themes" vocabulary="themes" />
            </dd>
          </div>
        </dl>
      </section>

      <section class="panel" aria-labelledby="progress-title">
        <h2 id="progress-title">{{ 'recommendation.progress' | transloco }}</h2>
        <suivi-status-bar [counts]="r.progress" />
      </section>

      <section aria-labelledby="commitments-title">
        <h2 id="commitments-title">{{ 'recommendation.commitments' | transloco: { count: r.commitments.length } }}</h2>
        <ul class="card-list">
          @for (c of r.commitments; track c.id) {
            <li><suivi-commitment-card [commitment]="c" /></li>
          } @empty {
            <li class="notice">{{ 'recommendation.noCommitments' | transloco }}</li>
          }
        </ul>
      </section>

      @defer (on viewport; prefetch on idle) {
        <suivi-discussion-panel subjectType="recommendation" [subjectId]="r.id" />
      } @placeholder {
        <section class="panel discussion-placeholder" aria-hidden="true"></section>
      }
    } @else {
      <suivi-load-state [error]="recommendation.error()" minHeight="24rem" (retry)="recommendation.reload()" />
    }
  `,
})
export class RecommendationDetailComponent {
  /** The route's `:id`. */
  readonly id = input.required<string>();

  private readonly api = inject(RecommendationsApi);
  protected readonly mayCurate = inject(AuthService).mayCurate;
  protected readonly recommendation = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.get(params) });
  protected readonly view = computed<RecommendationDetailView | null>(() =>
    this.recommendation.hasValue() ? this.recommendation.value() : null,
  );

  constructor() {
    const pageTitle = inject(PageTitle);
    const transloco = inject(TranslocoService);
    const lang = inject(LanguageService).lang;
    effect(() => {
      lang();
      const code = this.view()?.code;
      pageTitle.set(code ? transloco.translate('recommendation.heading', { code }) : null);
    });
  }
}
