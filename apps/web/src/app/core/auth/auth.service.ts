import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { DOCUMENT, DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { type LoginRequest, type LoginResponse, type MeView, can, viewerOf } from '@suivi/contracts';
import { type Observable, Subject, catchError, finalize, firstValueFrom, map, of, shareReplay, tap, throwError } from 'rxjs';
import { forgetDrafts } from '../device-drafts';
import { forgetUnansweredKeys } from '../unanswered-keys';

/**
 * "A session may exist": set at sign-in, cleared at sign-out. Never the token (that stays in
 * memory). Without it a visitor is not sent a refresh request that can only answer 401, which
 * costs a round trip on a slow line and logs an error in the console.
 */
export const SESSION_HINT_KEY = 'suivi.session';
/** Renew the access token this long before it expires. */
export const REFRESH_MARGIN_MS = 60_000;
/** After a renewal that got no answer (offline), try again after this long. */
export const REFRESH_RETRY_MS = 30_000;

interface Session {
  token: string;
  me: MeView;
}

@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly document = inject(DOCUMENT);
  private readonly session = signal<Session | null>(null);
  private readonly settled = signal(false);
  private readonly lost = new Subject<void>();
  private restoring: Promise<void> | null = null;
  private refreshing: Observable<boolean> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  readonly me = computed(() => this.session()?.me ?? null);
  readonly viewer = computed(() => viewerOf(this.me()));
  readonly signedIn = computed(() => this.session() !== null);
  /** The secretariat curates dialogues, recommendations and commitments (the same rule as the API's). */
  readonly mayCurate = computed(() => can.curate(this.viewer()));
  /** False until the start-up attempt to restore a session has settled, so the header does not flash "Sign in". */
  readonly ready = this.settled.asReadonly();
  /** Emits when the server ends the session (a refused renewal), not when the person signs out. */
  readonly sessionLost: Observable<void> = this.lost.asObservable();

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  /** The access token for the Authorization header; null when signed out. */
  token(): string | null {
    return this.session()?.token ?? null;
  }

  /** Tries once, quietly, to restore the session from the refresh cookie. Safe to call again: it runs once. */
  restore(): Promise<void> {
    const worthTrying = this.session() === null && this.readHint();
    this.restoring ??= (worthTrying ? firstValueFrom(this.refresh()).catch(() => false) : Promise.resolve(false)).then(() =>
      this.settled.set(true),
    );
    return this.restoring;
  }

  /** Resolves once restore() has settled (starting it if need be): guards wait for this. */
  whenReady(): Promise<void> {
    return this.restore();
  }

  login(request: LoginRequest): Observable<MeView> {
    return this.http.post<LoginResponse>('/api/auth/login', request).pipe(
      tap((response) => this.start(response)),
      map((response) => response.user),
    );
  }

  /**
   * Renews the access token with the refresh cookie; concurrent callers share one request (the
   * cookie rotates, so a second request would present a used token). Emits false when the server
   * refuses, after ending the session here too; a request that got no answer errors and leaves
   * the session as it was.
   */
  refresh(): Observable<boolean> {
    this.refreshing ??= this.http.post<LoginResponse>('/api/auth/refresh', null).pipe(
      map((response) => {
        this.start(response);
        return true;
      }),
      catchError((error: unknown) => {
        if (isRefusal(error)) {
          const hadSession = this.session() !== null;
          this.end();
          if (hadSession) {
            this.lost.next();
          }
          return of(false);
        }
        return throwError(() => error);
      }),
      finalize(() => (this.refreshing = null)),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.refreshing;
  }

  /** Signs out on the server (which clears the cookie) and here, even if the server does not answer. */
  signOut(): Observable<void> {
    return this.http.post<void>('/api/auth/logout', null).pipe(
      catchError(() => of(undefined)),
      map(() => undefined),
      finalize(() => {
        this.end();
        forgetDrafts(this.document.defaultView?.localStorage);
        forgetUnansweredKeys();
      }),
    );
  }

  /** A new session from the server, e.g. after a password change signed the other sessions out. */
  start(response: LoginResponse): void {
    this.session.set({ token: response.accessToken, me: response.user });
    this.writeHint(true);
    this.schedule(renewalDelay(response.expiresIn));
  }

  /** The account as the server now sees it (after GET or PATCH /api/me). */
  updateMe(me: MeView): void {
    this.session.update((s) => (s ? { ...s, me } : s));
  }

  private end(): void {
    clearTimeout(this.timer);
    this.session.set(null);
    this.writeHint(false);
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.refresh().subscribe({ error: () => this.schedule(REFRESH_RETRY_MS) });
    }, delay);
  }

  // Storage can be disabled (private browsing): the session then lasts until the tab is reloaded.
  private readHint(): boolean {
    try {
      return this.document.defaultView?.localStorage.getItem(SESSION_HINT_KEY) === '1';
    } catch {
      return false;
    }
  }

  private writeHint(present: boolean): void {
    try {
      const storage = this.document.defaultView?.localStorage;
      if (present) {
        storage?.setItem(SESSION_HINT_KEY, '1');
      } else {
        storage?.removeItem(SESSION_HINT_KEY);
      }
    } catch {
      // Ignored: see readHint().
    }
  }
}

/** Milliseconds until a token valid for `expiresIn` seconds should be renewed: a minute early, or at three quarters of a short life. */
export function renewalDelay(expiresIn: number): number {
  const lifetime = Math.max(0, expiresIn) * 1000;
  return Math.max(lifetime - REFRESH_MARGIN_MS, lifetime * 0.75);
}

/** The server said no (as opposed to no answer, a server error or a rate limit, which may pass). */
function isRefusal(error: unknown): boolean {
  return error instanceof HttpErrorResponse && error.status >= 400 && error.status < 500 && error.status !== 429;
}
