import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import type { ThreadVisibility } from '@suivi/contracts';

/** Translation keys use `group_civil_society` for `group:civil_society`. */
export function audienceKeyOf(visibility: ThreadVisibility): string {
  return visibility.replace(':', '_');
}

/**
 * Who can read a thread, said in words (DESIGN.md's permissions table, "read … threads"): a
 * line in the list, the whole of it on the thread's page, where a safe space also says what
 * the secretariat, which reads and moderates it, sees of a pseudonymous message.
 */
@Component({
  selector: 'suivi-thread-audience',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe],
  template: `
    @if (detail() === 'full') {
      <p class="thread-audience thread-audience-full">
        <strong>{{ 'discussion.audience.label' | transloco }}</strong>
        {{ 'discussion.audience.' + key() + '.full' | transloco }}
      </p>
    } @else {
      <p class="thread-audience">
        <span class="thread-audience-label">{{ 'discussion.audience.label' | transloco }}</span>
        {{ 'discussion.audience.' + key() + '.short' | transloco }}
      </p>
    }
  `,
})
export class ThreadAudienceComponent {
  readonly visibility = input.required<ThreadVisibility>();
  readonly detail = input<'short' | 'full'>('short');
  protected readonly key = computed(() => audienceKeyOf(this.visibility()));
}
