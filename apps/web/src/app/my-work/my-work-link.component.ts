import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { PluralPipe } from '../core/plural.pipe';
import { WorkStore } from './work.store';

/** The header's link to "My work"; for the secretariat, with what waits in its queues. */
@Component({
  selector: 'suivi-my-work-link',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, RouterLinkActive, TranslocoPipe, PluralPipe],
  template: `
    <a class="my-work-link" routerLink="/my-work" routerLinkActive="active" ariaCurrentWhenActive="page">
      {{ 'nav.myWork' | transloco }}
      @if (count() > 0) {
        <span class="work-count" aria-hidden="true">{{ shown() }}</span>
        <span class="visually-hidden">, {{ 'work.waiting' | plural: count() }}</span>
      }
    </a>
  `,
})
export class MyWorkLinkComponent {
  private readonly store = inject(WorkStore);
  protected readonly count = computed(() => this.store.queued() ?? 0);
  /** Three characters at most, so the header keeps its size. */
  protected readonly shown = computed(() => (this.count() > 99 ? '99+' : String(this.count())));
}
