import { ChangeDetectionStrategy, Component, inject, linkedSignal } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, type Params, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { MailFailurePage } from '@suivi/contracts';
import { map } from 'rxjs';
import { LocalDatePipe, LocalNumberPipe } from '../core/local-format.pipes';
import { LoadStateComponent } from '../shared/load-state.component';
import { PagerComponent } from '../shared/pager.component';
import { AdminNavComponent } from './admin-nav.component';
import { MailFailuresApi } from './mail-failures-api.service';

/** `?page=` as a page number; anything else is the first page. */
export function pageParam(value: string | null): number {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 1 ? n : 1;
}

/**
 * The mails Suivi could not deliver (DESIGN.md, "Email"): to whom, which category, whether it
 * will be tried again and when, and the mail server's answer. Never a subject or a word of the
 * mail: that is its recipient's own. The recipient's name leads to their account, where the
 * secretariat checks the address.
 */
@Component({
  selector: 'suivi-admin-mail-failures-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, TranslocoPipe, LocalDatePipe, LocalNumberPipe, AdminNavComponent, LoadStateComponent, PagerComponent],
  templateUrl: './admin-mail-failures-page.component.html',
})
export class AdminMailFailuresPageComponent {
  private readonly api = inject(MailFailuresApi);

  protected readonly page = toSignal(inject(ActivatedRoute).queryParamMap.pipe(map((q) => pageParam(q.get('page')))), {
    requireSync: true,
  });
  protected readonly list = rxResource({ params: this.page, stream: ({ params }) => this.api.list(params) });
  /** The page on screen: it stays while the next one loads. */
  protected readonly shown = linkedSignal<MailFailurePage | undefined, MailFailurePage | null>({
    source: () => (this.list.hasValue() ? this.list.value() : undefined),
    computation: (value, previous) => value ?? previous?.value ?? null,
  });

  protected readonly pageLink = (page: number): Params => ({ page: page > 1 ? page : null });
}
