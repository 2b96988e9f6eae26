import type { Route } from '@angular/router';

/** Behind administerGuard (app.routes.ts); this chunk loads only when an administration page is opened. */
export const adminRoutes: Route[] = [
  { path: '', pathMatch: 'full', redirectTo: 'accounts' },
  {
    path: 'accounts',
    title: 'admin.accounts.title',
    loadComponent: () => import('./admin-accounts-page.component').then((m) => m.AdminAccountsPageComponent),
  },
  {
    path: 'organizations',
    title: 'admin.organizations.title',
    loadComponent: () => import('./admin-organizations-page.component').then((m) => m.AdminOrganizationsPageComponent),
  },
  {
    path: 'moderation',
    title: 'admin.moderation.title',
    loadComponent: () => import('./admin-moderation-page.component').then((m) => m.AdminModerationPageComponent),
  },
  {
    path: 'moderation/sanctions',
    title: 'admin.moderation.sanctions.title',
    loadComponent: () => import('./admin-sanctions-page.component').then((m) => m.AdminSanctionsPageComponent),
  },
  {
    path: 'imports',
    title: 'admin.imports.title',
    loadComponent: () => import('./admin-imports-page.component').then((m) => m.AdminImportsPageComponent),
  },
];
