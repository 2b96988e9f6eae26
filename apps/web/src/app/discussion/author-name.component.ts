import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import type { MessageAuthor } from '@suivi/contracts';
import { OrgNameComponent } from '../shared/org-name.component';

/**
 * Who wrote a message, as the API shows it to the reader: a member by name and organisation, a
 * pseudonym marked as one. The pseudonymous shape has nothing else to show, for anyone.
 */
@Component({
  selector: 'suivi-author-name',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe, OrgNameComponent],
  template: `
    @let a = author();
    @if (a.kind === 'member') {
      <span class="author-name">{{ a.name }}</span>
      @if (a.organization; as org) {
        <span class="author-org"><suivi-org-name [org]="org" /></span>
      }
    } @else {
      <span class="author-name author-pseudonym">{{ a.pseudonym }}</span>
      <span class="badge badge-pseudonym">{{ 'discussion.pseudonym' | transloco }}</span>
    }
  `,
})
export class AuthorNameComponent {
  readonly author = input.required<MessageAuthor>();
}
