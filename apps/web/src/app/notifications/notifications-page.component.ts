import { formatDate } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import {
  type Bilingual,
  type MessageAuthor,
  type NotificationPage,
  type NotificationView,
  PAGE_SIZE_DEFAULT,
  isOneOf,
  PROGRESS_STATUSES,
  REPORT_KINDS,
  pickText,
} from '@suivi/contracts';
import { firstValueFrom } from 'rxjs';
import { LanguageService } from '../core/language.service';
import { authorLabel } from '../discussion/author';
import { LocalDatePipe, LocalNumberPipe } from '../core/local-format.pipes';
import { quotedSentence } from '../core/quoted-sentence';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { type Failure, requestFailure } from '../shared/forms/form-errors';
import { LoadStateComponent } from '../shared/load-state.component';
import { NotificationsStore } from './notifications.store';
import { SayPipe } from '../core/say.pipe';

export interface NotificationEntry {
  notification: NotificationView;
  text: string;
  /** Where the subject is: a router link with an optional fragment (a report). */
  link: { path: string[]; fragment?: string; queryParams?: Record<string, string> } | null;
  linkKey: string;
  title: Bilingual | null;
}

/** The moderation decisions a notification may report, each with its own sentence. */
const MODERATION_ACTIONS = ['hidden', 'unhidden', 'warning', 'mute', 'suspend', 'lifted'] as const;

function isAuthor(value: unknown): value is MessageAuthor {
  const a = value as Record<string, unknown> | null;
  return (
    typeof a === 'object' &&
    a !== null &&
    ((a['kind'] === 'member' && typeof a['name'] === 'string') || (a['kind'] === 'pseudonym' && typeof a['pseudonym'] === 'string'))
  );
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null;
}

function isBilingual(value: unknown): value is Bilingual {
  return typeof value === 'object' && value !== null && ('en' in value || 'fr' in value);
}

@Component({
  selector: 'suivi-notifications-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SayPipe, RouterLink, TranslocoPipe, LocalDatePipe, LocalNumberPipe, BilingualTextComponent, LoadStateComponent],
  templateUrl: './notifications-page.component.html',
})
export class NotificationsPageComponent {
  private readonly store = inject(NotificationsStore);
  private readonly transloco = inject(TranslocoService);
  private readonly lang = inject(LanguageService).lang;

  protected readonly onlyUnread = signal(false);
  protected readonly first = rxResource({
    params: () => ({ unread: this.onlyUnread() }),
    stream: ({ params }) => this.store.list({ ...params, page: 1, pageSize: PAGE_SIZE_DEFAULT }),
  });
  /** What the page shows: the first page, then more pages and live arrivals added to it. */
  protected readonly shown = linkedSignal<NotificationPage | null>(() => (this.first.hasValue() ? this.first.value() : null));
  protected readonly unread = computed(() => this.store.unread() ?? this.shown()?.unread ?? 0);
  protected readonly hasMore = computed(() => {
    const p = this.shown();
    return p !== null && p.items.length < p.total;
  });
  protected readonly entries = computed(() => {
    this.lang();
    return (this.shown()?.items ?? []).map((n) => this.describe(n));
  });
  protected readonly loadingMore = signal(false);
  protected readonly failure = signal<Failure | null>(null);
  protected readonly done = signal<string | null>(null);

  constructor() {
    this.store.arrivals
      .pipe(takeUntilDestroyed())
      .subscribe((n) =>
        this.shown.update((p) => (p && !p.items.some((i) => i.id === n.id) ? { ...p, items: [n, ...p.items], total: p.total + 1 } : p)),
      );
  }

  protected toggleUnread(event: Event): void {
    this.onlyUnread.set((event.target as HTMLInputElement).checked);
  }

  protected async more(): Promise<void> {
    const p = this.shown();
    if (!p) {
      return;
    }
    this.loadingMore.set(true);
    this.failure.set(null);
    try {
      const next = await firstValueFrom(this.store.list({ unread: this.onlyUnread(), page: p.page + 1, pageSize: p.pageSize }));
      const known = new Set(p.items.map((i) => i.id));
      this.shown.set({ ...next, items: [...p.items, ...next.items.filter((i) => !known.has(i.id))] });
    } catch (error: unknown) {
      this.failure.set(requestFailure(error));
    } finally {
      this.loadingMore.set(false);
    }
  }

  protected async markRead(notification: NotificationView): Promise<void> {
    this.failure.set(null);
    try {
      const read = await this.store.markRead(notification);
      this.replace(read);
    } catch (error: unknown) {
      this.failure.set(requestFailure(error));
    }
  }

  /** Following the link reads the notification; the navigation does not wait for the server. */
  protected opened(notification: NotificationView): void {
    if (!notification.read) {
      void this.markRead(notification);
    }
  }

  protected async markAllRead(): Promise<void> {
    this.failure.set(null);
    try {
      await this.store.markAllRead();
      this.shown.update((p) => (p ? { ...p, unread: 0, items: p.items.map((i) => ({ ...i, read: true })) } : p));
      this.done.set('notifications.allRead');
    } catch (error: unknown) {
      this.failure.set(requestFailure(error));
    }
  }

