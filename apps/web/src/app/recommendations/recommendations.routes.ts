import type { Route } from '@angular/router';
import { curateGuard } from '../core/auth/auth.guards';

export const recommendationsRoutes: Route[] = [
  {
    path: ':id',
    title: 'recommendation.title',
    loadComponent: () => import('./recommendation-detail.component').then((m) => m.RecommendationDetailComponent),
  },
  {
    path: ':id/edit',
    title: 'recommendationForm.titleEdit',
    canActivate: [curateGuard],
    runGuardsAndResolvers: 'always',
    loadComponent: () => import('./recommendation-form-page.component').then((m) => m.RecommendationFormPageComponent),
  },
];
