import type { Route } from '@angular/router';
import { curateGuard } from '../core/auth/auth.guards';
import { manageRoundsGuard } from '../rounds/rounds.routes';

export const dialoguesRoutes: Route[] = [
  {
    path: '',
    title: 'dialogues.title',
    loadComponent: () => import('./dialogues-page.component').then((m) => m.DialoguesPageComponent),
  },
  // Guards run again on a same-URL navigation, which the shell starts when the server ends the session.
  {
    path: 'new',
    title: 'dialogueForm.titleNew',
    canActivate: [curateGuard],
    runGuardsAndResolvers: 'always',
    loadComponent: () => import('./dialogue-form-page.component').then((m) => m.DialogueFormPageComponent),
  },
  {
    path: ':id',
    title: 'dialogue.title',
    loadComponent: () => import('./dialogue-detail.component').then((m) => m.DialogueDetailComponent),
  },
  {
    path: ':id/edit',
    title: 'dialogueForm.titleEdit',
    canActivate: [curateGuard],
    runGuardsAndResolvers: 'always',
    loadComponent: () => import('./dialogue-form-page.component').then((m) => m.DialogueFormPageComponent),
  },
  {
    path: ':dialogueId/recommendations/new',
    title: 'recommendationForm.titleNew',
    canActivate: [curateGuard],
    runGuardsAndResolvers: 'always',
    loadComponent: () => import('../recommendations/recommendation-form-page.component').then((m) => m.RecommendationFormPageComponent),
  },
  {
    path: ':id/rounds/new',
    title: 'rounds.form.titleNew',
    canActivate: [manageRoundsGuard],
    runGuardsAndResolvers: 'always',
    loadComponent: () => import('../rounds/round-form-page.component').then((m) => m.RoundFormPageComponent),
  },
  {
    path: ':id/report',
    title: 'accountability.title',
    loadComponent: () => import('./accountability-report.component').then((m) => m.AccountabilityReportComponent),
  },
];
