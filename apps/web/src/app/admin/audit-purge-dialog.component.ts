import { ChangeDetectionStrategy, Component, ElementRef, Injector, computed, inject, output, signal, viewChild } from '@angular/core';
import { ReactiveFormsModule, NonNullableFormBuilder, Validators } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import { type AuditEventView, PURGE_REASON_MAX_LENGTH, PURGE_REASON_MIN_LENGTH } from '@suivi/contracts';
import { firstValueFrom } from 'rxjs';
import { LocalDatePipe } from '../core/local-format.pipes';
import { DialogComponent } from '../shared/dialog.component';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import {
  type Failure,
  describedBy,
  fieldErrors,
  focusFirstProblem,
  formChanges,
  formFailure,
  httpStatusOf,
  notBlank,
} from '../shared/forms/form-errors';
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
  imports: [ReactiveFormsModule, TranslocoPipe, LocalDatePipe, DialogComponent, FieldErrorComponent],
  template: `
    @let ev = event();
    @let e = errors();
    <suivi-dialog #dialog [heading]="ev ? ('admin.audit.purge.title' | transloco: { seq: ev.seq }) : ''" (closed)="event.set(null)">
      @if (ev) {
        <form class="form dialog-body" [formGroup]="form" (ngSubmit)="submit()" novalidate>
          <div class="dialog-quote">
            <p class="message-head">{{ labels.action(ev.action) }} — {{ labels.subject(ev) }}</p>
            <p class="muted">
              <time [attr.datetime]="ev.at">{{ ev.at | localDate: 'dateTime' }}</time> — {{ labels.actor(ev) }}
            </p>
          </div>
          @if (failure(); as f) {
            <div class="notice notice-error form-failure" role="alert" tabindex="-1">
              <p>{{ f.key | transloco: f.params }}</p>
            </div>
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
            <button type="submit" class="button button-danger" [disabled]="sending()">
              {{ (sending() ? 'common.saving' : 'admin.audit.purge.submit') | transloco }}
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
  private readonly injector = inject(Injector);
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
  protected readonly submitted = signal(false);
  protected readonly sending = signal(false);
  protected readonly failure = signal<Failure | null>(null);
  private readonly changes = formChanges(this.form);
  protected readonly errors = computed(() => {
    this.changes();
    return fieldErrors(this.form, this.submitted());
  });

  private readonly dialog = viewChild.required<DialogComponent>('dialog');
  private readonly dialogElement = viewChild.required('dialog', { read: ElementRef<HTMLElement> });

  open(event: AuditEventView): void {
    this.event.set(event);
    this.form.reset({ reason: '' });
    this.submitted.set(false);
    this.failure.set(null);
    this.dialog().open();
  }

  protected async submit(): Promise<void> {
    const event = this.event();
    if (!event) {
      return;
    }
    this.submitted.set(true);
    this.failure.set(null);
    if (this.form.invalid) {
      focusFirstProblem(this.dialogElement().nativeElement, this.injector);
      return;
    }
    this.sending.set(true);
    try {
      const purged = await firstValueFrom(this.api.purge(event.seq, this.form.getRawValue().reason.trim()));
      this.purged.emit(purged);
      this.dialog().close();
    } catch (error: unknown) {
      const status = httpStatusOf(error);
      // Already purged (409) or gone (404): said in words, and the list read again behind the dialog.
      this.failure.set(status === 409 ? { key: 'admin.audit.purge.already', params: {} } : formFailure(this.form, error));
      if (status === 409 || status === 404) {
        this.stale.emit();
      }
      focusFirstProblem(this.dialogElement().nativeElement, this.injector);
    } finally {
      this.sending.set(false);
    }
  }
}
