import type { Route } from '@angular/router';

export const dialoguesRoutes: Route[] = [
  {
    path: '',
    title: 'dialogues.title',
    loadComponent: () => import('./dialogues-page.component').then((m) => m.DialoguesPageComponent),
  },
  {
    path: ':id',
    title: 'dialogue.title',
    loadComponent: () => import('./dialogue-detail.component').then((m) => m.DialogueDetailComponent),
  },
  {
    path: ':id/report',
    title: 'accountability.title',
    loadComponent: () => import('./accountability-report.component').then((m) => m.AccountabilityReportComponent),
  },
];
