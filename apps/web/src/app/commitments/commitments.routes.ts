import type { Route } from '@angular/router';
import { curateGuard } from '../core/auth/auth.guards';

export const commitmentsRoutes: Route[] = [
  {
    path: '',
    title: 'commitments.title',
    loadComponent: () => import('./commitments-page.component').then((m) => m.CommitmentsPageComponent),
  },
  // Guards run again on a same-URL navigation, which the shell starts when the server ends the session.
  {
    path: 'new',
    title: 'commitmentEdit.newTitle',
    canActivate: [curateGuard],
    runGuardsAndResolvers: 'always',
    loadComponent: () => import('./commitment-create-page.component').then((m) => m.CommitmentCreatePageComponent),
  },
  {
    path: ':id',
    title: 'commitment.title',
    loadComponent: () => import('./commitment-detail.component').then((m) => m.CommitmentDetailComponent),
  },
];
