import type { Route } from '@angular/router';

export const discussionRoutes: Route[] = [
  {
    path: '',
    title: 'discussion.channels.title',
    loadComponent: () => import('./channels-page.component').then((m) => m.ChannelsPageComponent),
  },
  {
    path: ':id',
    title: 'discussion.title',
    loadComponent: () => import('./thread-page.component').then((m) => m.ThreadPageComponent),
  },
];
