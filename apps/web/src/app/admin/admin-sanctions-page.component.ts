import { ChangeDetectionStrategy, Component, ElementRef, inject, linkedSignal, signal, viewChild } from '@angular/core';
import { rxResource, takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, type Params, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  MODERATION_REASON_MAX_LENGTH,
  type Page,
  SANCTION_FILTERS,
  type SanctionEntry,
  type SanctionFilter,
  isOneOf,
} from '@suivi/contracts';
import { map } from 'rxjs';
import { LocalDatePipe, LocalNumberPipe } from '../core/local-format.pipes';
import { RealtimeService } from '../core/realtime/realtime.service';
import { authorLabel } from '../discussion/author';
import { AuthorNameComponent } from '../discussion/author-name.component';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { DialogComponent } from '../shared/dialog.component';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import { describedBy, notBlank } from '../shared/forms/form-errors';
import { FormFailureComponent } from '../shared/forms/form-failure.component';
import { FormSubmit } from '../shared/forms/form-submit';
import { LoadStateComponent } from '../shared/load-state.component';
import { PagerComponent } from '../shared/pager.component';
import { AdminNavComponent } from './admin-nav.component';
import { ModerationApi } from './moderation-api.service';
import { ModerationTabsComponent } from './moderation-tabs.component';

export type SanctionListFilter = SanctionFilter | 'all';
export const SANCTION_LIST_FILTERS: readonly SanctionListFilter[] = ['all', ...SANCTION_FILTERS];

/** Whether a sanction belongs in the list as filtered. */
export function matchesFilter(entry: SanctionEntry, filter: SanctionListFilter): boolean {
  return filter === 'all' || (filter === 'active') === (entry.state === 'active');
}

/**
 * A sanctions page after a live event: a sanction already listed is replaced in place (a lift
 * shows as lifted even under "in force", so it does not vanish under the moderator's eyes); a new
 * one goes on top of the first page, newest first.
 */
export function withSanction(page: Page<SanctionEntry>, entry: SanctionEntry, filter: SanctionListFilter): Page<SanctionEntry> {
  if (page.items.some((s) => s.id === entry.id)) {
    return { ...page, items: page.items.map((s) => (s.id === entry.id ? entry : s)) };
  }
  if (!matchesFilter(entry, filter)) {
    return page;
  }
  if (page.page !== 1) {
    return { ...page, total: page.total + 1 };
  }
  return { ...page, total: page.total + 1, items: [entry, ...page.items].slice(0, page.pageSize) };
}

/**
 * The secretariat's sanctions, in force and past, with a Lift action that asks for a reason. A
 * pseudonymous author is shown by the pseudonym only, as the API gives it; a named author's
 * suspension points to the accounts screen, where the account is reinstated.
 */
@Component({
  selector: 'suivi-admin-sanctions-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    TranslocoPipe,
    LocalDatePipe,
    LocalNumberPipe,
    AdminNavComponent,
    AuthorNameComponent,
    BilingualTextComponent,
    DialogComponent,
    FieldErrorComponent,
    FormFailureComponent,
    LoadStateComponent,
    ModerationTabsComponent,
    PagerComponent,
  ],
  templateUrl: './admin-sanctions-page.component.html',
})
export class AdminSanctionsPageComponent {
  private readonly api = inject(ModerationApi);
  protected readonly describedBy = describedBy;
  protected readonly filters = SANCTION_LIST_FILTERS;

  protected readonly query = toSignal(
    inject(ActivatedRoute).queryParamMap.pipe(
      map((q) => ({
        state: (isOneOf(SANCTION_LIST_FILTERS, q.get('state')) ? q.get('state') : 'all') as SanctionListFilter,
        page: Math.max(1, Number(q.get('page')) || 1),
      })),
    ),
    { requireSync: true },
  );
  protected readonly list = rxResource({
    params: this.query,
    stream: ({ params }) => this.api.sanctions(params.state === 'all' ? null : params.state, params.page),
  });
  protected readonly shown = linkedSignal<Page<SanctionEntry> | undefined, Page<SanctionEntry> | null>({
    source: () => (this.list.hasValue() ? this.list.value() : undefined),
    computation: (value, previous) => value ?? previous?.value ?? null,
  });

  protected readonly lifting = signal<SanctionEntry | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    reason: ['', [Validators.required, notBlank, Validators.maxLength(MODERATION_REASON_MAX_LENGTH)]],
  });
  protected readonly done = signal(false);
  private readonly dialog = viewChild.required<DialogComponent>('dialog');
  private readonly dialogElement = viewChild.required('dialog', { read: ElementRef<HTMLElement> });
  protected readonly cycle = new FormSubmit(this.form, () => this.dialogElement().nativeElement);

  constructor() {
    // Sanctions taken or lifted by any moderator, as they happen.
    const realtime = inject(RealtimeService);
    for (const event of ['sanction.created', 'sanction.lifted'] as const) {
      realtime
        .listen(event, 'moderation')
        .pipe(takeUntilDestroyed())
        .subscribe((entry) => this.shown.update((p) => (p ? withSanction(p, entry, this.query().state) : p)));
    }
  }

  protected filterLink(state: SanctionListFilter): Params {
    return { state: state === 'all' ? null : state, page: null };
  }

  protected readonly pageLink = (page: number): Params => ({ state: this.query().state === 'all' ? null : this.query().state, page });

  /** Who a sanction is on, as plain text for a button's name: the pseudonym, or the member's name. */
  protected targetLabel(s: SanctionEntry): string {
    return authorLabel(s.target);
  }

  protected kindKey(s: SanctionEntry): string {
    return s.kind === 'suspend' && !s.throughPseudonym ? 'suspendAccount' : s.kind;
  }

  protected open(sanction: SanctionEntry): void {
    this.lifting.set(sanction);
    this.cycle.start({ reason: '' });
    this.done.set(false);
    this.dialog().open();
  }

  protected async submit(): Promise<void> {
    const sanction = this.lifting();
    if (!sanction) {
      return;
    }
    await this.cycle.submit(
      () => this.api.lift(sanction.id, this.form.getRawValue().reason.trim()),
      (lifted) => {
        this.shown.update((p) => (p ? withSanction(p, lifted, this.query().state) : p));
        this.done.set(true);
        this.dialog().close();
      },
      // Lifted or over meanwhile: the list says what it is now.
      { onError: () => this.list.reload() },
    );
  }
}
