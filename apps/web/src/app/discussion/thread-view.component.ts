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
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import { FLAG_REASON_MAX_LENGTH, MODERATION_REASON_MAX_LENGTH, type MessageView, can } from '@suivi/contracts';
import { AuthService } from '../core/auth/auth.service';
import { RealtimeService } from '../core/realtime/realtime.service';
import { DialogComponent } from '../shared/dialog.component';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import { describedBy, notBlank } from '../shared/forms/form-errors';
import { FormFailureComponent } from '../shared/forms/form-failure.component';
import { FormSubmit } from '../shared/forms/form-submit';
import { LoadStateComponent } from '../shared/load-state.component';
import { PluralPipe } from '../core/plural.pipe';
import { authorLabel } from './author';
import { AuthorNameComponent } from './author-name.component';
import { MessageComposerComponent } from './message-composer.component';
import { type MessageAction, type MessageActionKind, MessageItemComponent } from './message-item.component';
import { ThreadStore } from './thread.store';

/** The clock of the edit window moves this often. */
export const CLOCK_TICK_MS = 30_000;
/** Within this distance of the bottom, the list follows new messages down. */
const STICK_TO_BOTTOM_PX = 80;

export type ThreadActionKind = MessageActionKind | 'lock' | 'unlock';
export interface ThreadAction {
  kind: ThreadActionKind;
  message: MessageView | null;
}

/**
 * One thread, live: its messages (older ones on request), who is here and typing, the composer,
 * and the actions on messages (flag, delete, and for the secretariat hide, unhide, lock).
 */
@Component({
  selector: 'suivi-thread-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    TranslocoPipe,
    PluralPipe,
    AuthorNameComponent,
    DialogComponent,
    FieldErrorComponent,
    FormFailureComponent,
    LoadStateComponent,
    MessageComposerComponent,
    MessageItemComponent,
  ],
  providers: [ThreadStore],
  templateUrl: './thread-view.component.html',
})
export class ThreadViewComponent {
  readonly threadId = input.required<string>();
  /** A message to bring into view once loaded (a notification's link). */
  readonly focusMessage = input<string | null>(null);

  protected readonly store = inject(ThreadStore);
  protected readonly realtime = inject(RealtimeService);
  private readonly auth = inject(AuthService);
  private readonly injector = inject(Injector);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly describedBy = describedBy;

  protected readonly now = signal(Date.now());
  protected readonly mayFlag = computed(() => can.flag(this.auth.viewer()));
  /** Who is typing: the named, and whether someone the server does not name (a possible pseudonym) is too. */
  protected readonly typing = computed(() => {
    const typers = this.store.typers();
    return { names: typers.flatMap((t) => (t.author ? [authorLabel(t.author)] : [])), someone: typers.some((t) => !t.author) };
  });
  protected readonly done = signal<string | null>(null);

  private readonly list = viewChild<ElementRef<HTMLElement>>('list');
  private readonly composer = viewChild(MessageComposerComponent);

  // One dialog for every action that asks for a reason or a confirmation.
  protected readonly action = signal<ThreadAction | null>(null);
  protected readonly form = this.fb.group({ reason: [''] });
  protected readonly reasonMax = computed(() => (this.action()?.kind === 'flag' ? FLAG_REASON_MAX_LENGTH : MODERATION_REASON_MAX_LENGTH));
  private readonly dialog = viewChild.required<DialogComponent>('dialog');
  private readonly dialogElement = viewChild.required('dialog', { read: ElementRef<HTMLElement> });
  protected readonly cycle = new FormSubmit(this.form, () => this.dialogElement().nativeElement);

  constructor() {
    effect(() => this.store.open(this.threadId()));
    const clock = setInterval(() => this.now.set(Date.now()), CLOCK_TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(clock));

    // New messages at the bottom: follow them down if the reader was already there.
    let count = 0;
    let revealed: string | null = null;
    effect(() => {
      const messages = this.store.messages();
      const target = this.focusMessage();
      untracked(() => {
        const grew = messages.length > count;
        const firstLoad = count === 0;
        count = messages.length;
        if (target && target !== revealed && this.store.thread()) {
          revealed = target;
          void this.show(target);
        } else if (grew) {
          this.stickToBottom(firstLoad);
        }
      });
    });
  }

  protected async older(): Promise<void> {
    const list = this.list()?.nativeElement;
    const fromBottom = list ? list.scrollHeight - list.scrollTop : 0;
    try {
      await this.store.older();
    } catch {
      this.done.set('discussion.olderFailed');
      return;
    }
    // Keep the reader's place: what they were reading stays where it was.
    afterNextRender(
      () => {
        if (list) {
          list.scrollTop = list.scrollHeight - fromBottom;
        }
      },
      { injector: this.injector },
    );
  }

  protected reply(message: MessageView): void {
    this.composer()?.startReply(message);
  }

  /** Brings a message into view and focus, reading back a few pages if it is older. */
  protected async show(messageId: string): Promise<void> {
    const found = await this.store.reveal(messageId);
    if (!found) {
      this.done.set('discussion.messageNotFound');
      return;
    }
    afterNextRender(
      () => {
        // Compared, not put in a selector: the id may come from the address bar.
        const messages = this.list()?.nativeElement.querySelectorAll<HTMLElement>('.message');
        const el = Array.from(messages ?? []).find((e) => e.id === `message-${messageId}`);
        el?.scrollIntoView({ block: 'center' });
        el?.focus({ preventScroll: true });
      },
      { injector: this.injector },
    );
  }

  protected open(action: MessageAction | ThreadAction): void {
    const needsReason = action.kind !== 'delete';
    this.action.set({ kind: action.kind, message: action.message });
    this.form.controls.reason.setValidators(needsReason ? [Validators.required, notBlank, Validators.maxLength(this.reasonMax())] : []);
    this.cycle.start({ reason: '' });
    this.dialog().open();
  }

  protected async submit(): Promise<void> {
    const action = this.action();
    if (!action) {
      return;
    }
    const reason = this.form.getRawValue().reason.trim();
    const message = action.message;
    await this.cycle.submit(
      async () => {
        switch (action.kind) {
          case 'flag':
            if (message) {
              await this.store.flag(message, reason);
            }
            break;
          case 'delete':
            if (message) {
              await this.store.remove(message);
            }
            break;
          case 'hide':
            if (message) {
              await this.store.hide(message, reason);
            }
            break;
          case 'unhide':
            if (message) {
              await this.store.unhide(message, reason);
            }
            break;
          case 'lock':
          case 'unlock':
            await this.store.setLocked(action.kind === 'lock', reason);
            break;
        }
      },
      () => {
        this.done.set(`discussion.done.${action.kind}`);
        this.dialog().close();
      },
    );
  }

  /** Measured before the new messages render; scrolled once they have (the list itself may be new). */
  private stickToBottom(force: boolean): void {
    const before = this.list()?.nativeElement;
    const nearBottom = !before || before.scrollHeight - before.scrollTop - before.clientHeight < STICK_TO_BOTTOM_PX;
    if (force || nearBottom) {
      afterNextRender(
        () => {
          const list = this.list()?.nativeElement;
          if (list) {
            list.scrollTop = list.scrollHeight;
          }
        },
        { injector: this.injector },
      );
    }
  }
}