  private replace(notification: NotificationView): void {
    this.shown.update((p) => (p ? { ...p, items: p.items.map((i) => (i.id === notification.id ? notification : i)) } : p));
  }

  /** The notification in words, in the reader's language, and where its subject is. */
  private describe(n: NotificationView): NotificationEntry {
    const t = (key: string, params?: Record<string, unknown>) => this.transloco.translate(key, params);
    const payload = n.payload;
    const status = (value: unknown) => (isOneOf(PROGRESS_STATUSES, value) ? t(`status.${value}`) : String(value ?? '?'));
    let text: string;
    switch (n.kind) {
      case 'report':
        text = t('notifications.kinds.report', {
          kind: isOneOf(REPORT_KINDS, payload['kind']) ? t(`reportKind.${payload['kind']}`).toLowerCase() : t('reportKind.self_report'),
          status: status(payload['status']),
        });
        break;
      case 'status_change':
        text = t('notifications.kinds.status_change', { from: status(payload['from']), to: status(payload['to']) });
        break;
      case 'verification':
        text = t('notifications.kinds.verification', { status: status(payload['status']) });
        break;
      case 'account':
        text = t(
          payload['event'] === 'registration_repeated' ? 'notifications.kinds.registration_repeated' : 'notifications.kinds.account',
        );
        break;
      case 'reply':
      case 'mention': {
        const by = isAuthor(payload['by']) ? authorLabel(payload['by']) : t('notifications.discussion.someone');
        const excerpt = stringOf(payload['excerpt']);
        text = excerpt ? t(`notifications.discussion.${n.kind}`, { by, excerpt }) : t(`notifications.kinds.${n.kind}`);
        break;
      }
      case 'moderation': {
        const action = payload['action'];
        const reason = stringOf(payload['reason']) ?? t('discussion.message.noReason');
        const until = stringOf(payload['until']);
        text = isOneOf(MODERATION_ACTIONS, action)
          ? quotedSentence(
              t(`notifications.discussion.moderation.${action === 'mute' && until ? 'muteUntil' : action}`, {
                reason,
                date: until ? `${formatDate(until, 'mediumDate', this.lang())}, ${formatDate(until, 'shortTime', this.lang())}` : '',
              }),
            )
          : t('notifications.kinds.moderation');
        break;
      }
      case 'due_date':
      case 'message_flagged':
        text = t(`notifications.kinds.${n.kind}`);
        break;
      case 'round_request':
      case 'round_assessment':
        text = t(`notifications.kinds.${n.kind}`, {
          round: isBilingual(payload['roundTitle']) ? pickText(payload['roundTitle'], this.lang()).text : '',
          count: Number(payload['count'] ?? 0),
          date: stringOf(payload['dueOn']) ? formatDate(String(payload['dueOn']), 'longDate', this.lang()) : '',
        });
        break;
      case 'report_verified':
      case 'report_to_verify':
        text = t(`notifications.kinds.${n.kind}`, { organization: stringOf(payload['organization']) ?? '' });
        break;
      case 'commitment_contested':
        text = t('notifications.kinds.commitment_contested', {
          assessed: status(payload['assessedStatus']),
          current: status(payload['currentStatus']),
        });
        break;
      case 'account_waiting':
      case 'newcomer_waiting':
        text = t(`notifications.kinds.${n.kind}`, { name: stringOf(payload['name']) ?? '' });
        break;
    }
    const reportId = typeof payload['reportId'] === 'string' ? payload['reportId'] : undefined;
    const threadId = stringOf(payload['threadId']);
    const messageId = stringOf(payload['messageId']);
    const roundId = stringOf(payload['roundId']);
    let link: NotificationEntry['link'] = null;
    let linkKey = 'notifications.open.account';
    let title = isBilingual(payload['title']) ? payload['title'] : null;
    if ((n.kind === 'round_request' || n.kind === 'round_assessment') && roundId) {
      // The notice's subject is the dialogue; what it asks for is on the round's page.
      link = { path: ['/rounds', roundId] };
      linkKey = 'notifications.open.round';
      title = null;
    } else if (n.kind === 'account_waiting') {
      link = { path: ['/admin/accounts'], queryParams: { status: 'pending' } };
      linkKey = 'notifications.open.accounts';
    } else if (n.kind === 'newcomer_waiting') {
      // Confirming and vouching are done from "my work".
      link = { path: ['/my-work'] };
      linkKey = 'notifications.open.myWork';
    } else if (n.kind === 'message_flagged') {
      link = { path: ['/admin/moderation'] };
      linkKey = 'notifications.open.moderation';
    } else if (threadId) {
      // A discussion event: straight to the message in its thread.
      link = { path: ['/discussions', threadId], fragment: messageId ? `message-${messageId}` : undefined };
      linkKey = 'notifications.open.discussion';
    } else if (n.subjectType && n.subjectId) {
      const base = { commitment: '/commitments', recommendation: '/recommendations', dialogue: '/dialogues' }[n.subjectType];
      link = { path: [base, n.subjectId], fragment: reportId ? `report-${reportId}` : undefined };
      linkKey = `notifications.open.${n.subjectType}`;
    } else if (n.kind === 'account' || n.kind === 'moderation') {
      link = { path: ['/account'] };
    }
    return { notification: n, text, link, linkKey, title };
  }
}
