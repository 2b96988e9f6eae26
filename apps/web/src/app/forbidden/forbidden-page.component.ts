import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';

/** administerGuard shows it at the address asked for, so a reload asks again. */
@Component({
  selector: 'suivi-forbidden-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, TranslocoPipe],
  template: `
    <section class="notice notice-error" aria-labelledby="forbidden-title">
      <h1 id="forbidden-title">{{ 'forbidden.title' | transloco }}</h1>
      <p>{{ 'forbidden.text' | transloco }}</p>
      <ul class="link-list">
        <li>
          <a routerLink="/">{{ 'nav.dashboard' | transloco }}</a>
        </li>
        <li>
          <a routerLink="/account">{{ 'accountMenu.account' | transloco }}</a>
        </li>
      </ul>
    </section>
  `,
})
export class ForbiddenPageComponent {}
