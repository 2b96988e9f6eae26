import { HttpErrorResponse, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { switchMap, throwError, catchError } from 'rxjs';
import { AuthService } from './auth.service';

/** Same-origin API calls only: the token never goes to another host. */
export function isApiUrl(url: string): boolean {
  return url === '/api' || url.startsWith('/api/');
}

/** Sign-in, refresh, sign-out and reset answer 401 for their own reasons; renewing would not help. */
function isAuthUrl(url: string): boolean {
  return url.startsWith('/api/auth/');
}

function withBearer<T>(request: HttpRequest<T>, token: string | null): HttpRequest<T> {
  return token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
}

/**
 * Adds the access token to API calls. When one answers 401 (the token expired, say after the
 * device slept through the scheduled renewal), renews the token once — one renewal shared by
 * every request that failed meanwhile — and sends the request again. If renewal is refused, the
 * session has ended: AuthService signs out locally and the original 401 goes to the caller.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiUrl(request.url)) {
    return next(request);
  }
  const auth = inject(AuthService);
  const sent = auth.token();
  return next(withBearer(request, sent)).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401 || sent === null || isAuthUrl(request.url)) {
        return throwError(() => error);
      }
      const current = auth.token();
      if (current !== null && current !== sent) {
        // Another request renewed the token while this one was on its way.
        return next(withBearer(request, current));
      }
      return auth.refresh().pipe(
        switchMap((renewed) => {
          const fresh = auth.token();
          return renewed && fresh ? next(withBearer(request, fresh)) : throwError(() => error);
        }),
      );
    }),
  );
};
