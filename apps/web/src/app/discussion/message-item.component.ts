import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterNextRender,
  computed,
  inject,
  Injector,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { MESSAGE_EDIT_WINDOW_MS, MESSAGE_MAX_LENGTH, type MentionInput, type MentionView, type MessageView } from '@suivi/contracts';
import { LocalDatePipe } from '../core/local-format.pipes';
import { type Failure, requestFailure } from '../shared/forms/form-errors';
import { AuthorNameComponent } from './author-name.component';
import { MessageBodyComponent } from './message-body.component';
import { ThreadStore } from './thread.store';
import { SayPipe } from '../core/say.pipe';

export type MessageActionKind = 'flag' | 'delete' | 'hide' | 'unhide';
export interface MessageAction {
  kind: MessageActionKind;
  message: MessageView;
}

/** May the author still correct it, at `now`? The server has the last word; this hides a button that would fail. */
export function editable(message: MessageView, now: number): boolean {
  return message.mine && message.state === 'visible' && now - Date.parse(message.createdAt) < MESSAGE_EDIT_WINDOW_MS;
}

/** The mentions of an edited text: those already made whose `@label` is still in it. */
export function keptMentions(body: string, mentions: readonly MentionView[]): MentionInput[] {
  return mentions
    .filter((m) => body.includes(`@${m.label}`))
    .map((m): MentionInput => (m.kind === 'member' ? { kind: 'member', id: m.id } : { kind: 'pseudonym', pseudonym: m.label }));
}

@Component({
  selector: 'suivi-message-item',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SayPipe, TranslocoPipe, LocalDatePipe, AuthorNameComponent, MessageBodyComponent],
  templateUrl: './message-item.component.html',
})
export class MessageItemComponent {
  readonly message = input.required<MessageView>();
  /** The time, ticking, for the edit window. */
  readonly now = input.required<number>();
  readonly mayReply = input(false);
  readonly mayFlag = input(false);
  readonly moderates = input(false);
  readonly replyTo = output<MessageView>();
  readonly act = output<MessageAction>();
  /** Following the quote of the message replied to. */
  readonly showMessage = output<string>();

  private readonly store = inject(ThreadStore);
  private readonly injector = inject(Injector);
  protected readonly maxLength = MESSAGE_MAX_LENGTH;
  protected readonly editing = signal(false);
  protected readonly editText = signal('');
  protected readonly saving = signal(false);
  protected readonly editFailure = signal<Failure | null>(null);
  /** The author and time: what each action button is about, for a screen reader. */
  protected readonly headId = computed(() => `message-${this.message().id}-head`);
  protected readonly mayEdit = computed(() => editable(this.message(), this.now()));
  private readonly editor = viewChild<ElementRef<HTMLTextAreaElement>>('editor');

  protected startEdit(): void {
    this.editText.set(this.message().body ?? '');
    this.editFailure.set(null);
    this.editing.set(true);
    afterNextRender(() => this.editor()?.nativeElement.focus(), { injector: this.injector });
  }

  protected cancelEdit(): void {
    this.editing.set(false);
  }

  protected onEditInput(event: Event): void {
    this.editText.set((event.target as HTMLTextAreaElement).value);
  }

  protected async saveEdit(event: Event): Promise<void> {
    event.preventDefault();
    const body = this.editText().trim();
    const message = this.message();
    if (!body) {
      this.editFailure.set({ key: 'discussion.composer.empty', params: {} });
      return;
    }
    if (body === message.body) {
      this.editing.set(false);
      return;
    }
    this.saving.set(true);
    this.editFailure.set(null);
    try {
      await this.store.edit(message, { body, mentions: keptMentions(body, message.mentions) });
      this.editing.set(false);
    } catch (error: unknown) {
      // The text stays in the box, whatever the reason (the edit window closed meanwhile, the message was hidden).
      this.editFailure.set(requestFailure(error));
    } finally {
      this.saving.set(false);
    }
  }
}
