import type { Route } from '@angular/router';
import { can } from '@suivi/contracts';
import { allowGuard } from '../core/auth/auth.guards';

/** Opening a round: the secretariat's (the API's rule). */
export const manageRoundsGuard = allowGuard(can.manageRounds);

export const roundsRoutes: Route[] = [
  {
    path: ':id',
    title: 'rounds.title',
    loadComponent: () => import('./round-page.component').then((m) => m.RoundPageComponent),
  },
];
