import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { type MentionView, type MessageInline, parseMessage } from '@suivi/contracts';

/**
 * A message's text through the shared parser's tree, rendered by the template alone: every piece
 * of it is a text node, so no markup written in a message can ever run or style the page. Links
 * open apart from the app, tell the target nothing about the reader, and carry no endorsement.
 */
@Component({
  selector: 'suivi-message-body',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [NgTemplateOutlet],
  template: `
    @for (block of blocks(); track $index) {
      @switch (block.type) {
        @case ('paragraph') {
          <p>
            @for (line of block.lines; track $index) {
              @if (!$first) {
                <br />
              }
              <ng-container *ngTemplateOutlet="inlines; context: { $implicit: line }" />
            }
          </p>
        }
        @case ('list') {
          @if (block.ordered) {
            <ol>
              @for (item of block.items; track $index) {
                <li><ng-container *ngTemplateOutlet="inlines; context: { $implicit: item }" /></li>
              }
            </ol>
          } @else {
            <ul>
              @for (item of block.items; track $index) {
                <li><ng-container *ngTemplateOutlet="inlines; context: { $implicit: item }" /></li>
              }
            </ul>
          }
        }
      }
    }
    <ng-template #inlines let-parts>
      @for (part of asInlines(parts); track $index) {
        @switch (part.type) {
          @case ('text') {
            {{ part.text }}
          }
          @case ('em') {
            <em>{{ part.text }}</em>
          }
          @case ('strong') {
            <strong>{{ part.text }}</strong>
          }
          @case ('link') {
            <a [href]="part.href" target="_blank" rel="noopener noreferrer nofollow ugc">{{ part.text }}</a>
          }
          @case ('mention') {
            <span class="mention">&#64;{{ part.label }}</span>
          }
        }
      }
    </ng-template>
  `,
})
export class MessageBodyComponent {
  readonly body = input.required<string>();
  readonly mentions = input<readonly MentionView[]>([]);

  protected readonly blocks = computed(() =>
    parseMessage(
      this.body(),
      this.mentions().map((m) => m.label),
    ),
  );

  /** The template context is untyped: this restores the type for the switch above. */
  protected asInlines(parts: unknown): MessageInline[] {
    return parts as MessageInline[];
  }
}
