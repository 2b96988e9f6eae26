import type { Route } from '@angular/router';

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
    path: '**',
    title: 'notFound.title',
    loadComponent: () => import('./not-found/not-found-page.component').then((m) => m.NotFoundPageComponent),
  },
];
