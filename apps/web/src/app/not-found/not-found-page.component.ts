import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';

@Component({
  selector: 'suivi-not-found-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, TranslocoPipe],
  template: `
    <section class="notice" aria-labelledby="not-found-title">
      <h1 id="not-found-title">{{ 'notFound.title' | transloco }}</h1>
      <p>{{ 'notFound.text' | transloco }}</p>
      <ul class="link-list">
        <li>
          <a routerLink="/">{{ 'nav.dashboard' | transloco }}</a>
        </li>
        <li>
          <a routerLink="/commitments">{{ 'nav.commitments' | transloco }}</a>
        </li>
        <li>
          <a routerLink="/dialogues">{{ 'nav.dialogues' | transloco }}</a>
        </li>
      </ul>
    </section>
  `,
})
export class NotFoundPageComponent {}
