import { ChangeDetectionStrategy, Component, ElementRef, inject, output, signal, viewChild } from '@angular/core';
import { ReactiveFormsModule, NonNullableFormBuilder, Validators } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import { type AuditEventView, PURGE_REASON_MAX_LENGTH, PURGE_REASON_MIN_LENGTH } from '@suivi/contracts';
import { errorCode } from '../core/http-error';
import { LocalDatePipe } from '../core/local-format.pipes';
import { DialogComponent } from '../shared/dialog.component';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import { describedBy, notBlank } from '../shared/forms/form-errors';
import { FormFailureComponent } from '../shared/forms/form-failure.component';
import { FormSubmit } from '../shared/forms/form-submit';
import { AuditApi } from './audit-api.service';
import { AuditLabels } from './audit-labels';

/**
 * Asks for the reason of a purge and says first what a purge does: the event's data (and a
 * message's words, an evidence file's bytes) erased for good, the chain still verifying, and the
 * purge itself recorded. Tells the page what was purged, or that the list is out of date.
 */
@Component({
  selector: 'suivi-audit-purge-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, TranslocoPipe, LocalDatePipe, DialogComponent, FieldErrorComponent, FormFailureComponent],
  template: `
    @let ev = event();
    @let e = cycle.errors();
    <suivi-dialog #dialog [heading]="ev ? ('admin.audit.purge.title' | transloco: { seq: ev.seq }) : ''" (closed)="event.set(null)">
      @if (ev) {
        <form class="form dialog-body" [formGroup]="form" (ngSubmit)="submit()" novalidate>
          <div class="dialog-quote">
            <p class="message-head">{{ labels.action(ev.action) }} — {{ labels.subject(ev) }}</p>
            <p class="muted">
              <time [attr.datetime]="ev.at">{{ ev.at | localDate: 'dateTime' }}</time> — {{ labels.actor(ev) }}
            </p>
          </div>
          @if (cycle.failure(); as f) {
            <suivi-form-failure [failure]="f" />
          }
          <div class="notice notice-warning">
            <p>{{ 'admin.audit.purge.what' | transloco }}</p>
            <p>{{ 'admin.audit.purge.stays' | transloco }}</p>
          </div>
          <div class="field">
            <label for="purge-reason">{{ 'admin.audit.purge.reason' | transloco }}</label>
            <p class="field-hint" id="purge-reason-hint">{{ 'admin.audit.purge.hint' | transloco }}</p>
            <textarea
              id="purge-reason"
              rows="3"
              required
              formControlName="reason"
              data-autofocus
              [attr.aria-invalid]="e.reason ? true : null"
              [attr.aria-describedby]="describedBy('purge-reason', e.reason, true)"
            ></textarea>
            <suivi-field-error controlId="purge-reason" [error]="e.reason" />
          </div>
          <div class="form-actions">
            <button type="submit" class="button button-danger" [disabled]="cycle.sending()">
              {{ (cycle.sending() ? 'common.saving' : 'admin.audit.purge.submit') | transloco }}
            </button>
            <button type="button" class="button button-secondary" (click)="dialog.close()">{{ 'common.cancel' | transloco }}</button>
          </div>
        </form>
      }
    </suivi-dialog>
  `,
})
export class AuditPurgeDialogComponent {
  private readonly api = inject(AuditApi);
  protected readonly labels = inject(AuditLabels);
  protected readonly describedBy = describedBy;

  /** The event as the purge left it. */
  readonly purged = output<AuditEventView>();
  /** The list no longer says what the record holds (purged meanwhile, or gone): read it again. */
  readonly stale = output();

  protected readonly event = signal<AuditEventView | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    reason: [
      '',
      [Validators.required, notBlank, Validators.minLength(PURGE_REASON_MIN_LENGTH), Validators.maxLength(PURGE_REASON_MAX_LENGTH)],
    ],
  });
  private readonly dialog = viewChild.required<DialogComponent>('dialog');
  private readonly dialogElement = viewChild.required('dialog', { read: ElementRef<HTMLElement> });
  protected readonly cycle = new FormSubmit(this.form, () => this.dialogElement().nativeElement);

  open(event: AuditEventView): void {
    this.event.set(event);
    this.cycle.start({ reason: '' });
    this.dialog().open();
  }

  protected async submit(): Promise<void> {
    const event = this.event();
    if (!event) {
      return;
    }
    await this.cycle.submit(
      () => this.api.purge(event.seq, this.form.getRawValue().reason.trim()),
      (purged) => {
        this.purged.emit(purged);
        this.dialog().close();
      },
      {
        // Already purged or gone: said in words, and the list read again behind the dialog.
        onError: (error) => {
          const code = errorCode(error);
          if (code === 'event_purged' || code === 'not_found') {
            this.stale.emit();
          }
        },
      },
    );
  }
}
