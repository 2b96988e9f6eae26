import { ChangeDetectionStrategy, Component, ElementRef, Injector, computed, effect, inject, signal, viewChild } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  DISPLAY_NAME_MAX_LENGTH,
  LOCALES,
  type Locale,
  type NewcomerView,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  can,
  pickText,
} from '@suivi/contracts';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
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
  notPseudonymForm,
  requestFailure,
} from '../shared/forms/form-errors';
import { LoadStateComponent } from '../shared/load-state.component';
import { OrgNameComponent } from '../shared/org-name.component';
import { AccountsApi } from './accounts-api.service';
import { confirmError, samePasswords } from './new-password';

@Component({
  selector: 'suivi-account-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, TranslocoPipe, LocalDatePipe, DialogComponent, FieldErrorComponent, LoadStateComponent, OrgNameComponent],
  templateUrl: './account-page.component.html',
})
export class AccountPageComponent {
  private readonly auth = inject(AuthService);
  private readonly api = inject(AccountsApi);
  private readonly language = inject(LanguageService);
  private readonly injector = inject(Injector);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly me = this.auth.me;
  protected readonly locales = LOCALES;
  protected readonly passwordMin = PASSWORD_MIN_LENGTH;
  protected readonly describedBy = describedBy;

  /** The account as the server sees it now: an approval may have come since signing in. */
  private readonly current = rxResource({ stream: () => this.api.me() });

  /** The same rule as the API's: a suspended account reads its status and changes nothing. */
  protected readonly mayManage = computed(() => can.manageOwnAccount(this.auth.viewer()));

  // Profile

  protected readonly profile = this.fb.group({
    displayName: [
      this.me()?.displayName ?? '',
      [Validators.required, notBlank, notPseudonymForm, Validators.maxLength(DISPLAY_NAME_MAX_LENGTH)],
    ],
    locale: [this.me()?.locale ?? this.language.lang(), Validators.required],
  });
  protected readonly profileSubmitted = signal(false);
  protected readonly profileSending = signal(false);
  protected readonly profileFailure = signal<Failure | null>(null);
  protected readonly profileSaved = signal(false);
  private readonly profileChanges = formChanges(this.profile);
  protected readonly profileErrors = computed(() => {
    this.profileChanges();
    return fieldErrors(this.profile, this.profileSubmitted());
  });
  private readonly profileForm = viewChild.required<ElementRef<HTMLFormElement>>('profileForm');

  // Password

