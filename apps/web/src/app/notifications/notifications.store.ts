import { HttpClient, HttpParams } from '@angular/common/http';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { toObservable } from '@angular/core/rxjs-interop';
import { can, type NotificationPage, type NotificationView } from '@suivi/contracts';
import { EMPTY, Subject, catchError, firstValueFrom, merge, switchMap, tap } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { RealtimeService } from '../core/realtime/realtime.service';

export interface NotificationQuery {
  unread?: boolean;
  page?: number;
  pageSize?: number;
}

/**
 * The signed-in person's notifications: the unread count for the header, kept live by the
 * 'notification' events of their own room, and the requests of the notifications page.
 */
@Injectable({ providedIn: 'root' })
export class NotificationsStore {
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthService);
  private readonly realtime = inject(RealtimeService);
  private readonly count = signal<number | null>(null);
  private readonly arrived = new Subject<NotificationView>();

  /** Null while unknown (signed out, or not read yet). */
  readonly unread = this.count.asReadonly();
  /** Notifications as they arrive live, for a page that lists them. */
  readonly arrivals = this.arrived.asObservable();

  constructor() {
    // The same rule as the API's: a suspended account reads its status, not its notifications.
    const userId = computed(() => (can.manageOwnAccount(this.auth.viewer()) ? (this.auth.me()?.id ?? null) : null));
    const subscription = toObservable(userId)
      .pipe(
        switchMap((id) => {
          this.count.set(null);
          if (!id) {
            return EMPTY;
          }
          const initial = this.list({ pageSize: 1 }).pipe(
            tap((page) => this.count.set(page.unread)),
            catchError(() => EMPTY),
          );
          const live = this.realtime.listen('notification').pipe(
            tap((n) => {
              if (!n.read) {
                this.count.update((c) => (c ?? 0) + 1);
              }
              this.arrived.next(n);
            }),
          );
          return merge(initial, live);
        }),
      )
      .subscribe();
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  list(query: NotificationQuery) {
    let params = new HttpParams();
    if (query.unread) {
      params = params.set('unread', 'true');
    }
    if (query.page) {
      params = params.set('page', String(query.page));
    }
    if (query.pageSize) {
      params = params.set('pageSize', String(query.pageSize));
    }
    return this.http.get<NotificationPage>('/api/notifications', { params });
  }

  async markRead(notification: NotificationView): Promise<NotificationView> {
    const read = await firstValueFrom(
      this.http.post<NotificationView>(`/api/notifications/${encodeURIComponent(notification.id)}/read`, null),
    );
    if (!notification.read) {
      this.count.update((c) => Math.max(0, (c ?? 1) - 1));
    }
    return read;
  }

  async markAllRead(): Promise<void> {
    const { unread } = await firstValueFrom(this.http.post<{ unread: number }>('/api/notifications', null));
    this.count.set(unread);
  }

  /** The count as the server has it, e.g. after the page read a fresh list. */
  setUnread(unread: number): void {
    this.count.set(unread);
  }
}
