import { appRoutes } from './app.routes';
import { signOutGuard } from './core/auth/auth.guards';

describe('appRoutes', () => {
  const target = (path: string) => appRoutes.find((r) => r.path === path)?.redirectTo;

  it.each([
    ['login', 'sign-in'],
    ['signin', 'sign-in'],
    ['connexion', 'sign-in'],
    ['signup', 'register'],
    ['inscription', 'register'],
    ['forgot-password', 'reset'],
    ['profile', 'account'],
    ['donnees-ouvertes', 'open-data'],
    ['administration', 'admin'],
    ['tableau-de-bord', ''],
    ['engagements', 'commitments'],
    ['mon-travail', 'my-work'],
  ])('leads /%s to /%s', (alias, page) => {
    expect(target(alias)).toBe(page);
    expect(appRoutes.some((r) => r.path === page && (r.loadComponent || r.loadChildren))).toBe(true);
  });

  it.each(['logout', 'signout', 'sign-out', 'deconnexion'])('signs out at /%s', (alias) => {
    expect(appRoutes.find((r) => r.path === alias)?.canActivate).toEqual([signOutGuard]);
  });

  it('opens a mail’s unsubscribe link without signing in', () => {
    const route = appRoutes.find((r) => r.path === 'email/unsubscribe');
    expect(route?.loadComponent).toBeDefined();
    expect(route?.canActivate).toBeUndefined();
  });

  it('keeps the page-not-found route last, after the aliases', () => {
    expect(appRoutes.at(-1)?.path).toBe('**');
  });
});
