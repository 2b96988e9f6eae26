import type { Route } from '@angular/router';
import { loadRouteCode } from './route-code';

describe(loadRouteCode.name, () => {
  let loaded: string[];
  const component = (name: string) => () => {
    loaded.push(name);
    return Promise.resolve(class {});
  };
  const children = (name: string, routes: Route[]) => () => {
    loaded.push(name);
    return Promise.resolve(routes);
  };
  const routes: Route[] = [
    { path: '', pathMatch: 'full', loadChildren: children('dashboard', [{ path: '', children: [] }]) },
    {
      path: 'commitments',
      loadChildren: children('commitments', [
        { path: '', loadComponent: component('list') },
        { path: 'new', loadComponent: component('create') },
        { path: ':id', loadComponent: component('detail') },
      ]),
    },
    { path: 'sign-in', loadComponent: component('sign-in') },
    { path: '**', loadComponent: component('not-found') },
  ];

  beforeEach(() => (loaded = []));

  it.each([
    ['/', ['dashboard']],
    ['/?lang=fr', ['dashboard']],
    ['/commitments', ['commitments', 'list']],
    ['/commitments/new', ['commitments', 'create']],
    ['/commitments/86112648-7194-4277-a718-b75c29b68235#timeline', ['commitments', 'detail']],
    ['/sign-in', ['sign-in']],
    ['/sign-in/more', ['not-found']],
    ['/nowhere', ['not-found']],
  ])('loads the code of %s: %j', async (path, expected) => {
    await loadRouteCode(routes, path);

    expect(loaded).toEqual(expected);
  });

  it('leaves a failed download to the router, which reports it', async () => {
    const failing: Route[] = [{ path: '', loadChildren: () => Promise.reject(new Error('offline')) }];

    await expect(loadRouteCode(failing, '/')).resolves.toBeUndefined();
  });
});
