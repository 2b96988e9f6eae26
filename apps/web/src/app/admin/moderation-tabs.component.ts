import { ChangeDetectionStrategy, Component } from '@angular/core';
import { type IsActiveMatchOptions, RouterLink, RouterLinkActive } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';

/** The two views of moderation: the reports queue and the sanctions list. */
@Component({
  selector: 'suivi-moderation-tabs',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, RouterLinkActive, TranslocoPipe],
  template: `
    <nav class="sub-nav moderation-tabs" [attr.aria-label]="'admin.moderation.tabs' | transloco">
      <ul>
        <li>
          <a
            routerLink="/admin/moderation"
            routerLinkActive="active"
            [routerLinkActiveOptions]="reportsOnly"
            ariaCurrentWhenActive="page"
            >{{ 'admin.moderation.tab.reports' | transloco }}</a
          >
        </li>
        <li>
          <a routerLink="/admin/moderation/sanctions" routerLinkActive="active" ariaCurrentWhenActive="page">{{
            'admin.moderation.tab.sanctions' | transloco
          }}</a>
        </li>
      </ul>
    </nav>
  `,
})
export class ModerationTabsComponent {
  /** The queue's own filters are query parameters: the tab stays active with any of them. */
  protected readonly reportsOnly: IsActiveMatchOptions = {
    paths: 'exact',
    queryParams: 'ignored',
    fragment: 'ignored',
    matrixParams: 'ignored',
  };
}
