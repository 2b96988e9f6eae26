import type { Route } from '@angular/router';
import { readAuditLogGuard, readMailFailuresGuard } from '../core/auth/auth.guards';

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
    path: 'audit',
    title: 'admin.audit.title',
    canActivate: [readAuditLogGuard],
    loadComponent: () => import('./admin-audit-page.component').then((m) => m.AdminAuditPageComponent),
  },
  {
    path: 'imports',
    title: 'admin.imports.title',
    loadComponent: () => import('./admin-imports-page.component').then((m) => m.AdminImportsPageComponent),
  },
  {
    path: 'mail-failures',
    title: 'admin.mailFailures.title',
    canActivate: [readMailFailuresGuard],
    loadComponent: () => import('./admin-mail-failures-page.component').then((m) => m.AdminMailFailuresPageComponent),
  },
];
