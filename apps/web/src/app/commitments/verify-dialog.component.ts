import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import type { ReportView } from '@suivi/contracts';
import { errorCode } from '../core/http-error';
import { LocalDatePipe } from '../core/local-format.pipes';
import { DialogComponent } from '../shared/dialog.component';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import { describedBy } from '../shared/forms/form-errors';
import { FormFailureComponent } from '../shared/forms/form-failure.component';
import { FormSubmit } from '../shared/forms/form-submit';
import { OrgNameComponent } from '../shared/org-name.component';
import { CommitmentStore } from './commitment.store';

export const VERIFICATION_NOTE_MAX_LENGTH = 2000;

/**
 * The secretariat verifies a self-report, with an optional note. A report verified meanwhile by
 * someone else is said so, and the timeline read again to show it.
 */
@Component({
  selector: 'suivi-verify-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    TranslocoPipe,
    LocalDatePipe,
    DialogComponent,
    FieldErrorComponent,
    FormFailureComponent,
    OrgNameComponent,
  ],
  template: `
    <suivi-dialog #dialog [heading]="'verify.title' | transloco" (closed)="report.set(null)">
      @let e = cycle.errors();
      <form class="form dialog-body" [formGroup]="form" (ngSubmit)="submit()" novalidate>
        @if (report(); as r) {
          <p>
            {{ 'reportKind.' + r.kind | transloco }}, <suivi-org-name [org]="r.organization" />,
            <time [attr.datetime]="r.createdAt">{{ r.createdAt | localDate: 'dateTime' }}</time>:
            {{ 'status.' + r.status | transloco }}
          </p>
        }
        <p>{{ 'verify.text' | transloco }}</p>
        @if (cycle.failure(); as f) {
          <suivi-form-failure [failure]="f" />
        }
        <div class="field">
          <label for="verify-note">{{ 'verify.note' | transloco }}</label>
          <p class="field-hint" id="verify-note-hint">{{ 'verify.noteHint' | transloco }}</p>
          <textarea
            id="verify-note"
            rows="3"
            formControlName="note"
            [attr.aria-invalid]="e.note ? true : null"
            [attr.aria-describedby]="describedBy('verify-note', e.note, true)"
          ></textarea>
          <suivi-field-error controlId="verify-note" [error]="e.note" />
        </div>
        <div class="form-actions">
          <button type="submit" class="button" [disabled]="cycle.sending()">
            {{ (cycle.sending() ? 'common.saving' : 'verify.submit') | transloco }}
          </button>
          <button type="button" class="button button-secondary" (click)="dialog.close()">{{ 'common.cancel' | transloco }}</button>
        </div>
      </form>
    </suivi-dialog>
  `,
})
export class VerifyDialogComponent {
  private readonly store = inject(CommitmentStore);
  protected readonly describedBy = describedBy;

  protected readonly report = signal<ReportView | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({ note: ['', Validators.maxLength(VERIFICATION_NOTE_MAX_LENGTH)] });
  private readonly dialog = viewChild.required<DialogComponent>('dialog');
  private readonly dialogElement = viewChild.required('dialog', { read: ElementRef<HTMLElement> });
  protected readonly cycle = new FormSubmit(this.form, () => this.dialogElement().nativeElement, {
    failures: { already_done: 'verify.already' },
  });

  open(report: ReportView): void {
    this.report.set(report);
    this.cycle.start({ note: '' });
    this.dialog().open();
  }

  protected async submit(): Promise<void> {
    const report = this.report();
    if (!report) {
      return;
    }
    await this.cycle.submit(
      () => this.store.verify(report, this.form.getRawValue().note.trim()),
      () => this.dialog().close(),
      {
        onError: (error) => {
          if (errorCode(error) === 'already_done') {
            this.store.reloadTimeline();
          }
        },
      },
    );
  }
}
