import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { CommitmentSummary } from '@suivi/contracts';
import { LocalDatePipe } from '../core/local-format.pipes';
import { BilingualTextComponent } from './bilingual-text.component';
import { CommitmentBadgesComponent } from './commitment-badges.component';
import { OrgNameComponent } from './org-name.component';
import { VocabularyTagsComponent } from './vocabulary-tags.component';

@Component({
  selector: 'suivi-commitment-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    VocabularyTagsComponent,
    RouterLink,
    TranslocoPipe,
    LocalDatePipe,
    BilingualTextComponent,
    CommitmentBadgesComponent,
    OrgNameComponent,
  ],
  template: `
    @let c = commitment();
    <article class="card">
      <h3 class="card-title">
        <a [routerLink]="['/commitments', c.id]"><suivi-bi [value]="c.title" /></a>
      </h3>
      <suivi-commitment-badges [state]="c" />
      <dl class="meta">
        <div>
          <dt>{{ 'commitment.owner' | transloco }}</dt>
          <dd><suivi-org-name [org]="c.owner" /></dd>
        </div>
        <div>
          <dt>{{ 'commitment.dueDate' | transloco }}</dt>
          <dd>
            @if (c.dueDate) {
              <time [attr.datetime]="c.dueDate">{{ c.dueDate | localDate }}</time>
            } @else {
              {{ 'commitment.noDueDate' | transloco }}
            }
          </dd>
        </div>
        @if (c.themes.length) {
          <div>
            <dt>{{ 'commitment.themes' | transloco }}</dt>
            <dd>
              <suivi-vocabulary-tags [values]="c.themes" vocabulary="themes" [showNone]="false" />
            </dd>
          </div>
        }
      </dl>
    </article>
  `,
})
export class CommitmentCardComponent {
  readonly commitment = input.required<CommitmentSummary>();
}
