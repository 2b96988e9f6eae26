import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';

/** A list of vocabulary values (themes, regions, stakeholder groups) as translated tags. */
@Component({
  selector: 'suivi-vocabulary-tags',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe],
  template: `
    <ul class="tags">
      @for (value of values(); track value) {
        <li>{{ vocabulary() + '.' + value | transloco }}</li>
      } @empty {
        @if (showNone()) {
          <li>{{ 'common.none' | transloco }}</li>
        }
      }
    </ul>
  `,
})
export class VocabularyTagsComponent {
  readonly values = input.required<readonly string[]>();
  /** The translation section holding the labels: 'themes', 'regions' or 'groups'. */
  readonly vocabulary = input.required<'themes' | 'regions' | 'groups'>();
  /** Say "None" for an empty list (detail pages) rather than show nothing (cards). */
  readonly showNone = input(true);
}
