import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import type { ThreadVisibility } from '@suivi/contracts';

/** Who may read a thread, as a badge: a safe space says which group it is for. */
@Component({
  selector: 'suivi-thread-visibility',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe],
  template: `
    @let v = label();
    <span class="badge badge-visibility visibility-{{ v.kind }}">
      @if (v.group) {
        {{ 'discussion.visibility.group' | transloco: { group: ('groups.' + v.group | transloco) } }}
      } @else {
        {{ 'discussion.visibility.' + v.kind | transloco }}
      }
    </span>
  `,
})
export class ThreadVisibilityComponent {
  readonly visibility = input.required<ThreadVisibility>();
  protected readonly label = computed(() => {
    const v = this.visibility();
    return v.startsWith('group:') ? { kind: 'group', group: v.slice('group:'.length) } : { kind: v, group: null };
  });
}
