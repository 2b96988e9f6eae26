import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { type Params, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { PAGE_SIZE_DEFAULT } from '@suivi/contracts';
import { LocalNumberPipe } from '../core/local-format.pipes';

/** Previous / "page 2 of 5" / next for a paged list, as links on the current route; nothing when one page holds it all. */
@Component({
  selector: 'suivi-pager',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, TranslocoPipe, LocalNumberPipe],
  template: `
    @if (pages() > 1) {
      @let p = page();
      <nav class="pager" [attr.aria-label]="'pager.label' | transloco">
        @if (p > 1) {
          <a [routerLink]="[]" [queryParams]="link()(p - 1)" rel="prev">{{ 'pager.previous' | transloco }}</a>
        }
        <span>{{ 'pager.position' | transloco: { page: (p | localNumber), pages: (pages() | localNumber) } }}</span>
        @if (p < pages()) {
          <a [routerLink]="[]" [queryParams]="link()(p + 1)" rel="next">{{ 'pager.next' | transloco }}</a>
        }
      </nav>
    }
  `,
})
export class PagerComponent {
  readonly page = input.required<number>();
  readonly total = input.required<number>();
  readonly pageSize = input(PAGE_SIZE_DEFAULT);
  /** The query parameters of another page of the same list (its filters kept). */
  readonly link = input<(page: number) => Params>((page) => ({ page }));

  protected readonly pages = computed(() => Math.max(1, Math.ceil(this.total() / (this.pageSize() || PAGE_SIZE_DEFAULT))));
}
