import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { DISPLAY_NAME_MAX_LENGTH, LOCALES, type Locale, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@suivi/contracts';
import { firstValueFrom } from 'rxjs';
import { LanguageService } from '../core/language.service';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import {
  type Failure,
  describedBy,
  fieldErrors,
  focusFirstProblem,
  formChanges,
  formFailure,
  notBlank,
  notPseudonymForm,
} from '../shared/forms/form-errors';
import { OrganizationPickerComponent } from '../shared/forms/organization-picker.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { OrganizationsApi } from '../shared/organizations-api.service';
import { AccountsApi } from './accounts-api.service';

@Component({
  selector: 'suivi-register-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, TranslocoPipe, FieldErrorComponent, OrganizationPickerComponent, LoadStateComponent],
  templateUrl: './register-page.component.html',
})
export class RegisterPageComponent {
  private readonly api = inject(AccountsApi);
  private readonly organizationsApi = inject(OrganizationsApi);
  private readonly host: ElementRef<HTMLElement> = inject(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly locales = LOCALES;
  protected readonly passwordMin = PASSWORD_MIN_LENGTH;
  protected readonly organizations = rxResource({ stream: () => this.organizationsApi.list() });
  protected readonly organizationList = computed(() => (this.organizations.hasValue() ? this.organizations.value() : []));

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH), Validators.maxLength(PASSWORD_MAX_LENGTH)]],
    displayName: ['', [Validators.required, notBlank, notPseudonymForm, Validators.maxLength(DISPLAY_NAME_MAX_LENGTH)]],
    organizationId: ['', Validators.required],
    locale: [inject(LanguageService).lang() as Locale, Validators.required],
  });
  protected readonly submitted = signal(false);
  protected readonly sending = signal(false);
  protected readonly failure = signal<Failure | null>(null);
  /** Set once the server has taken the registration: the page then says what happens next. */
  protected readonly registered = signal<{ civilSociety: boolean } | null>(null);
  private readonly changes = formChanges(this.form);
  protected readonly errors = computed(() => {
    this.changes();
    return fieldErrors(this.form, this.submitted());
  });
  protected readonly describedBy = describedBy;

  protected async submit(): Promise<void> {
    this.submitted.set(true);
    this.failure.set(null);
    if (this.form.invalid) {
      focusFirstProblem(this.host.nativeElement, this.injector);
      return;
    }
    this.sending.set(true);
    const value = this.form.getRawValue();
    try {
      await firstValueFrom(this.api.register({ ...value, email: value.email.trim(), displayName: value.displayName.trim() }));
      const organization = this.organizationList().find((o) => o.id === value.organizationId);
      this.registered.set({ civilSociety: organization?.group === 'civil_society' });
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#register-done-title')?.focus(), {
        injector: this.injector,
      });
    } catch (error: unknown) {
      this.failure.set(formFailure(this.form, error));
      focusFirstProblem(this.host.nativeElement, this.injector);
    } finally {
      this.sending.set(false);
    }
  }
}
