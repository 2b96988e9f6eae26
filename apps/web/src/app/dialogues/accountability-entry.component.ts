import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { AccountabilityReportView } from '@suivi/contracts';
import { LocalDatePipe } from '../core/local-format.pipes';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { CommitmentBadgesComponent } from '../shared/commitment-badges.component';
import { OrgNameComponent } from '../shared/org-name.component';
import { StatusBadgeComponent } from '../shared/status-badge.component';

export type AccountabilityEntry = AccountabilityReportView['unlinked'][number];

/** One commitment in the accountability report: who, when, its state, and the latest word of each side. */
@Component({
  selector: 'suivi-accountability-entry',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    TranslocoPipe,
    LocalDatePipe,
    BilingualTextComponent,
    CommitmentBadgesComponent,
    OrgNameComponent,
    StatusBadgeComponent,
  ],
  template: `
    @let c = entry().commitment;
    <article class="accountability-item">
      <h3>
        <a [routerLink]="['/commitments', c.id]"><suivi-bi [value]="c.title" /></a>
      </h3>
      <p class="print-url">{{ origin }}/commitments/{{ c.id }}</p>
      <dl class="meta">
        <div>
          <dt>{{ 'accountability.owner' | transloco }}</dt>
          <dd><suivi-org-name [org]="c.owner" [full]="true" /></dd>
        </div>
        <div>
          <dt>{{ 'accountability.due' | transloco }}</dt>
          <dd>
            @if (c.dueDate) {
              <time [attr.datetime]="c.dueDate">{{ c.dueDate | localDate }}</time>
            } @else {
              {{ 'accountability.noDue' | transloco }}
            }
          </dd>
        </div>
      </dl>
      <p><suivi-commitment-badges [state]="c" /></p>
      @if (entry().latestRound; as round) {
        <p class="accountability-latest-round">
          <span class="label">{{ 'accountability.latestRound' | transloco }}</span>&ngsp; <suivi-bi [value]="round.title" /> —
          {{ 'rounds.commitment.self_report.' + round.states.self_report | transloco }}
          @if (round.states.independent_assessment; as assessment) {
            · {{ 'rounds.commitment.independent_assessment.' + assessment | transloco }}
          }
        </p>
      }
      <div class="accountability-reports">
        @for (side of sides(); track side.key) {
          <section class="accountability-report">
            <h4 class="label">{{ 'accountability.' + side.key | transloco }}</h4>
            @if (side.report; as rep) {
              <p class="report-meta">
                <suivi-status-badge [status]="rep.status" [kind]="side.kind" />
                <time [attr.datetime]="rep.createdAt">{{ rep.createdAt | localDate }}</time>
                <suivi-org-name [org]="rep.organization" [full]="true" />
              </p>
              <p class="prose"><suivi-bi [value]="rep.narrative" /></p>
            } @else {
              <p class="muted">{{ 'accountability.' + side.none | transloco }}</p>
            }
          </section>
        }
      </div>
    </article>
  `,
})
export class AccountabilityEntryComponent {
  readonly entry = input.required<AccountabilityEntry>();
  /** Printed under the title, since paper has no links. */
  protected readonly origin = inject(DOCUMENT).location.origin;

  protected readonly sides = computed(() => {
    const e = this.entry();
    return [
      { key: 'latestSelfReport', none: 'noSelfReport', kind: 'current' as const, report: e.latestSelfReport },
      { key: 'latestAssessment', none: 'noAssessment', kind: 'assessed' as const, report: e.latestAssessment },
    ];
  });
}
