import type { Route } from '@angular/router';
import { administerGuard, signOutGuard, signedInGuard, signedOutGuard } from './core/auth/auth.guards';

export const appRoutes: Route[] = [
  {
    path: '',
    pathMatch: 'full',
    loadChildren: () => import('./dashboard/dashboard.routes').then((m) => m.dashboardRoutes),
  },
  {
    path: 'commitments',
    loadChildren: () => import('./commitments/commitments.routes').then((m) => m.commitmentsRoutes),
  },
  {
    path: 'recommendations',
    loadChildren: () => import('./recommendations/recommendations.routes').then((m) => m.recommendationsRoutes),
  },
  {
    path: 'dialogues',
    loadChildren: () => import('./dialogues/dialogues.routes').then((m) => m.dialoguesRoutes),
  },
  {
    path: 'rounds',
    loadChildren: () => import('./rounds/rounds.routes').then((m) => m.roundsRoutes),
  },
  {
    path: 'discussions',
    loadChildren: () => import('./discussion/discussion.routes').then((m) => m.discussionRoutes),
  },
  {
    path: 'open-data',
    title: 'openData.title',
    loadComponent: () => import('./open-data/open-data-page.component').then((m) => m.OpenDataPageComponent),
  },
  {
    path: 'sign-in',
    title: 'signIn.title',
    canActivate: [signedOutGuard],
    loadComponent: () => import('./accounts/sign-in-page.component').then((m) => m.SignInPageComponent),
  },
  {
    path: 'register',
    title: 'register.title',
    canActivate: [signedOutGuard],
    loadComponent: () => import('./accounts/register-page.component').then((m) => m.RegisterPageComponent),
  },
  {
    path: 'reset',
    title: 'reset.title',
    loadComponent: () => import('./accounts/reset-page.component').then((m) => m.ResetPageComponent),
  },
  // A mail's unsubscribe link: no sign-in, the token is the person's word.
  {
    path: 'email/unsubscribe',
    title: 'email.unsubscribe.title',
    loadComponent: () => import('./email/unsubscribe-page.component').then((m) => m.UnsubscribePageComponent),
  },
  // Guards run again on a same-URL navigation, which the shell starts when the server ends the session.
  {
    path: 'account',
    title: 'account.title',
    canActivate: [signedInGuard],
    runGuardsAndResolvers: 'always',
    loadComponent: () => import('./accounts/account-page.component').then((m) => m.AccountPageComponent),
  },
  {
    path: 'my-work',
    title: 'work.title',
    canActivate: [signedInGuard],
    runGuardsAndResolvers: 'always',
    loadComponent: () => import('./my-work/my-work-page.component').then((m) => m.MyWorkPageComponent),
  },
  {
    path: 'notifications',
    title: 'notifications.title',
    canActivate: [signedInGuard],
    runGuardsAndResolvers: 'always',
    loadComponent: () => import('./notifications/notifications-page.component').then((m) => m.NotificationsPageComponent),
  },
  {
    path: 'admin',
    canActivate: [administerGuard],
    runGuardsAndResolvers: 'always',
    loadChildren: () => import('./admin/admin.routes').then((m) => m.adminRoutes),
  },
  // Addresses people type or guess lead to the page they mean (query parameters such as returnUrl are kept).
  ...['login', 'log-in', 'signin', 'connexion', 'se-connecter'].map((path) => ({ path, redirectTo: 'sign-in' })),
  ...['signup', 'sign-up', 'registration', 'inscription', 'creer-un-compte'].map((path) => ({ path, redirectTo: 'register' })),
  ...['forgot-password', 'reset-password', 'password-reset'].map((path) => ({ path, redirectTo: 'reset' })),
  ...['profile', 'me', 'compte'].map((path) => ({ path, redirectTo: 'account' })),
  ...['opendata', 'donnees-ouvertes', 'export'].map((path) => ({ path, redirectTo: 'open-data' })),
  ...['administration', 'secretariat', 'secretariat-admin'].map((path) => ({ path, redirectTo: 'admin' })),
  ...['dashboard', 'home', 'accueil', 'tableau-de-bord'].map((path) => ({ path, redirectTo: '' })),
  ...['engagements'].map((path) => ({ path, redirectTo: 'commitments' })),
  ...['work', 'mywork', 'mon-travail'].map((path) => ({ path, redirectTo: 'my-work' })),
  // Signing out is an action: the address does it, then shows the dashboard.
  ...['logout', 'log-out', 'signout', 'sign-out', 'deconnexion', 'se-deconnecter'].map((path) => ({
    path,
    canActivate: [signOutGuard],
    children: [],
  })),
  {
    path: 'forbidden',
    title: 'forbidden.title',
    loadComponent: () => import('./forbidden/forbidden-page.component').then((m) => m.ForbiddenPageComponent),
  },
  {
    path: '**',
    title: 'notFound.title',
    loadComponent: () => import('./not-found/not-found-page.component').then((m) => m.NotFoundPageComponent),
  },
];
