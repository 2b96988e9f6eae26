import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  type ElementRef,
  afterNextRender,
  inject,
  Injector,
  input,
  output,
  viewChild,
} from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';

let nextId = 0;

/**
 * A modal on the native <dialog>: the browser keeps focus inside and closes it on Escape. On
 * opening, focus goes to the element marked `data-autofocus` (else the first field or button);
 * on closing, it goes back to whatever opened it.
 */
@Component({
  selector: 'suivi-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe],
  template: `
    <dialog #dialog class="dialog" [attr.aria-labelledby]="titleId" (close)="onClose()">
      <div class="dialog-head">
        <h2 [id]="titleId">{{ heading() }}</h2>
        <button type="button" class="dialog-close" (click)="close()">
          <span aria-hidden="true">×</span>
          <span class="visually-hidden">{{ 'common.close' | transloco }}</span>
        </button>
      </div>
      <ng-content />
    </dialog>
  `,
})
export class DialogComponent {
  readonly heading = input.required<string>();
  readonly closed = output();

  protected readonly titleId = `dialog-title-${++nextId}`;
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);
  private opener: HTMLElement | null = null;

  get isOpen(): boolean {
    return this.dialog().nativeElement.open;
  }

  open(): void {
    const dialog = this.dialog().nativeElement;
    if (dialog.open) {
      return;
    }
    this.opener = this.document.activeElement instanceof HTMLElement ? this.document.activeElement : null;
    dialog.showModal();
    // The content may depend on state set just before open(): focus once it is rendered.
    afterNextRender(() => this.focusInitial(), { injector: this.injector });
  }

  close(): void {
    const dialog = this.dialog().nativeElement;
    if (dialog.open) {
      dialog.close();
    }
  }

  /** Moves focus into the dialog again, e.g. onto a result that replaced the form. */
  focusInitial(): void {
    const dialog = this.dialog().nativeElement;
    const target =
      dialog.querySelector<HTMLElement>('[data-autofocus]') ??
      dialog.querySelector<HTMLElement>('input:not([disabled]), select:not([disabled]), textarea:not([disabled]), .dialog-body button');
    target?.focus();
  }

  protected onClose(): void {
    if (this.opener?.isConnected) {
      this.opener.focus();
    }
    this.opener = null;
    this.closed.emit();
  }
}
