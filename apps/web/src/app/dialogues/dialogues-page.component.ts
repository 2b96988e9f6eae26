import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { AuthService } from '../core/auth/auth.service';
import { LocalNumberPipe } from '../core/local-format.pipes';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { DialogueDatesComponent } from './dialogue-dates.component';
import { DialoguesApi } from './dialogues-api.service';

@Component({
  selector: 'suivi-dialogues-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, TranslocoPipe, LocalNumberPipe, BilingualTextComponent, LoadStateComponent, DialogueDatesComponent],
  template: `
    <h1>{{ 'dialogues.title' | transloco }}</h1>
    <p class="lead">{{ 'dialogues.intro' | transloco }}</p>
    @if (mayCurate()) {
      <p class="curation-links">
        <a class="button button-secondary" routerLink="/dialogues/new">{{ 'dialogueForm.new' | transloco }}</a>
      </p>
    }
    @if (dialogues(); as list) {
      <ul class="card-list">
        @for (d of list; track d.id) {
          <li>
            <article class="card">
              <h2 class="card-title">
                <a [routerLink]="['/dialogues', d.id]"><suivi-bi [value]="d.title" /></a>
              </h2>
              <p class="badges">
                <span class="badge dialogue-{{ d.status }}">{{ 'dialogueStatus.' + d.status | transloco }}</span>
              </p>
              <p class="meta-line">
                <span>{{ d.place }}</span>
                <suivi-dialogue-dates [start]="d.startDate" [end]="d.endDate" />
              </p>
              <p class="clamp"><suivi-bi [value]="d.summary" /></p>
              <p class="meta-line">
                <span>{{ 'dialogues.recommendationCount' | transloco: { count: (d.recommendationCount | localNumber) } }}</span>
                <span>{{ 'dialogues.commitmentCount' | transloco: { count: (d.commitmentCount | localNumber) } }}</span>
                <span>{{ 'dialogues.organizationCount' | transloco: { count: (d.organizations.length | localNumber) } }}</span>
              </p>
            </article>
          </li>
        } @empty {
          <li class="notice">{{ 'dialogues.none' | transloco }}</li>
        }
      </ul>
    } @else {
      <suivi-load-state [error]="resource.error()" (retry)="resource.reload()" />
    }
  `,
})
export class DialoguesPageComponent {
  private readonly api = inject(DialoguesApi);
  protected readonly mayCurate = inject(AuthService).mayCurate;
  protected readonly resource = rxResource({ stream: () => this.api.list() });
  protected readonly dialogues = computed(() => (this.resource.hasValue() ? this.resource.value() : null));
}
