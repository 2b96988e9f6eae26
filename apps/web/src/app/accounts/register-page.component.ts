import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { DISPLAY_NAME_MAX_LENGTH, LOCALES, type Locale, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@suivi/contracts';
import { LanguageService } from '../core/language.service';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import { describedBy, notBlank, notPseudonymForm } from '../shared/forms/form-errors';
import { FormFailureComponent } from '../shared/forms/form-failure.component';
import { FormSubmit } from '../shared/forms/form-submit';
import { OrganizationPickerComponent } from '../shared/forms/organization-picker.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { OrganizationsApi } from '../shared/organizations-api.service';
import { AccountsApi } from './accounts-api.service';

@Component({
  selector: 'suivi-register-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    TranslocoPipe,
    FieldErrorComponent,
    FormFailureComponent,
    OrganizationPickerComponent,
    LoadStateComponent,
  ],
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
  /** An unknown organisation is one to pick from the list, which the form offers. */
  protected readonly cycle = new FormSubmit(this.form, () => this.host.nativeElement, {
    fields: { organizationId: { unknown_organisation: 'forms.errors.organization' } },
  });
  /** Set once the server has taken the registration: the page then says what happens next. */
  protected readonly registered = signal<{ civilSociety: boolean } | null>(null);
  protected readonly describedBy = describedBy;

  protected async submit(): Promise<void> {
    const value = this.form.getRawValue();
    await this.cycle.submit(
      () => this.api.register({ ...value, email: value.email.trim(), displayName: value.displayName.trim() }),
      () => {
        const organization = this.organizationList().find((o) => o.id === value.organizationId);
        this.registered.set({ civilSociety: organization?.group === 'civil_society' });
        afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#register-done-title')?.focus(), {
          injector: this.injector,
        });
      },
    );
  }
}
