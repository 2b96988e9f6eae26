import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, linkedSignal, signal, viewChild } from '@angular/core';
import { rxResource, takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, type Params, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  FLAG_STATES,
  type FlagState,
  MODERATION_REASON_MAX_LENGTH,
  type FlagCreatedEvent,
  type FlagResolvedEvent,
  type MessageView,
  type ModerationItem,
  type ModerationQueuePage,
  type SanctionKind,
  type SanctionView,
  SANCTION_KINDS,
  isOneOf,
} from '@suivi/contracts';
import { firstValueFrom, map } from 'rxjs';
import { LocalDatePipe, LocalNumberPipe } from '../core/local-format.pipes';
import { QuotedSentencePipe } from '../core/quoted-sentence';
import { RealtimeService } from '../core/realtime/realtime.service';
import { SayPipe } from '../core/say.pipe';
import { AuthorNameComponent } from '../discussion/author-name.component';
import { MessageBodyComponent } from '../discussion/message-body.component';
import { ThreadVisibilityComponent } from '../discussion/thread-visibility.component';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { DialogComponent } from '../shared/dialog.component';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import { describedBy, formChanges, notBlank } from '../shared/forms/form-errors';
import { FormFailureComponent } from '../shared/forms/form-failure.component';
import { FormSubmit } from '../shared/forms/form-submit';
import { LoadStateComponent } from '../shared/load-state.component';
import { PagerComponent } from '../shared/pager.component';
import { AdminNavComponent } from './admin-nav.component';
import { ModerationApi } from './moderation-api.service';
import { ModerationTabsComponent } from './moderation-tabs.component';

/** How long a mute may last, as offered: a moderator picks one rather than typing a date. */
export const MUTE_DURATIONS = [
  { key: 'hour', ms: 60 * 60 * 1000 },
  { key: 'day', ms: 24 * 60 * 60 * 1000 },
  { key: 'week', ms: 7 * 24 * 60 * 60 * 1000 },
  { key: 'month', ms: 30 * 24 * 60 * 60 * 1000 },
] as const;
export type MuteDuration = (typeof MUTE_DURATIONS)[number]['key'];

export type ModerationDecision = 'uphold' | 'dismiss' | 'sanction';

/** The flagged message among the messages around it, in thread order, once each. */
export function inContext(item: ModerationItem): MessageView[] {
  const byId = new Map(item.context.map((m) => [m.id, m]));
  byId.set(item.message.id, item.message);
  return [...byId.values()].sort((a, b) => a.number - b.number);
}

/** A queue page with a flag another moderator just saw raised: on the first page of open flags, at its place (oldest first). */
export function withNewFlag(page: ModerationQueuePage, event: FlagCreatedEvent, state: FlagState): ModerationQueuePage {
  const openFlags = event.openFlags;
  if (state !== 'open' || page.items.some((i) => i.flag.id === event.item.flag.id)) {
    return { ...page, openFlags };
  }
  const total = page.total + 1;
  // The queue is oldest first: a new flag belongs on the last page, here only if that is this one.
  const onThisPage = page.page * page.pageSize >= total;
  return { ...page, total, openFlags, items: onThisPage ? [...page.items, event.item] : page.items };
}

/** A queue page after a decision, by whoever took it: the settled flags show their new state in place. */
export function withResolvedFlags(page: ModerationQueuePage, event: FlagResolvedEvent): ModerationQueuePage {
  const settled = new Set(event.flagIds);
  return {
    ...page,
    openFlags: event.openFlags,
    items: page.items.map((i) =>
      settled.has(i.flag.id) ? { ...event.item, flag: event.item.history.find((h) => h.id === i.flag.id) ?? event.item.flag } : i,
    ),
  };
}

/** The end of a mute that starts now. */
export function muteUntil(duration: MuteDuration, now: number): string {
  const chosen = MUTE_DURATIONS.find((d) => d.key === duration) ?? MUTE_DURATIONS[0];
  return new Date(now + chosen.ms).toISOString();
}

/**
 * The secretariat's moderation queue: open flags with the message and its context, the flag's
 * history, uphold (hide) or dismiss with a reason, and sanctions on the message's author after a
 * confirmation. The author is shown as the API shows it: a pseudonym stays a pseudonym here too.
 */
@Component({
  selector: 'suivi-admin-moderation-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    TranslocoPipe,
    SayPipe,
    LocalDatePipe,
    LocalNumberPipe,
    QuotedSentencePipe,
    AdminNavComponent,
    AuthorNameComponent,
    ModerationTabsComponent,
    BilingualTextComponent,
    DialogComponent,
    FieldErrorComponent,
    FormFailureComponent,
    LoadStateComponent,
    MessageBodyComponent,
    PagerComponent,
    ThreadVisibilityComponent,
  ],
  templateUrl: './admin-moderation-page.component.html',
})
export class AdminModerationPageComponent {
  private readonly api = inject(ModerationApi);
  protected readonly describedBy = describedBy;
  protected readonly states = FLAG_STATES;
  protected readonly sanctionKinds = SANCTION_KINDS;
  protected readonly durations = MUTE_DURATIONS;
  protected readonly inContext = inContext;

