import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { rxResource, takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  MESSAGE_MAX_LENGTH,
  type MessageAuthor,
  type MessageView,
  type RestrictionView,
  type ThreadView,
  messageExcerpt,
} from '@suivi/contracts';
import { EMPTY, catchError, debounceTime, distinctUntilChanged, filter, map, of, switchMap } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { requestError, retryAfterSeconds } from '../core/http-error';
import { LocalDatePipe } from '../core/local-format.pipes';
import { RealtimeService } from '../core/realtime/realtime.service';
import { type Failure, requestFailure } from '../shared/forms/form-errors';
import { authorKey, authorLabel } from './author';
import { AuthorNameComponent } from './author-name.component';
import { DiscussionApi } from './discussion-api.service';
import { DraftStorage } from './draft-storage';
import { insertMention, mentionQuery, mentionsIn } from './mention-query';
import { ThreadStore } from './thread.store';
import { SayPipe } from '../core/say.pipe';

/** At most one "is typing" a this often: enough to keep the indicator on, little traffic. */
export const TYPING_EVERY_MS = 3000;
export const MENTION_DEBOUNCE_MS = 200;
/** Used when a 429 comes without Retry-After. */
export const DEFAULT_RETRY_SECONDS = 10;
/** A mute's end is checked at least this often: timers longer than about 24 days do not fire at all. */
export const RESTRICTION_CHECK_MAX_MS = 24 * 60 * 60 * 1000;
/** After the end of a mute, before asking the server: its clock decides, and may run a little behind. */
export const RESTRICTION_END_MARGIN_MS = 1000;

let nextId = 0;

/**
 * In a safe space the box starts on the pseudonym, for whoever may use one (DESIGN.md, "Safe
 * participation"); elsewhere it starts unticked. A draft being written keeps its own choice.
 */
export function startsOnPseudonym(thread: Pick<ThreadView, 'visibility' | 'canPostPseudonymously'>): boolean {
  return thread.canPostPseudonymously && thread.visibility === 'group:civil_society';
}

/** A restriction that stops the person posting now (a warning does not). */
export function blockingRestriction(restrictions: readonly RestrictionView[], now: number): RestrictionView | null {
  return restrictions.find((r) => r.kind === 'suspend' || (r.kind === 'mute' && (r.until === null || Date.parse(r.until) > now))) ?? null;
}

/**
 * Writing in a thread. What is typed is kept on the device at every keystroke (per person and
 * thread), so a live update, a reconnection, a reload or leaving the page never loses it. It is
 * cleared as it is sent, so nothing on the device says afterwards that the person wrote here, or
 * under a pseudonym; a refused send keeps the text, stores it again and says why.
 */
@Component({
  selector: 'suivi-message-composer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SayPipe, RouterLink, TranslocoPipe, LocalDatePipe, AuthorNameComponent],
  templateUrl: './message-composer.component.html',
})
export class MessageComposerComponent {
  readonly thread = input.required<ThreadView>();

  private readonly store = inject(ThreadStore);
  private readonly api = inject(DiscussionApi);
  private readonly drafts = inject(DraftStorage);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly id = `composer-${++nextId}`;
  protected readonly maxLength = MESSAGE_MAX_LENGTH;
  protected readonly me = this.auth.me;
  protected readonly text = signal('');
  protected readonly pseudonymous = signal(false);
  protected readonly replyToId = signal<string | null>(null);
  private readonly picked = signal<MessageAuthor[]>([]);
  protected readonly sending = signal(false);
  protected readonly failure = signal<Failure | null>(null);
  protected readonly sent = signal(false);
  /** Seconds before a send may be tried again after a 429. */
  protected readonly waitSeconds = signal(0);
  private waitTimer: ReturnType<typeof setInterval> | undefined;
  private lastTyping = 0;

