import { ChangeDetectionStrategy, Component, ElementRef, inject, output, signal, viewChild } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import type { RoundView } from '@suivi/contracts';
import { DialogComponent } from '../shared/dialog.component';
import { FormFailureComponent } from '../shared/forms/form-failure.component';
import { FormSubmit } from '../shared/forms/form-submit';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { ROUND_FORM_TEXTS } from './round-form';
import { RoundsApi } from './rounds-api.service';

/**
 * The secretariat closes an open round before its closing day, once it has confirmed: every
 * request still without a report becomes "missing", publicly. A refusal (closed meanwhile, not
 * open yet) is said, and the page reads the round again.
 */
@Component({
  selector: 'suivi-round-close-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, TranslocoPipe, DialogComponent, FormFailureComponent, BilingualTextComponent],
  template: `
    <suivi-dialog #dialog [heading]="'rounds.close.title' | transloco" (closed)="round.set(null)">
      <form class="form dialog-body" [formGroup]="form" (ngSubmit)="confirm()" novalidate>
        @if (round(); as r) {
          <p><suivi-bi [value]="r.title" /></p>
        }
        <p>{{ 'rounds.close.text' | transloco: { missing: round()?.completion?.overall?.requested ?? 0 } }}</p>
        @if (cycle.failure(); as f) {
          <suivi-form-failure [failure]="f" />
        }
        <div class="form-actions">
          <button type="submit" class="button button-danger" data-autofocus [disabled]="cycle.sending()">
            {{ (cycle.sending() ? 'common.saving' : 'rounds.close.confirm') | transloco }}
          </button>
          <button type="button" class="button button-secondary" (click)="dialog.close()">{{ 'common.cancel' | transloco }}</button>
        </div>
      </form>
    </suivi-dialog>
  `,
})
export class RoundCloseDialogComponent {
  readonly closedRound = output<RoundView>();
  /** Refused because the round changed meanwhile: the page reads it again. */
  readonly outdated = output();

  private readonly api = inject(RoundsApi);
  protected readonly round = signal<RoundView | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({});
  private readonly dialog = viewChild.required<DialogComponent>('dialog');
  private readonly dialogElement = viewChild.required('dialog', { read: ElementRef<HTMLElement> });
  protected readonly cycle = new FormSubmit(this.form, () => this.dialogElement().nativeElement, ROUND_FORM_TEXTS);

  open(round: RoundView): void {
    this.round.set(round);
    this.cycle.start();
    this.dialog().open();
  }

  protected async confirm(): Promise<void> {
    const round = this.round();
    if (!round) {
      return;
    }
    await this.cycle.send(
      () => this.api.close(round.id),
      (closed) => {
        this.closedRound.emit(closed);
        this.dialog().close();
      },
      { onError: () => this.outdated.emit() },
    );
  }
}
