import { HttpClient } from '@angular/common/http';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { toObservable } from '@angular/core/rxjs-interop';
import { type MyWork, type SecretariatQueues, can } from '@suivi/contracts';
import { EMPTY, Subject, catchError, merge, switchMap, tap } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { RealtimeService } from '../core/realtime/realtime.service';

/** What the header's badge counts: everything waiting in the secretariat's queues. */
export function queuedTotal(queues: SecretariatQueues): number {
  return queues.accountsToApprove + queues.openFlags + queues.reportsToVerify;
}

/**
 * "My work" for the whole app: GET /me/work for the page, and for the secretariat the queues'
 * counts, read once after signing in and then kept by the `queues.updated` pushes of the
 * `moderation` room, so the header's badge moves without a reload.
 */
@Injectable({ providedIn: 'root' })
export class WorkStore {
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthService);
  private readonly realtime = inject(RealtimeService);
  private readonly current = signal<SecretariatQueues | null>(null);
  private readonly moved = new Subject<SecretariatQueues>();

  /** Null for anyone but the active secretariat, and until the first read. */
  readonly queues = this.current.asReadonly();
  readonly queued = computed(() => {
    const q = this.current();
    return q ? queuedTotal(q) : null;
  });
  /** The queues as pushed live: a page listing them reads them again. */
  readonly queueUpdates = this.moved.asObservable();

  constructor() {
    // The same rule as the API's for the moderation room: the active secretariat only.
    const secretariat = computed(() => (can.moderate(this.auth.viewer()) ? (this.auth.me()?.id ?? null) : null));
    const subscription = toObservable(secretariat)
      .pipe(
        switchMap((id) => {
          this.current.set(null);
          if (!id) {
            return EMPTY;
          }
          const live = this.realtime.listen('queues.updated', 'moderation').pipe(
            tap((q) => {
              this.current.set(q);
              this.moved.next(q);
            }),
          );
          return merge(this.read().pipe(catchError(() => EMPTY)), live);
        }),
      )
      .subscribe();
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  /** What is asked of the signed-in person now; the secretariat's counts follow the answer. */
  read() {
    return this.http.get<MyWork>('/api/me/work').pipe(
      tap((work) => {
        if (work.queues && can.moderate(this.auth.viewer())) {
          this.current.set(work.queues);
        }
      }),
    );
  }
}
