import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { OrganizationRef } from '@suivi/contracts';
import { BilingualPipe } from '../core/bilingual.pipe';
import { BilingualTextComponent } from './bilingual-text.component';

/** An organisation by its acronym (full name on hover), or by its name when it has none. */
@Component({
  selector: 'suivi-org-name',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BilingualPipe, BilingualTextComponent],
  template: `
    @if (full()) {
      <suivi-bi [value]="org().name" />
      @if (org().acronym; as acronym) {
        ({{ acronym }})
      }
    } @else if (org().acronym; as acronym) {
      <abbr [title]="(org().name | bilingual).text">{{ acronym }}</abbr>
    } @else {
      <suivi-bi [value]="org().name" />
    }
  `,
})
export class OrgNameComponent {
  readonly org = input.required<OrganizationRef>();
  /** Name and acronym instead of the acronym alone. */
  readonly full = input(false);
}
