import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, computed, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@suivi/contracts';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import { describedBy } from '../shared/forms/form-errors';
import { FormFailureComponent } from '../shared/forms/form-failure.component';
import { FormSubmit } from '../shared/forms/form-submit';
import { AccountsApi } from './accounts-api.service';
import { confirmError, samePasswords } from './new-password';

/** The page a one-time link from the secretariat opens: `/reset?token=…`. */
@Component({
  selector: 'suivi-reset-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, TranslocoPipe, FieldErrorComponent, FormFailureComponent],
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
  /** A refused link (its `token`, no field of the form) is said above the form, in its own words. */
  protected readonly cycle = new FormSubmit(this.form, () => this.host.nativeElement);
  protected readonly done = signal(false);
  protected readonly errors = computed(() => {
    const errors = this.cycle.errors();
    return { ...errors, confirm: confirmError(this.form, errors.confirm, this.cycle.submitted()) };
  });
  protected readonly describedBy = describedBy;

  protected async submit(): Promise<void> {
    const token = this.token();
    if (!token) {
      this.cycle.check();
      return;
    }
    await this.cycle.submit(
      () => this.api.resetPassword({ token, newPassword: this.form.getRawValue().newPassword }),
      () => {
        this.done.set(true);
        afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#reset-done-title')?.focus(), {
          injector: this.injector,
        });
      },
    );
  }
}
