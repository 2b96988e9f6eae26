import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, ElementRef, Injector, computed, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { type Locale, isOneOf } from '@suivi/contracts';
import { firstValueFrom } from 'rxjs';
import { SIGN_IN_NEEDS, safeReturnUrl } from '../core/auth/auth.guards';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import { describedBy, fieldErrors, focusFirstProblem, formChanges, formFailure, requestFailure } from '../shared/forms/form-errors';

/** Why signing in failed; `wait` is the Retry-After of a 429, in seconds. */
export interface SignInFailure {
  key: string;
  wait: number | null;
}

/** Retry-After in seconds, whether given as seconds or as an HTTP date. */
export function retryAfterSeconds(error: HttpErrorResponse, now = Date.now()): number | null {
  const raw = error.headers?.get('Retry-After')?.trim();
  if (!raw) {
    return null;
  }
  if (/^\d+$/.test(raw)) {
    return Number(raw);
  }
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** "in 45 seconds", "dans 2 minutes": rounded up, so nobody is told to come back too early. */
export function waitText(seconds: number, lang: Locale): string {
  const format = new Intl.RelativeTimeFormat(lang, { numeric: 'always' });
  if (seconds < 60) {
    return format.format(Math.max(1, Math.ceil(seconds)), 'second');
  }
  if (seconds < 3600) {
    return format.format(Math.ceil(seconds / 60), 'minute');
  }
  return format.format(Math.ceil(seconds / 3600), 'hour');
}

export function signInFailure(error: unknown): SignInFailure {
  const status = error instanceof HttpErrorResponse ? error.status : null;
  if (status === 401) {
    return { key: 'signIn.errors.credentials', wait: null };
  }
  if (status === 403) {
    return { key: 'signIn.errors.suspended', wait: null };
  }
  if (status === 429) {
    const wait = retryAfterSeconds(error as HttpErrorResponse);
    return { key: wait === null ? 'signIn.errors.tooManyNoTime' : 'signIn.errors.tooMany', wait };
  }
  return { key: requestFailure(error).key, wait: null };
}

@Component({
  selector: 'suivi-sign-in-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, TranslocoPipe, FieldErrorComponent],
  templateUrl: './sign-in-page.component.html',
})
export class SignInPageComponent {
  /** The `returnUrl` query parameter: where to go once signed in. */
  readonly returnUrl = input<string | undefined>();
  /** Set by a guard that sent the reader here: whom the page asked for is for. */
  readonly needs = input<string | undefined>();
  /** Why the reader is here, when a page sent them: said above the form. */
  protected readonly neededKey = computed(() => {
    const needs = this.needs();
    return safeReturnUrl(this.returnUrl()) && isOneOf(SIGN_IN_NEEDS, needs) ? `signIn.needs.${needs}` : null;
  });

  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly host: ElementRef<HTMLElement> = inject(ElementRef);
  private readonly injector = inject(Injector);
  private readonly lang = inject(LanguageService).lang;

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });
  protected readonly submitted = signal(false);
  protected readonly sending = signal(false);
  protected readonly failure = signal<SignInFailure | null>(null);
  protected readonly failureParams = computed(() => {
    const wait = this.failure()?.wait;
    return wait === null || wait === undefined ? {} : { when: waitText(wait, this.lang()) };
  });
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
    try {
      const { email, password } = this.form.getRawValue();
      const me = await firstValueFrom(this.auth.login({ email: email.trim(), password }));
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()) ?? (me.status === 'active' ? '/' : '/account'));
    } catch (error: unknown) {
      // A 400 names its fields; anything else is about the attempt as a whole.
      this.failure.set(formFailure(this.form, error) && signInFailure(error));
      focusFirstProblem(this.host.nativeElement, this.injector);
    } finally {
      this.sending.set(false);
    }
  }
}
