import { DOCUMENT, DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import {
  type FlagView,
  type MessageEditInput,
  type MessageInput,
  type MessageView,
  type NamedAuthor,
  type Room,
  type ServerToClientEvents,
  type ThreadView,
  type TypingEvent,
  can,
} from '@suivi/contracts';
import {
  EMPTY,
  type Observable,
  catchError,
  filter,
  firstValueFrom,
  forkJoin,
  fromEvent,
  merge,
  mergeMap,
  switchMap,
  tap,
  timer,
} from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { RealtimeService } from '../core/realtime/realtime.service';
import { authorKey } from './author';
import { DiscussionApi } from './discussion-api.service';
import { highestSeq, unionMessages, upsertMessages } from './message-merge';

/** How long "X is typing…" stays after the last typing event from X. */
export const TYPING_SHOWN_MS = 6000;
/**
 * A message that arrives while the thread is open is marked read after this pause, so that a
 * busy thread sends one mark for a burst, not one per message.
 */
export const READ_MARK_DELAY_MS = 1500;
/** The one entry for every typist the server names not (they may be writing under a pseudonym). */
export const SOMEONE = 'someone';

export interface Typer {
  key: string;
  /** Null: someone, who may be writing under a pseudonym. */
  author: NamedAuthor | null;
  until: number;
}

export type ThreadUpdate = Parameters<ServerToClientEvents['thread.updated']>[0];

/**
 * One thread while it is on screen: its newest page read over REST, the live events of its room
 * merged in (deduplicated by id, newest `seq` wins), older pages on request, presence and typing.
 * Provided by the component that shows the thread, so it lives and dies with it; the room is
 * joined with `since` = the highest `seq` seen, so a reconnection fills the gap by itself.
 */
@Injectable()
export class ThreadStore {
  private readonly api = inject(DiscussionApi);
  private readonly realtime = inject(RealtimeService);
  private readonly auth = inject(AuthService);
  private readonly document = inject(DOCUMENT);

  /** A new object on every (re)load, so the same id can be read again. */
  private readonly request = signal<{ id: string } | null>(null);
  private readonly floorSeq = signal<number | null>(null);

  readonly thread = signal<ThreadView | null>(null);
  readonly messages = signal<MessageView[]>([]);
  readonly hasMore = signal(false);
  /** Undefined while loading or loaded; the error when the first read failed. */
  readonly error = signal<unknown>(undefined);
  readonly loadingOlder = signal(false);
  readonly presence = signal<number | null>(null);
  readonly typers = signal<Typer[]>([]);
  /** The last message someone else posted while the reader was here, to announce it. */
  readonly arrival = signal<MessageView | null>(null);

  readonly moderates = computed(() => can.moderate(this.auth.viewer()));
  /** Whether the reader keeps read marks (unread counts in the discussions list). */
  private readonly marksReads = computed(() => can.markThreadsRead(this.auth.viewer()));
  /** The highest message number reported read for the thread open now, and the one waiting to be. */
  private markSent = 0;
  private markWaiting = 0;
  private markTimer: ReturnType<typeof setTimeout> | undefined;
  readonly lastSeq = computed(() => highestSeq(this.messages(), this.floorSeq()));

  constructor() {
    // Read again when the person signs in or out (the session is often restored after the page
    // opened): what they may do here, and which messages are theirs, depend on who they are.
    const key = computed(() => ({ request: this.request(), user: this.auth.me()?.id ?? null }), {
      equal: (a, b) => a.request === b.request && a.user === b.user,
    });
    toObservable(key)
      .pipe(
        switchMap(({ request }) => (request ? this.follow(request.id) : EMPTY)),
        takeUntilDestroyed(),
      )
      .subscribe();
    // What arrived while the tab was hidden was not seen: it is marked read when the tab shows again.
    fromEvent(this.document, 'visibilitychange')
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.sendMark());
    inject(DestroyRef).onDestroy(() => {
      clearTimeout(this.markTimer);
      this.sendMark();
    });
  }

  open(threadId: string): void {
    if (this.request()?.id !== threadId) {
      this.request.set({ id: threadId });
    }
  }

  reload(): void {
    const current = this.request();
    if (current) {
      this.request.set({ id: current.id });
    }
  }

  /** Reads the thread again (locked meanwhile?) without touching the messages on screen. */
  async refreshThread(): Promise<void> {
    const thread = this.thread();
    if (thread) {
      this.thread.set(await firstValueFrom(this.api.thread(thread.id)));
    }
  }

  async older(): Promise<void> {
    const thread = this.thread();
    const first = this.messages()[0];
    if (!thread || !first || this.loadingOlder()) {
      return;
    }
    this.loadingOlder.set(true);
    try {
      const page = await firstValueFrom(this.api.messages(thread.id, first.number));
      this.messages.update((list) => unionMessages(list, page.items, this.mergeOptions()));
      this.hasMore.set(page.hasMore);
    } finally {
      this.loadingOlder.set(false);
    }
  }

  /** Reads back until `messageId` is loaded (a notification's link), a few pages at most. */
  async reveal(messageId: string, maxPages = 5): Promise<boolean> {
    for (let i = 0; i <= maxPages; i++) {
      if (this.messages().some((m) => m.id === messageId)) {
        return true;
      }
      if (!this.hasMore() || i === maxPages) {
        return false;
      }
      await this.older();
    }
    return false;
  }

  async post(input: MessageInput): Promise<MessageView> {
    const thread = this.requireThread();
    const posted = this.receiveOwn(await firstValueFrom(this.api.post(thread.id, input)));
    this.seen(posted.number);
    return posted;
  }

  async edit(message: MessageView, input: MessageEditInput): Promise<MessageView> {
    return this.receiveOwn(await firstValueFrom(this.api.edit(message.id, input)));
  }

  async remove(message: MessageView): Promise<MessageView> {
    return this.receiveOwn(await firstValueFrom(this.api.remove(message.id)));
  }

  async flag(message: MessageView, reason: string): Promise<FlagView> {
    return firstValueFrom(this.api.flag(message.id, { reason }));
  }

  async hide(message: MessageView, reason: string): Promise<MessageView> {
    return this.receiveOwn(await firstValueFrom(this.api.hide(message.id, { reason })));
  }

  async unhide(message: MessageView, reason: string): Promise<MessageView> {
    return this.receiveOwn(await firstValueFrom(this.api.unhide(message.id, { reason })));
  }

  async setLocked(locked: boolean, reason: string): Promise<ThreadView> {
    const thread = this.requireThread();
    const updated = await firstValueFrom(locked ? this.api.lock(thread.id, { reason }) : this.api.unlock(thread.id, { reason }));
    this.thread.set(updated);
    return updated;
  }

  /** Tells the room that the reader is typing; the server decides whether to say who. */
  typing(): void {
    const thread = this.thread();
    if (thread) {
      this.realtime.send('typing', { threadId: thread.id });
    }
  }

  private follow(id: string): Observable<unknown> {
    clearTimeout(this.markTimer);
    this.markSent = 0;
    this.markWaiting = 0;
    this.thread.set(null);
    this.messages.set([]);
    this.hasMore.set(false);
    this.error.set(undefined);
    this.floorSeq.set(null);
    this.presence.set(null);
    this.typers.set([]);
    this.arrival.set(null);
    const room: Room = `thread:${id}`;
    const since = () => this.lastSeq();
    const forThread = <T extends { threadId: string }>(source: Observable<T>) => source.pipe(filter((e) => e.threadId === id));
    const live = merge(
      // Back after more changes than the server replays: read the thread afresh.
      forThread(this.realtime.listen('message.created', room, { since, onTruncated: () => this.reload() })).pipe(
        tap((m) => this.receiveLive(m)),
      ),
      forThread(this.realtime.listen('message.updated', room, { since })).pipe(tap((m) => this.receive([m]))),
      this.realtime.listen('thread.updated', room).pipe(
        filter((t) => t.id === id),
        switchMap((t) => this.threadChanged(t)),
      ),
      this.realtime.listen('presence', room).pipe(
        filter((p) => p.room === room),
        tap((p) => this.presence.set(p.count)),
      ),
      forThread(this.realtime.listen('typing', room)).pipe(mergeMap((t) => this.someoneTyping(t))),
    );
    const initial = forkJoin([this.api.thread(id), this.api.messages(id, null)]).pipe(
      tap(([thread, page]) => {
        this.thread.set(thread);
        this.floorSeq.set(Math.max(page.lastSeq, thread.lastSeq));
        this.messages.update((list) => unionMessages(list, page.items, this.mergeOptions()));
        this.hasMore.set(page.hasMore);
        // Opened: read up to the newest message on screen.
        this.seen(Math.max(0, ...this.messages().map((m) => m.number)), true);
      }),
      catchError((error: unknown) => {
        this.error.set(error);
        return EMPTY;
      }),
    );
    return merge(initial, live);
  }

  private receiveLive(message: MessageView): void {
    const isNew = !this.messages().some((m) => m.id === message.id);
    this.receive([message]);
    this.seen(message.number);
    const kept = this.messages().find((m) => m.id === message.id);
    const own = kept?.author.kind === 'member' && kept.author.id === this.auth.me()?.id;
    if (isNew && kept && !kept.mine && !own && this.thread() !== null) {
      this.arrival.set(kept);
    }
  }

  private receive(incoming: MessageView[]): void {
    this.messages.update((list) => upsertMessages(list, incoming, this.mergeOptions()));
    const written = incoming.filter((m) => m.state === 'visible');
    if (written.length) {
      this.typers.update((list) => {
        const writers = new Set(written.map((m) => authorKey(m.author)));
        const named = new Set(list.flatMap((t) => (t.author ? [t.key] : [])));
        // "Someone" may be whoever just wrote, unless that was a typist shown by name.
        const someoneWrote = written.some((m) => !m.mine && !named.has(authorKey(m.author)));
        return list.filter((t) => (t.author ? !writers.has(t.key) : !someoneWrote));
      });
    }
  }

  /** What the server answered to the reader's own request: theirs, whatever a live copy said. */
  private receiveOwn(message: MessageView): MessageView {
    this.receive([message]);
    return this.messages().find((m) => m.id === message.id) ?? message;
  }

  /** Locking changes who may post, which only a read for this reader tells. */
  private threadChanged(update: ThreadUpdate): Observable<unknown> {
    const before = this.thread();
    this.thread.update((t) => (t ? { ...t, ...update, canPost: update.locked && !this.moderates() ? false : t.canPost } : t));
    if (before && before.locked !== update.locked) {
      return this.api.thread(update.id).pipe(
        tap((t) => this.thread.set(t)),
        catchError(() => EMPTY),
      );
    }
    return EMPTY;
  }

  private someoneTyping(event: TypingEvent): Observable<unknown> {
    const author = event.author;
    // Never the reader's own typing (the server already leaves out all of their tabs).
    if (author && author.id === this.auth.me()?.id) {
      return EMPTY;
    }
    const key = author ? authorKey(author) : SOMEONE;
    const until = Date.now() + TYPING_SHOWN_MS;
    this.typers.update((list) => [...list.filter((t) => t.key !== key), { key, author, until }]);
    // A timer may fire a few milliseconds early: an entry due within that margin goes too.
    return timer(TYPING_SHOWN_MS).pipe(tap(() => this.typers.update((list) => list.filter((t) => t.until > Date.now() + 50))));
  }

  /** Message `number` is on screen: reported read at once (on opening) or after a pause (live arrivals). */
  private seen(number: number, now = false): void {
    if (!this.marksReads() || number <= Math.max(this.markSent, this.markWaiting)) {
      return;
    }
    this.markWaiting = number;
    clearTimeout(this.markTimer);
    if (now) {
      this.sendMark();
    } else {
      this.markTimer = setTimeout(() => this.sendMark(), READ_MARK_DELAY_MS);
    }
  }

  /** Reports the waiting mark, unless the tab is hidden (nobody is looking) or it was already sent. */
  private sendMark(): void {
    const thread = this.thread();
    const upTo = this.markWaiting;
    if (!thread || upTo <= this.markSent || this.document.visibilityState === 'hidden') {
      return;
    }
    const before = this.markSent;
    this.markSent = upTo;
    // A mark that did not reach the server is sent again with the next message seen.
    firstValueFrom(this.api.markRead(thread.id, upTo)).catch(() => {
      if (this.markSent === upTo) {
        this.markSent = before;
      }
    });
  }

  private mergeOptions() {
    return { moderates: this.moderates() };
  }

  private requireThread(): ThreadView {
    const thread = this.thread();
    if (!thread) {
      throw new Error('the thread is not loaded yet');
    }
    return thread;
  }
}
