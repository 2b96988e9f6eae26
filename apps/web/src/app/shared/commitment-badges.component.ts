import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import type { CommitmentState } from '@suivi/contracts';
import { StatusBadgeComponent } from './status-badge.component';

type BadgeState = Pick<CommitmentState, 'currentStatus' | 'assessedStatus' | 'overdue' | 'contested'> &
  Partial<Pick<CommitmentState, 'verifiedStatus'>>;

/** A commitment's derived state as badges: its status, civil society's differing view, overdue, contested. */
@Component({
  selector: 'suivi-commitment-badges',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe, StatusBadgeComponent],
  template: `
    <span class="badges">
      <suivi-status-badge [status]="state().currentStatus" />
      @if (verified(); as verified) {
        <suivi-status-badge [status]="verified" kind="verified" />
      }
      @if (assessed(); as assessed) {
        <suivi-status-badge [status]="assessed" kind="assessed" />
      }
      @if (state().overdue) {
        <span class="badge badge-overdue">{{ 'badges.overdue' | transloco }}</span>
      }
      @if (state().contested) {
        <span class="badge badge-contested">{{ 'badges.contested' | transloco }}</span>
      }
    </span>
  `,
})
export class CommitmentBadgesComponent {
  readonly state = input.required<BadgeState>();
  /** Also show the verified status when it differs from the current one (detail pages). */
  readonly withVerified = input(false);

  /** Civil society's status, when it differs from the owner's: when the API says the commitment is contested. */
  protected readonly assessed = computed(() => {
    const { assessedStatus, contested } = this.state();
    return contested ? assessedStatus : null;
  });

  /** The secretariat's verified status, when asked for and different from the owner's latest. */
  protected readonly verified = computed(() => {
    const { verifiedStatus, currentStatus } = this.state();
    return this.withVerified() && verifiedStatus !== currentStatus ? (verifiedStatus ?? null) : null;
  });
}
