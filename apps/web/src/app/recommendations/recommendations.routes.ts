import type { Route } from '@angular/router';

export const recommendationsRoutes: Route[] = [
  {
    path: ':id',
    title: 'recommendation.title',
    loadComponent: () => import('./recommendation-detail.component').then((m) => m.RecommendationDetailComponent),
  },
];
