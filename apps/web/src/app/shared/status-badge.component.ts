import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import type { ProgressStatus } from '@suivi/contracts';

/** Which status it is: the owner's own (current), civil society's (assessed), or the secretariat's check (verified). */
export type StatusKind = 'current' | 'assessed' | 'verified';

@Component({
  selector: 'suivi-status-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe],
  template: `
    <span class="badge status-{{ status() }}" [class.badge-outline]="kind() !== 'current'">
      @if (kind() !== 'current') {
        <span class="badge-prefix">{{ 'statusKind.' + kind() | transloco }}</span>
      }
      {{ 'status.' + status() | transloco }}
    </span>
  `,
})
export class StatusBadgeComponent {
  readonly status = input.required<ProgressStatus>();
  readonly kind = input<StatusKind>('current');
}
