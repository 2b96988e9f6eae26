import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, input } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { type MeView, isOneOf } from '@suivi/contracts';
import { SIGN_IN_NEEDS, safeReturnUrl } from '../core/auth/auth.guards';
import { AuthService } from '../core/auth/auth.service';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import { type FormTexts, describedBy } from '../shared/forms/form-errors';
import { FormFailureComponent } from '../shared/forms/form-failure.component';
import { FormSubmit } from '../shared/forms/form-submit';

/** Signing in says its own wait: the generic "too many attempts" names no action. */
export const SIGN_IN_TEXTS: FormTexts = { failures: { too_many_requests: 'signIn.errors.tooMany' } };

/**
 * Where signing in leads: the page the person came from, else what is asked of them now (an
 * account still waiting reads its account page, which says for what). The dashboard is no return
 * address: it is where everyone starts.
 */
export function afterSignIn(returnUrl: string | undefined, me: Pick<MeView, 'status'>): string {
  const back = safeReturnUrl(returnUrl);
  if (back && back.split(/[?#]/)[0] !== '/') {
    return back;
  }
  return me.status === 'active' ? '/my-work' : '/account';
}

@Component({
  selector: 'suivi-sign-in-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, TranslocoPipe, FieldErrorComponent, FormFailureComponent],
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
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });
  /** A 400 names its fields; anything else is about the attempt as a whole. */
  protected readonly cycle = new FormSubmit(this.form, () => this.host.nativeElement, SIGN_IN_TEXTS);
  protected readonly describedBy = describedBy;

  protected async submit(): Promise<void> {
    const { email, password } = this.form.getRawValue();
    await this.cycle.submit(
      () => this.auth.login({ email: email.trim(), password }),
      (me) => this.router.navigateByUrl(afterSignIn(this.returnUrl(), me)),
    );
  }
}