  protected readonly returnUrl = computed(() => ({ returnUrl: this.router.url }));
  /**
   * The pseudonym the next message will carry, shown while the box is ticked. Asked only then,
   * from the server (which derives it), kept in memory only: never in the draft or any cache.
   */
  protected readonly ownPseudonym = rxResource({
    params: () => {
      const thread = this.thread();
      const userId = this.auth.me()?.id;
      return userId && thread.canPostPseudonymously && this.pseudonymous() ? { threadId: thread.id, userId } : undefined;
    },
    stream: ({ params }) => this.api.ownPseudonym(params.threadId).pipe(map((view) => view.pseudonym)),
  });
  protected readonly restrictions = rxResource({
    params: () => this.auth.me()?.id,
    stream: () => this.api.restrictions().pipe(catchError(() => of([] as RestrictionView[]))),
  });
  /** The time the restriction is judged at: moved on when a mute ends, so its banner lifts by itself. */
  private readonly now = signal(Date.now());
  protected readonly restriction = computed(() =>
    blockingRestriction(this.restrictions.hasValue() ? this.restrictions.value() : [], this.now()),
  );
  /** The composer came back while on screen (a mute ended or was lifted): said once, politely. */
  protected readonly freed = signal(false);
  protected readonly replyTarget = computed(() => {
    const id = this.replyToId();
    return id ? (this.store.messages().find((m) => m.id === id) ?? null) : null;
  });
  protected readonly replyExcerpt = computed(() => {
    const body = this.replyTarget()?.body;
    return body ? messageExcerpt(body, 120) : null;
  });
  protected readonly remaining = computed(() => MESSAGE_MAX_LENGTH - this.text().length);

  // Mention suggestions: an accessible autocomplete on the textarea (aria-autocomplete="list").
  private readonly caret = signal(0);
  private readonly mentionDismissed = signal<number | null>(null);
  protected readonly mention = computed(() => {
    const q = mentionQuery(this.text(), this.caret());
    return q && q.start !== this.mentionDismissed() ? q : null;
  });
  protected readonly suggestions = signal<MessageAuthor[]>([]);
  protected readonly active = signal(0);
  protected readonly listOpen = computed(() => this.mention() !== null && this.suggestions().length > 0);
  protected readonly activeOption = computed(() => (this.listOpen() ? `${this.id}-option-${this.active()}` : null));
  private readonly textarea = viewChild<ElementRef<HTMLTextAreaElement>>('textarea');

