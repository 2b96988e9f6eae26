import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { NotificationsStore } from './notifications.store';

/** The header's link to the notifications, with the unread count. */
@Component({
  selector: 'suivi-notification-bell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, RouterLinkActive, TranslocoPipe],
  template: `
    <a class="bell" routerLink="/notifications" routerLinkActive="active" ariaCurrentWhenActive="page">
      <svg class="bell-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      <span class="visually-hidden">{{ 'notifications.bell' | transloco }}</span>
      @if (count() > 0) {
        <span class="bell-count" aria-hidden="true">{{ shown() }}</span>
        <span class="visually-hidden">, {{ 'notifications.unread' | transloco: { count: count() } }}</span>
      }
    </a>
  `,
})
export class NotificationBellComponent {
  private readonly store = inject(NotificationsStore);
  protected readonly count = computed(() => this.store.unread() ?? 0);
  /** Three characters at most, so the header keeps its size. */
  protected readonly shown = computed(() => (this.count() > 99 ? '99+' : String(this.count())));
}
