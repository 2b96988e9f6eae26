import { inject } from '@angular/core';
import { type CanActivateFn, RedirectCommand, Router, type UrlTree } from '@angular/router';
import { type Viewer, can } from '@suivi/contracts';
import { firstValueFrom } from 'rxjs';
import { AuthService } from './auth.service';

/** Who a page is for, so the sign-in page can say why it was sent there. */
export const SIGN_IN_NEEDS = ['account', 'secretariat'] as const;
export type SignInNeed = (typeof SIGN_IN_NEEDS)[number];

function signInFor(router: Router, returnUrl: string, needs: SignInNeed): UrlTree {
  return router.createUrlTree(['/sign-in'], { queryParams: { returnUrl, needs } });
}

/** Pages of one's own account: signed out, go to sign in and come back here afterwards. */
export const signedInGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  await auth.whenReady();
  return auth.signedIn() || signInFor(router, state.url, 'account');
};

/** Sign-in and registration: someone already signed in goes to their account instead. */
export const signedOutGuard: CanActivateFn = async () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  await auth.whenReady();
  return !auth.signedIn() || router.createUrlTree(['/account']);
};

/** /logout and the like: signs the person out, then shows the dashboard; signed out already, just the dashboard. */
export const signOutGuard: CanActivateFn = async () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  await auth.whenReady();
  if (auth.signedIn()) {
    await firstValueFrom(auth.signOut());
  }
  return router.createUrlTree(['/']);
};

/**
 * A page for those a rule of `can` allows, the same rule as the API's guard (today always the
 * secretariat's). Signed out, go to sign in; signed in without the right, see the 403 page at the
 * address asked for.
 */
export function allowGuard(rule: (viewer: Viewer | null) => boolean, needs: SignInNeed = 'secretariat'): CanActivateFn {
  return async (_route, state) => {
    const auth = inject(AuthService);
    const router = inject(Router);
    await auth.whenReady();
    if (!auth.signedIn()) {
      return signInFor(router, state.url, needs);
    }
    if (rule(auth.viewer())) {
      return true;
    }
    // The address bar keeps the address asked for, so a reload (after an approval, say) asks again.
    return new RedirectCommand(router.parseUrl('/forbidden'), { browserUrl: state.url });
  };
}

/** Administration (accounts, organisations, imports). */
export const administerGuard = allowGuard(can.administer);

/** The accountability record's page, behind administerGuard too: the API's rule for its routes, should the two ever differ. */
export const readAuditLogGuard = allowGuard(can.readAuditLog);

/** The mails that could not be delivered, behind administerGuard too: the API's rule for its route. */
export const readMailFailuresGuard = allowGuard(can.readMailFailures);

/** Creating and editing dialogues, recommendations and commitments. */
export const curateGuard = allowGuard(can.curate);

/** Where to go after signing in: only a path of this app, never another site (`//host`, `https:`). */
export function safeReturnUrl(value: string | null | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return null;
  }
  return value;
}
