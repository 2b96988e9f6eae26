import type { Route } from '@angular/router';

export const commitmentsRoutes: Route[] = [
  {
    path: '',
    title: 'commitments.title',
    loadComponent: () => import('./commitments-page.component').then((m) => m.CommitmentsPageComponent),
  },
  {
    path: ':id',
    title: 'commitment.title',
    loadComponent: () => import('./commitment-detail.component').then((m) => m.CommitmentDetailComponent),
  },
];
