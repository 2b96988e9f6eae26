import { HttpErrorResponse, HttpRequest, HttpResponse, type HttpEvent, type HttpInterceptorFn } from '@angular/common/http';
import { catchError, Observable, of, switchMap, tap, throwError, timer } from 'rxjs';
import { IDEMPOTENCY_KEY_HEADER, type IdempotencyAnswer } from '@suivi/contracts';

import { isApiUrl } from './auth/auth.interceptor';
import { unanswered } from './unanswered-keys';

/** Answers that say the request may not have arrived, or its answer was lost on the way back. */
const TRANSIENT = new Set([0, 502, 503, 504]);
/** Waits before each resend: a dropped connection on a phone usually returns within seconds. */
export const RESEND_DELAYS_MS = [1000, 3000];

/**
 * A new key: 128 random bits. `crypto.randomUUID` exists only in secure contexts, and Suivi may be
 * tried over plain HTTP on a local network; `getRandomValues` exists everywhere.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** What a request sends, as far as telling two sends of one form apart needs. */
function fingerprint(request: HttpRequest<unknown>): string {
  const body = request.body;
  if (body instanceof FormData) {
    const parts: string[] = [];
    body.forEach((value, name) => {
      parts.push(value instanceof File ? `${name}=file:${value.name}:${value.size}:${value.lastModified}` : `${name}=${value}`);
    });
    return `${request.urlWithParams} ${parts.join('&')}`;
  }
  return `${request.urlWithParams} ${JSON.stringify(body ?? null)}`;
}

/**
 * DESIGN.md, "Idempotent creation", on the client: every POST to the API (but the sign-in
 * routes) carries an Idempotency-Key. When the connection fails, the same request is sent again
 * under the same key, twice, after a pause; a request with files first asks whether the key was
 * answered, so a report with photos whose answer was lost is not uploaded again. If it still
 * fails, the key is kept for the same words, so the person's own retry reuses it.
 */
export const idempotencyInterceptor: HttpInterceptorFn = (request, next) => {
  if (request.method !== 'POST' || !isApiUrl(request.url) || request.url.startsWith('/api/auth/')) {
    return next(request);
  }
  const sent = fingerprint(request);
  const key = request.headers.get(IDEMPOTENCY_KEY_HEADER) ?? unanswered.get(sent) ?? newIdempotencyKey();
  const keyed = request.clone({ setHeaders: { [IDEMPOTENCY_KEY_HEADER]: key } });
  const path = request.url.split('?')[0];
  const ask = (): Observable<HttpResponse<unknown> | null> =>
    next(new HttpRequest('GET', `/api/idempotency-keys/${encodeURIComponent(key)}?path=${encodeURIComponent(path)}`)).pipe(
      switchMap((event) => {
        if (!(event instanceof HttpResponse)) {
          return [];
        }
        const answer = event.body as IdempotencyAnswer;
        return of(new HttpResponse({ status: answer.status, body: answer.body, url: request.url }));
      }),
      // Not answered (404), or the question itself failed: send the request.
      catchError(() => of(null)),
    );
  const attempt = (n: number): Observable<HttpEvent<unknown>> =>
    next(keyed).pipe(
      catchError((error: unknown) => {
        if (!(error instanceof HttpErrorResponse) || !TRANSIENT.has(error.status)) {
          unanswered.delete(sent);
          return throwError(() => error);
        }
        if (n >= RESEND_DELAYS_MS.length) {
          unanswered.set(sent, key);
          return throwError(() => error);
        }
        return timer(RESEND_DELAYS_MS[n]).pipe(
          switchMap(() => (request.body instanceof FormData ? ask() : of(null))),
          switchMap((answered) => (answered ? of(answered) : attempt(n + 1))),
        );
      }),
    );
  return attempt(0).pipe(
    tap((event) => {
      if (event instanceof HttpResponse) {
        unanswered.delete(sent);
      }
    }),
  );
};
