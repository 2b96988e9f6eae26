import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';

@Component({
  selector: 'suivi-admin-nav',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, RouterLinkActive, TranslocoPipe],
  template: `
    <nav class="sub-nav" [attr.aria-label]="'admin.nav' | transloco">
      <ul>
        <li>
          <a routerLink="/admin/accounts" routerLinkActive="active" ariaCurrentWhenActive="page">{{
            'admin.accounts.title' | transloco
          }}</a>
        </li>
        <li>
          <a routerLink="/admin/organizations" routerLinkActive="active" ariaCurrentWhenActive="page">{{
            'admin.organizations.title' | transloco
          }}</a>
        </li>
        <li>
          <a routerLink="/admin/moderation" routerLinkActive="active" ariaCurrentWhenActive="page">{{
            'admin.moderation.title' | transloco
          }}</a>
        </li>
        <li>
          <a routerLink="/admin/imports" routerLinkActive="active" ariaCurrentWhenActive="page">{{ 'admin.imports.title' | transloco }}</a>
        </li>
        <li>
          <a routerLink="/admin/audit" routerLinkActive="active" ariaCurrentWhenActive="page">{{ 'admin.audit.title' | transloco }}</a>
        </li>
        <li>
          <a routerLink="/admin/mail-failures" routerLinkActive="active" ariaCurrentWhenActive="page">{{
            'admin.mailFailures.title' | transloco
          }}</a>
        </li>
      </ul>
    </nav>
  `,
})
export class AdminNavComponent {}
