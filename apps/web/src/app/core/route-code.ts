import type { Route } from '@angular/router';

/**
 * Starts downloading the code of the page at `path` (its lazy routes and component) while the
 * app still waits for its translations, instead of after them: the router imports the same
 * modules when it navigates and gets them from the browser's module map.
 */
export async function loadRouteCode(routes: readonly Route[], path: string): Promise<void> {
  const segments = path.split(/[?#]/)[0].split('/').filter(Boolean);
  await loadMatching(routes, segments).catch(() => undefined);
}

async function loadMatching(routes: readonly Route[], segments: readonly string[]): Promise<void> {
  for (const route of routes) {
    if (route.path === '**') {
      await route.loadComponent?.();
      return;
    }
    const parts = (route.path ?? '').split('/').filter(Boolean);
    if (parts.length > segments.length || !parts.every((part, i) => part.startsWith(':') || part === segments[i])) {
      continue;
    }
    const rest = segments.slice(parts.length);
    const hasChildren = Boolean(route.children ?? route.loadChildren);
    if (rest.length > 0 && (!hasChildren || route.pathMatch === 'full')) {
      continue;
    }
    const [, children] = await Promise.all([route.loadComponent?.(), route.loadChildren ? route.loadChildren() : route.children]);
    if (Array.isArray(children)) {
      await loadMatching(children as Route[], rest);
    }
    return;
  }
}
