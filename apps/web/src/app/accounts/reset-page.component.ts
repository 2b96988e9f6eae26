import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, computed, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@suivi/contracts';
import { firstValueFrom } from 'rxjs';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import {
  type Failure,
  describedBy,
  fieldErrors,
  focusFirstProblem,
  formChanges,
  formFailure,
  httpStatusOf,
} from '../shared/forms/form-errors';
import { AccountsApi } from './accounts-api.service';
import { confirmError, samePasswords } from './new-password';

/** The page a one-time link from the secretariat opens: `/reset?token=…`. */
@Component({
  selector: 'suivi-reset-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, TranslocoPipe, FieldErrorComponent],
  templateUrl: './reset-page.component.html',
})
export class ResetPageComponent {
  /** The `token` query parameter. */
  readonly token = input<string | undefined>();

  private readonly api = inject(AccountsApi);
  private readonly host: ElementRef<HTMLElement> = inject(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly passwordMin = PASSWORD_MIN_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      newPassword: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH), Validators.maxLength(PASSWORD_MAX_LENGTH)]],
      confirm: ['', Validators.required],
    },
    { validators: samePasswords },
  );
  protected readonly submitted = signal(false);
  protected readonly sending = signal(false);
  protected readonly failure = signal<Failure | null>(null);
  protected readonly done = signal(false);
  private readonly changes = formChanges(this.form);
  protected readonly errors = computed(() => {
    this.changes();
    const errors = fieldErrors(this.form, this.submitted());
    return { ...errors, confirm: confirmError(this.form, errors.confirm, this.submitted()) };
  });
  protected readonly describedBy = describedBy;

  protected async submit(): Promise<void> {
    const token = this.token();
    this.submitted.set(true);
    this.failure.set(null);
    if (!token || this.form.invalid) {
      focusFirstProblem(this.host.nativeElement, this.injector);
      return;
    }
    this.sending.set(true);
    try {
      await firstValueFrom(this.api.resetPassword({ token, newPassword: this.form.getRawValue().newPassword }));
      this.done.set(true);
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#reset-done-title')?.focus(), {
        injector: this.injector,
      });
    } catch (error: unknown) {
      const failure = formFailure(this.form, error);
      // A 400 that is not about the new password is about the link: invalid, used or expired.
      this.failure.set(failure && httpStatusOf(error) === 400 ? { key: 'reset.linkInvalid', params: {} } : failure);
      focusFirstProblem(this.host.nativeElement, this.injector);
    } finally {
      this.sending.set(false);
    }
  }
}
