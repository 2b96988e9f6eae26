import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, output, signal, viewChild } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import type { RoundView } from '@suivi/contracts';
import { errorCode } from '../core/http-error';
import { DialogComponent } from '../shared/dialog.component';
import { bilingualErrors } from '../shared/forms/bilingual-fields.component';
import { staleCurrent } from '../shared/forms/form-errors';
import { FormFailureComponent } from '../shared/forms/form-failure.component';
import { FormSubmit } from '../shared/forms/form-submit';
import { OrganizationsApi } from '../shared/organizations-api.service';
import { RoundFieldsComponent, type RoundFieldErrors } from './round-fields.component';
import { ROUND_FORM_TEXTS, roundDraft, roundForm, roundPatch } from './round-form';
import { RoundsApi } from './rounds-api.service';

/**
 * The secretariat edits a round: everything while it is planned; once open, only its title and
 * the dates due and closing. A change saved meanwhile by someone else is shown on the page and
 * the draft kept, to be sent again over it; a round that opened or closed meanwhile is read again.
 */
@Component({
  selector: 'suivi-round-edit-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, TranslocoPipe, DialogComponent, FormFailureComponent, RoundFieldsComponent],
  template: `
    <suivi-dialog #dialog [heading]="'rounds.edit.title' | transloco" (closed)="round.set(null)">
      <form class="form dialog-body" [formGroup]="form" (ngSubmit)="submit()" novalidate>
        @if (round(); as r) {
          @if (cycle.failure(); as f) {
            <suivi-form-failure [failure]="f" />
          }
          <suivi-round-fields
            idp="round-edit"
            [form]="form"
            [errors]="errors()"
            [fixed]="r.state !== 'planned'"
            [organizations]="organizations.hasValue() ? organizations.value() : null"
            [dueOn]="dueOn()"
          />
        }
        <div class="form-actions">
          <button type="submit" class="button" [disabled]="cycle.sending()">
            {{ (cycle.sending() ? 'common.saving' : 'rounds.edit.submit') | transloco }}
          </button>
          <button type="button" class="button button-secondary" (click)="dialog.close()">{{ 'common.cancel' | transloco }}</button>
        </div>
      </form>
    </suivi-dialog>
  `,
})
export class RoundEditDialogComponent {
  /** The round as saved: by this dialog, or by someone else meanwhile (a stale edit). */
  readonly saved = output<RoundView>();
  /** What the page shows is out of date (the round opened or closed meanwhile): read it again. */
  readonly outdated = output();

  private readonly api = inject(RoundsApi);
  private readonly organizationsApi = inject(OrganizationsApi);
  /** The round as it was when the dialog opened: its state decides the fields for the whole edit. */
  protected readonly round = signal<RoundView | null>(null);
  /** The version the next save is based on (someone else's, after a stale edit). */
  private version = 0;
  protected readonly organizations = rxResource({
    params: () => (this.round()?.state === 'planned' ? true : undefined),
    stream: () => this.organizationsApi.list(),
  });

  protected readonly form = roundForm(inject(NonNullableFormBuilder), true);
  protected readonly dueOn = toSignal(this.form.controls.dueOn.valueChanges, { initialValue: '' });
  private readonly dialog = viewChild.required<DialogComponent>('dialog');
  private readonly dialogElement = viewChild.required('dialog', { read: ElementRef<HTMLElement> });
  protected readonly cycle = new FormSubmit(this.form, () => this.dialogElement().nativeElement, ROUND_FORM_TEXTS);
  protected readonly errors = computed<RoundFieldErrors>(() => ({
    ...this.cycle.errors(),
    title: bilingualErrors(this.form.controls.title, this.cycle.submitted()),
  }));

  open(round: RoundView): void {
    this.round.set(round);
    this.version = round.version;
    this.cycle.start(roundDraft(round));
    this.dialog().open();
  }

  protected async submit(): Promise<void> {
    const round = this.round();
    if (!round) {
      return;
    }
    await this.cycle.submit(
      () => this.api.update(round.id, roundPatch(this.form.getRawValue(), round, this.version)),
      (saved) => {
        this.saved.emit(saved);
        this.dialog().close();
      },
      {
        onError: (error) => {
          const current = staleCurrent<RoundView>(error);
          if (current) {
            this.version = current.version;
            this.saved.emit(current);
          } else if (errorCode(error) === 'round_state') {
            this.outdated.emit();
          }
        },
      },
    );
  }
}