  protected readonly query = toSignal(
    inject(ActivatedRoute).queryParamMap.pipe(
      map((q) => ({
        state: (isOneOf(FLAG_STATES, q.get('state')) ? q.get('state') : 'open') as FlagState,
        page: Math.max(1, Number(q.get('page')) || 1),
      })),
    ),
    { requireSync: true },
  );
  protected readonly list = rxResource({ params: this.query, stream: ({ params }) => this.api.flags(params.state, params.page) });
  /** The page on screen; a decision, here or by another moderator, updates its item in place. */
  protected readonly shown = linkedSignal<ModerationQueuePage | undefined, ModerationQueuePage | null>({
    source: () => (this.list.hasValue() ? this.list.value() : undefined),
    computation: (value, previous) => value ?? previous?.value ?? null,
  });

  protected readonly decision = signal<{ kind: ModerationDecision; item: ModerationItem } | null>(null);
  /** A sanction is shown back for confirmation before it is taken. */
  protected readonly confirming = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    reason: ['', [Validators.required, notBlank, Validators.maxLength(MODERATION_REASON_MAX_LENGTH)]],
    hide: [true],
    kind: ['warning' as SanctionKind],
    duration: ['day' as MuteDuration],
  });
  private readonly changes = formChanges(this.form);
  protected readonly values = computed(() => {
    this.changes();
    return this.form.getRawValue();
  });
  protected readonly done = signal<{ key: string; params: Record<string, unknown> } | null>(null);
  protected readonly sanctions = signal<Partial<Record<string, SanctionView[]>>>({});

  private readonly dialog = viewChild.required<DialogComponent>('dialog');
  private readonly dialogElement = viewChild.required('dialog', { read: ElementRef<HTMLElement> });
  protected readonly cycle = new FormSubmit(this.form, () => this.dialogElement().nativeElement);

  constructor() {
    // The secretariat's room: flags raised and decisions taken by others show up without a reload.
    const realtime = inject(RealtimeService);
    realtime
      .listen('flag.created', 'moderation')
      .pipe(takeUntilDestroyed())
      .subscribe((event) => this.shown.update((p) => (p ? withNewFlag(p, event, this.query().state) : p)));
    realtime
      .listen('flag.resolved', 'moderation')
      .pipe(takeUntilDestroyed())
      .subscribe((event) => this.shown.update((p) => (p ? withResolvedFlags(p, event) : p)));
  }

  protected stateLink(state: FlagState): Params {
    return { state, page: null };
  }

  /** Another page of the same state. */
  protected readonly pageLink = (page: number): Params => ({ state: this.query().state, page });

  protected open(kind: ModerationDecision, item: ModerationItem): void {
    this.decision.set({ kind, item });
    this.cycle.start({ reason: '', hide: true, kind: 'warning', duration: 'day' });
    this.confirming.set(false);
    this.dialog().open();
  }

  protected back(): void {
    this.confirming.set(false);
    this.dialog().focusInitial();
  }

  protected async submit(): Promise<void> {
    const decision = this.decision();
    if (!decision) {
      return;
    }
    if (!this.cycle.check()) {
      return;
    }
    if (decision.kind === 'sanction' && !this.confirming()) {
      this.confirming.set(true);
      this.dialog().focusInitial();
      return;
    }
    const { reason, hide, kind, duration } = this.form.getRawValue();
    await this.cycle.send(
      async () => {
        if (decision.kind === 'sanction') {
          const sanction = await firstValueFrom(
            this.api.sanction(decision.item.message.id, {
              kind,
              reason: reason.trim(),
              until: kind === 'mute' ? muteUntil(duration, Date.now()) : null,
            }),
          );
          this.sanctions.update((all) => ({ ...all, [decision.item.flag.id]: [...(all[decision.item.flag.id] ?? []), sanction] }));
          this.done.set({ key: `admin.moderation.done.sanction.${sanction.kind}`, params: {} });
        } else {
          const updated = await firstValueFrom(
            this.api.resolve(decision.item.flag.id, {
              decision: decision.kind,
              reason: reason.trim(),
              ...(decision.kind === 'uphold' ? { hide } : {}),
            }),
          );
          this.replace(decision.item.flag.id, updated);
          this.done.set({ key: `admin.moderation.done.${decision.kind}`, params: {} });
        }
      },
      () => this.dialog().close(),
      // Back from the confirmation to the form, where the message is.
      { onError: () => this.confirming.set(false) },
    );
  }

  private replace(flagId: string, item: ModerationItem): void {
    this.shown.update((p) => (p ? { ...p, items: p.items.map((i) => (i.flag.id === flagId ? item : i)) } : p));
  }
}