  protected readonly password = this.fb.group(
    {
      currentPassword: ['', Validators.required],
      newPassword: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH), Validators.maxLength(PASSWORD_MAX_LENGTH)]],
      confirm: ['', Validators.required],
    },
    { validators: samePasswords },
  );
  protected readonly passwordSubmitted = signal(false);
  protected readonly passwordSending = signal(false);
  protected readonly passwordFailure = signal<Failure | null>(null);
  protected readonly passwordSaved = signal(false);
  private readonly passwordChanges = formChanges(this.password);
  protected readonly passwordErrors = computed(() => {
    this.passwordChanges();
    const errors = fieldErrors(this.password, this.passwordSubmitted());
    return { ...errors, confirm: confirmError(this.password, errors.confirm, this.passwordSubmitted()) };
  });
  private readonly passwordForm = viewChild.required<ElementRef<HTMLFormElement>>('passwordForm');

  // Newcomers of one's civil-society organisation, and first members of others to vouch for

  /** The same rule as the API's: active members of a civil-society organisation confirm and vouch. */
  protected readonly mayConfirm = computed(() => can.seeNewcomers(this.auth.viewer()));
  protected readonly newcomers = rxResource({
    params: () => (this.mayConfirm() ? true : undefined),
    stream: () => this.api.newcomers(),
  });
  private readonly confirmedIds = signal<ReadonlySet<string>>(new Set());
  protected readonly waitingNewcomers = computed(() =>
    (this.newcomers.hasValue() ? this.newcomers.value() : []).filter((n) => !this.confirmedIds().has(n.id)),
  );
  protected readonly memberNewcomers = computed(() => this.waitingNewcomers().filter((n) => n.kind === 'member'));
  protected readonly vouchNewcomers = computed(() => this.waitingNewcomers().filter((n) => n.kind === 'vouch'));
  protected readonly confirming = signal<NewcomerView | null>(null);
  protected readonly confirmSending = signal(false);
  protected readonly confirmFailure = signal<Failure | null>(null);
  protected readonly confirmed = signal<{ kind: NewcomerView['kind']; name: string } | null>(null);
  private readonly confirmDialog = viewChild.required<DialogComponent>('confirmDialog');

  constructor() {
    effect(() => {
      if (this.current.hasValue()) {
        const me = this.current.value();
        this.auth.updateMe(me);
        if (this.profile.pristine) {
          this.profile.reset({ displayName: me.displayName, locale: me.locale });
        }
      }
    });
  }

  protected async saveProfile(): Promise<void> {
    this.profileSubmitted.set(true);
    this.profileSaved.set(false);
    this.profileFailure.set(null);
    if (this.profile.invalid) {
      focusFirstProblem(this.profileForm().nativeElement, this.injector);
      return;
    }
    this.profileSending.set(true);
    const { displayName, locale } = this.profile.getRawValue();
    try {
      const me = await firstValueFrom(this.api.updateMe({ displayName: displayName.trim(), locale: locale as Locale }));
      this.auth.updateMe(me);
      this.profile.reset({ displayName: me.displayName, locale: me.locale });
      this.profileSubmitted.set(false);
      // The language chosen for the account is the one to read it in from now on.
      if (me.locale !== this.language.lang()) {
        await this.language.use(me.locale);
      }
      this.profileSaved.set(true);
    } catch (error: unknown) {
      this.profileFailure.set(formFailure(this.profile, error));
      focusFirstProblem(this.profileForm().nativeElement, this.injector);
    } finally {
      this.profileSending.set(false);
    }
  }

  protected async changePassword(): Promise<void> {
    this.passwordSubmitted.set(true);
    this.passwordSaved.set(false);
    this.passwordFailure.set(null);
    if (this.password.invalid) {
      focusFirstProblem(this.passwordForm().nativeElement, this.injector);
      return;
    }
    this.passwordSending.set(true);
    const { currentPassword, newPassword } = this.password.getRawValue();
    try {
      this.auth.start(await firstValueFrom(this.api.changePassword({ currentPassword, newPassword })));
      this.password.reset();
      this.passwordSubmitted.set(false);
      this.passwordSaved.set(true);
    } catch (error: unknown) {
      if (httpStatusOf(error) === 403) {
        // The server's way of saying the current password is wrong, if it does not name the field.
        this.password.controls.currentPassword.setErrors({ server: 'wrongPassword' });
      } else {
        this.passwordFailure.set(formFailure(this.password, error));
      }
      focusFirstProblem(this.passwordForm().nativeElement, this.injector);
    } finally {
      this.passwordSending.set(false);
    }
  }

  /** An organisation's name as the dialog's sentence reads it, in the page's language. */
  protected organizationName(newcomer: NewcomerView): string {
    if (newcomer.kind !== 'vouch') {
      return '';
    }
    const org = newcomer.organization;
    const name = pickText(org.name, this.language.lang()).text;
    return org.acronym ? `${name} (${org.acronym})` : name;
  }

  protected askConfirm(newcomer: NewcomerView): void {
    this.confirming.set(newcomer);
    this.confirmFailure.set(null);
    this.confirmDialog().open();
  }

  protected async confirmNewcomer(): Promise<void> {
    const newcomer = this.confirming();
    if (!newcomer) {
      return;
    }
    this.confirmSending.set(true);
    this.confirmFailure.set(null);
    try {
      await firstValueFrom(this.api.confirmNewcomer(newcomer.id));
      this.confirmedIds.update((ids) => new Set([...ids, newcomer.id]));
      this.confirmed.set({ kind: newcomer.kind, name: newcomer.displayName });
      this.confirmDialog().close();
    } catch (error: unknown) {
      this.confirmFailure.set(requestFailure(error));
    } finally {
      this.confirmSending.set(false);
    }
  }
}