  constructor() {
    // The draft of this person in this thread, when either changes.
    effect(() => {
      const userId = this.auth.me()?.id;
      const threadId = this.thread().id;
      untracked(() => this.restore(userId, threadId));
    });
    toObservable(computed(() => this.mention()?.query ?? null))
      .pipe(
        distinctUntilChanged(),
        debounceTime(MENTION_DEBOUNCE_MS),
        switchMap((q) =>
          q === null
            ? of([])
            : this.api.mentionable(this.thread().id, q).pipe(
                map((list) => list.filter((a) => !(a.kind === 'member' && a.id === this.auth.me()?.id))),
                catchError(() => EMPTY),
              ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((list) => {
        this.suggestions.set(list);
        this.active.set(0);
      });
    this.destroyRef.onDestroy(() => clearInterval(this.waitTimer));

    // A mute ends on its own: at its end the banner goes, and the thread's rights are read again
    // (its canPost was computed while muted).
    effect((onCleanup) => {
      const r = this.restriction();
      const now = this.now();
      if (r?.kind !== 'mute' || !r.until) {
        return;
      }
      const wait = Math.min(Date.parse(r.until) - now + RESTRICTION_END_MARGIN_MS, RESTRICTION_CHECK_MAX_MS);
      const timer = setTimeout(() => this.now.set(Date.now()), Math.max(0, wait));
      onCleanup(() => clearTimeout(timer));
    });
    let previous: RestrictionView | null = null;
    effect(() => {
      const r = this.restriction();
      if (previous && !r) {
        untracked(() => {
          this.freed.set(true);
          this.store.refreshThread().catch(() => undefined);
        });
      } else if (r) {
        untracked(() => this.freed.set(false));
      }
      previous = r;
    });
    // A moderator's decision about this person (a mute, a bar, a lift) arrives as a notification
    // on their own room: their restrictions are read again, without a reload (the effect above
    // then reads the thread's rights when the composer comes back).
    inject(RealtimeService)
      .listen('notification')
      .pipe(
        filter((n) => n.kind === 'moderation'),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.restrictions.reload());
  }

  /** Called by the thread when the person chooses "Reply" on a message. */
  startReply(message: MessageView): void {
    this.replyToId.set(message.id);
    this.persist();
    this.focus();
  }

  focus(): void {
    afterNextRender(() => this.textarea()?.nativeElement.focus(), { injector: this.injector });
  }

  protected cancelReply(): void {
    this.replyToId.set(null);
    this.persist();
    this.focus();
  }

  protected onInput(event: Event): void {
    const area = event.target as HTMLTextAreaElement;
    this.text.set(area.value);
    this.caret.set(area.selectionStart ?? area.value.length);
    this.sent.set(false);
    this.persist();
    const now = Date.now();
    if (area.value.trim() && now - this.lastTyping > TYPING_EVERY_MS) {
      this.lastTyping = now;
      this.store.typing();
    }
  }

  protected onCaret(event: Event): void {
    const area = event.target as HTMLTextAreaElement;
    this.caret.set(area.selectionStart ?? area.value.length);
  }

  protected onPseudonymous(event: Event): void {
    this.pseudonymous.set((event.target as HTMLInputElement).checked);
    this.persist();
  }

  protected onKeydown(event: KeyboardEvent): void {
    if (this.listOpen()) {
      const count = this.suggestions().length;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        this.active.update((i) => (i + (event.key === 'ArrowDown' ? 1 : count - 1)) % count);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        this.choose(this.suggestions()[this.active()]);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        this.mentionDismissed.set(this.mention()?.start ?? null);
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.send();
    }
  }

  protected choose(author: MessageAuthor | undefined): void {
    const q = this.mention();
    const area = this.textarea()?.nativeElement;
    if (!author || !q || !area) {
      return;
    }
    const next = insertMention(this.text(), q.start, this.caret(), author);
    this.text.set(next.text);
    area.value = next.text;
    area.setSelectionRange(next.caret, next.caret);
    area.focus();
    this.caret.set(next.caret);
    this.picked.update((list) => [...list.filter((a) => authorKey(a) !== authorKey(author)), author]);
    this.suggestions.set([]);
    this.persist();
  }

  protected label(author: MessageAuthor): string {
    return authorLabel(author);
  }

  protected async send(event?: Event): Promise<void> {
    event?.preventDefault();
    const body = this.text().trim();
    this.failure.set(null);
    this.sent.set(false);
    if (!body) {
      this.failure.set({ key: 'discussion.composer.empty', params: {} });
      this.focus();
      return;
    }
    if (this.sending() || this.waitSeconds() > 0) {
      return;
    }
    const thread = this.thread();
    this.sending.set(true);
    this.forget();
    try {
      await this.store.post({
        body,
        replyToId: this.replyToId(),
        mentions: mentionsIn(body, this.picked()),
        ...(thread.canPostPseudonymously && this.pseudonymous() ? { pseudonymous: true } : {}),
      });
      this.text.set('');
      this.replyToId.set(null);
      this.picked.set([]);
      // The box keeps its state on screen for the next message here, but not on the device
      // (a keystroke while the message was on its way may have stored a draft again).
      this.forget();
      this.sent.set(true);
    } catch (error: unknown) {
      this.persist();
      this.failure.set(this.explain(error));
    } finally {
      this.sending.set(false);
    }
  }

  /** Why the server refused, in words; the text stays in the box whatever happened. */
  private explain(error: unknown): Failure {
    const refused = requestError(error);
    if (refused?.status === 429) {
      this.wait(retryAfterSeconds(error) ?? DEFAULT_RETRY_SECONDS);
    }
    if (refused?.status === 403) {
      // Muted meanwhile, or the thread was locked: read both again so the screen shows which, and until when.
      this.restrictions.reload();
      this.store.refreshThread().catch(() => undefined);
    }
    return requestFailure(error);
  }

  private wait(seconds: number): void {
    clearInterval(this.waitTimer);
    this.waitSeconds.set(seconds);
    this.waitTimer = setInterval(() => {
      this.waitSeconds.update((s) => Math.max(0, s - 1));
      if (this.waitSeconds() === 0) {
        clearInterval(this.waitTimer);
        if (this.failure()?.key === 'errors.too_many_messages') {
          this.failure.set(null);
        }
      }
    }, 1000);
  }

  private restore(userId: string | undefined, threadId: string): void {
    const draft = userId ? this.drafts.load(userId, threadId) : null;
    this.text.set(draft?.body ?? '');
    this.replyToId.set(draft?.replyToId ?? null);
    this.pseudonymous.set(draft?.pseudonymous ?? startsOnPseudonym(this.thread()));
    this.picked.set(draft?.mentions ?? []);
    this.failure.set(null);
    this.sent.set(false);
  }

  private forget(): void {
    const userId = this.auth.me()?.id;
    if (userId) {
      this.drafts.clear(userId, this.thread().id);
    }
  }

  private persist(): void {
    const userId = this.auth.me()?.id;
    if (userId) {
      this.drafts.save(userId, this.thread().id, {
        body: this.text(),
        replyToId: this.replyToId(),
        pseudonymous: this.pseudonymous(),
        mentions: this.picked(),
      });
    }
  }
}
