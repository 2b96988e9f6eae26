import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, signal, viewChild } from '@angular/core';
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
import { SayPipe } from '../core/say.pipe';
import { EmailPreferencesComponent } from '../email/email-preferences.component';
import { DialogComponent } from '../shared/dialog.component';
import { FocalPointsComponent } from '../shared/focal-points.component';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import { type Failure, describedBy, notBlank, notPseudonymForm, requestFailure } from '../shared/forms/form-errors';
import { FormFailureComponent } from '../shared/forms/form-failure.component';
import { FormSubmit } from '../shared/forms/form-submit';
import { LoadStateComponent } from '../shared/load-state.component';
import { OrgNameComponent } from '../shared/org-name.component';
import { AccountsApi } from './accounts-api.service';
import { confirmError, samePasswords } from './new-password';

@Component({
  selector: 'suivi-account-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    TranslocoPipe,
    SayPipe,
    LocalDatePipe,
    DialogComponent,
    EmailPreferencesComponent,
    FieldErrorComponent,
    FocalPointsComponent,
    FormFailureComponent,
    LoadStateComponent,
    OrgNameComponent,
  ],
  templateUrl: './account-page.component.html',
})
export class AccountPageComponent {
  private readonly auth = inject(AuthService);
  private readonly api = inject(AccountsApi);
  private readonly language = inject(LanguageService);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly me = this.auth.me;
  protected readonly locales = LOCALES;
  protected readonly passwordMin = PASSWORD_MIN_LENGTH;
  protected readonly describedBy = describedBy;

  /** The account as the server sees it now: an approval may have come since signing in. */
  private readonly current = rxResource({ stream: () => this.api.me() });

  /** The same rule as the API's: a suspended account reads its status and changes nothing. */
  protected readonly mayManage = computed(() => can.manageOwnAccount(this.auth.viewer()));

  /** The same rule as the API's: an active account chooses its mail. */
  protected readonly mayChooseEmail = computed(() => can.setEmailPreferences(this.auth.viewer()));

  /**
   * The organisation whose focal points the person sees and chooses: their own, as the API's rule
   * has it. The secretariat chooses for every organisation on the administration page.
   */
  protected readonly focalOrganizationId = computed(() => {
    const viewer = this.auth.viewer();
    const id = viewer?.organizationId ?? null;
    return id && !can.administer(viewer) && can.setFocalPoints(viewer, id) ? id : null;
  });

  // Profile

  protected readonly profile = this.fb.group({
    displayName: [
      this.me()?.displayName ?? '',
      [Validators.required, notBlank, notPseudonymForm, Validators.maxLength(DISPLAY_NAME_MAX_LENGTH)],
    ],
    locale: [this.me()?.locale ?? this.language.lang(), Validators.required],
  });
  protected readonly profileSaved = signal(false);
  private readonly profileForm = viewChild.required<ElementRef<HTMLFormElement>>('profileForm');
  protected readonly profileCycle = new FormSubmit(this.profile, () => this.profileForm().nativeElement);

  // Password

  protected readonly password = this.fb.group(
    {
      currentPassword: ['', Validators.required],
      newPassword: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH), Validators.maxLength(PASSWORD_MAX_LENGTH)]],
      confirm: ['', Validators.required],
    },
    { validators: samePasswords },
  );
  protected readonly passwordSaved = signal(false);
  private readonly passwordForm = viewChild.required<ElementRef<HTMLFormElement>>('passwordForm');
  protected readonly passwordCycle = new FormSubmit(this.password, () => this.passwordForm().nativeElement);
  protected readonly passwordErrors = computed(() => {
    const errors = this.passwordCycle.errors();
    return { ...errors, confirm: confirmError(this.password, errors.confirm, this.passwordCycle.submitted()) };
  });

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
    this.profileSaved.set(false);
    const { displayName, locale } = this.profile.getRawValue();
    await this.profileCycle.submit(
      () => this.api.updateMe({ displayName: displayName.trim(), locale: locale as Locale }),
      async (me) => {
        this.auth.updateMe(me);
        this.profileCycle.start({ displayName: me.displayName, locale: me.locale });
        // The language chosen for the account is the one to read it in from now on.
        if (me.locale !== this.language.lang()) {
          await this.language.use(me.locale);
        }
        this.profileSaved.set(true);
      },
    );
  }

  protected async changePassword(): Promise<void> {
    this.passwordSaved.set(false);
    const { currentPassword, newPassword } = this.password.getRawValue();
    await this.passwordCycle.submit(
      () => this.api.changePassword({ currentPassword, newPassword }),
      (session) => {
        this.auth.start(session);
        this.password.reset();
        this.passwordCycle.start();
        this.passwordSaved.set(true);
      },
    );
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
