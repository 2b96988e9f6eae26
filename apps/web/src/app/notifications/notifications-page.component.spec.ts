import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { NotificationView } from '@suivi/contracts';
import { loginResponse, meView, settle, textOf } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { type FakeSocket, fakeSockets } from '../../testing/realtime';
import { notificationView } from '../../testing/tracking';
import { authInterceptor } from '../core/auth/auth.interceptor';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { NotificationsPageComponent } from './notifications-page.component';
import { NotificationsStore } from './notifications.store';

const report = notificationView({ id: 'n1' });
const statusChange = notificationView({
  id: 'n2',
  kind: 'status_change',
  payload: { from: 'in_progress', to: 'completed' },
  read: true,
  createdAt: '2026-11-21T10:00:00Z',
});
const account = notificationView({
  id: 'n3',
  kind: 'account',
  subjectType: null,
  subjectId: null,
  payload: { event: 'registration_repeated' },
});
const titled = notificationView({
  id: 'n4',
  kind: 'verification',
  subjectType: 'recommendation',
  subjectId: 'rec-1',
  payload: { status: 'completed', title: { fr: 'Renforcer la coopération judiciaire' } },
});

function page(items: NotificationView[], unread: number, total = items.length) {
  return { items, total, page: 1, pageSize: 20, unread };
}

describe(NotificationsPageComponent.name, () => {
  let fixture: ComponentFixture<NotificationsPageComponent>;
  let http: HttpTestingController;
  let sockets: FakeSocket[];
  let el: HTMLElement;

  async function open(items: NotificationView[], unread: number, total = items.length, lang: 'en' | 'fr' = 'en'): Promise<void> {
    localStorage.clear();
    const fake = fakeSockets();
    sockets = fake.sockets;
    TestBed.configureTestingModule({
      imports: [NotificationsPageComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), fake.provider],
    });
    await TestBed.inject(LanguageService).use(lang);
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).start(loginResponse(meView()));
    TestBed.inject(NotificationsStore);
    TestBed.tick();
    await settle();
    http.expectOne((r) => r.url === '/api/notifications' && r.params.get('pageSize') === '1').flush(page([], unread, total));
    fixture = TestBed.createComponent(NotificationsPageComponent);
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    await settle();
    http.expectOne((r) => r.url === '/api/notifications' && r.params.get('page') === '1').flush(page(items, unread, total));
    await settle();
    await fixture.whenStable();
  }

  async function answer(request: TestRequest, body: unknown): Promise<void> {
    request.flush(body);
    await settle();
    await fixture.whenStable();
  }

  const items = () => [...el.querySelectorAll('.notification')];

  afterEach(() => http.verify());

  it('describes each kind of notification in words, with a link to its subject', async () => {
    await open([report, statusChange, account, titled], 3);

    expect(items().map((i) => textOf(i.querySelector('.notification-text')))).toEqual([
      'New A commitment you follow has a new self-report: “Completed”.',
      'The status of a commitment you follow changed from “In progress” to “Completed”.',
      'New Someone tried to register again with your email address. Nothing has changed: your account is as it was.',
      'New The secretariat verified a report (“Completed”) on a commitment you follow.',
    ]);
    expect(items()[0].querySelector('a')?.getAttribute('href')).toBe('/commitments/c1#report-r1');
    expect(textOf(items()[0].querySelector('a'))).toBe('Open the commitment');
    expect(items()[2].querySelector('a')?.getAttribute('href')).toBe('/account');
    expect(items()[3].querySelector('a')?.getAttribute('href')).toBe('/recommendations/rec-1');
    expect(textOf(items()[3].querySelector('a'))).toContain('Renforcer la coopération judiciaire');
    expect(items().map((i) => i.classList.contains('is-unread'))).toEqual([true, false, true, true]);
    expect(textOf(el.querySelector('.notifications-count'))).toBe('Unread: 3');
  });

  it('leads each ask to where it is answered, and says it in words that read well in both languages', async () => {
    const asks = [
      notificationView({
        id: 'a1',
        kind: 'round_request',
        subjectType: 'dialogue',
        subjectId: 'd1',
        payload: {
          roundId: 'round-1',
          roundTitle: { en: 'Spring round', fr: 'Cycle de printemps' },
          dueOn: '2027-03-31',
          count: 3,
          title: { en: 'Bamako roundtable' },
        },
      }),
      notificationView({
        id: 'a2',
        kind: 'round_assessment',
        subjectType: 'dialogue',
        subjectId: 'd1',
        payload: { roundId: 'round-1', roundTitle: { en: 'Spring round' }, dueOn: '2027-03-31', count: 1 },
      }),
      notificationView({
        id: 'a3',
        kind: 'account_waiting',
        subjectType: null,
        subjectId: null,
        payload: { userId: 'u9', name: 'Awa Sangaré' },
      }),
      notificationView({ id: 'a4', kind: 'message_flagged', subjectType: null, subjectId: null, payload: { flagId: 'f1' } }),
      notificationView({ id: 'a5', kind: 'report_to_verify', payload: { reportId: 'r7', organization: 'MJDH' } }),
      notificationView({ id: 'a6', kind: 'report_verified', payload: { reportId: 'r7' } }),
      notificationView({ id: 'a7', kind: 'commitment_contested', payload: { currentStatus: 'completed', assessedStatus: 'stalled' } }),
    ];
    await open(asks, 7);

    const links = items().map((i) => [textOf(i.querySelector('.meta-line a')), i.querySelector('.meta-line a')?.getAttribute('href')]);
    expect(links).toEqual([
      ['Open the round', '/rounds/round-1'],
      ['Open the round', '/rounds/round-1'],
      ['Open the accounts waiting for approval', '/admin/accounts?status=pending'],
      ['Open the moderation queue', '/admin/moderation'],
      ['Open the commitment', '/commitments/c1#report-r7'],
      ['Open the commitment', '/commitments/c1#report-r7'],
      ['Open the commitment', '/commitments/c1'],
    ]);
    const texts = () => items().map((i) => textOf(i.querySelector('.notification-text')).replace(/^(New|Nouveau) /, ''));
    expect(texts()).toEqual([
      'The reporting round “Spring round” asks your organisation to report by March 31, 2027 (commitments to report on: 3).',
      'The reporting round “Spring round” invites civil society to assess commitments by March 31, 2027 (commitments open to assessment: 1).',
      'A new registration waits for approval: Awa Sangaré.',
      'A message was flagged for moderation.',
      'A report by MJDH waits for verification.',
      'The secretariat verified a report of your organisation.',
      'Civil society contests the status of a commitment of your organisation: it assesses it as “Stalled”, your organisation reports “Completed”.',
    ]);

    await TestBed.inject(LanguageService).use('fr');
    await fixture.whenStable();
    expect(texts()).toEqual([
      'Le cycle de suivi « Cycle de printemps » demande à votre organisation de rendre compte d’ici le 31 mars 2027 (engagements concernés : 3).',
      'Le cycle de suivi « Spring round » invite la société civile à évaluer des engagements d’ici le 31 mars 2027 (engagements à évaluer : 1).',
      'Une nouvelle inscription attend d’être approuvée : Awa Sangaré.',
      'Un message a été signalé pour modération.',
      'Un rapport de MJDH attend d’être vérifié.',
      'Le secrétariat a vérifié un rapport de votre organisation.',
      'La société civile conteste le statut d’un engagement de votre organisation : elle l’évalue « Au point mort », votre organisation le déclare « Réalisé ».',
    ]);
  });

  it('says the same in French', async () => {
    await open([statusChange], 0, 1, 'fr');

    expect(textOf(el.querySelector('.notification-text'))).toBe(
      'Le statut d’un engagement que vous suivez est passé de « En cours » à « Réalisé ».',
    );
  });

  it('says "new" once, in the badge, in French', async () => {
    await open([report], 1, 1, 'fr');

    expect(textOf(el.querySelector('.notification-text'))).toBe(
      'Nouveau Publication sur un engagement que vous suivez (auto-évaluation) : « Réalisé ».',
    );
  });

  it('marks one notification read, and the count follows', async () => {
    await open([report, statusChange], 1);
    const store = TestBed.inject(NotificationsStore);

    items()[0].querySelector<HTMLButtonElement>('button')?.click();
    await settle();
    const request = http.expectOne('/api/notifications/n1/read');
    expect(request.request.method).toBe('POST');
    await answer(request, { ...report, read: true });

    expect(items()[0].classList.contains('is-unread')).toBe(false);
    expect(items()[0].querySelector('button')).toBeNull();
    expect(store.unread()).toBe(0);
    expect(textOf(el.querySelector('.notifications-count'))).toBe('Unread: 0');
  });

  it('marks all read at once', async () => {
    await open([report, account], 2);

    [...el.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === 'Mark all as read')?.click();
    await settle();
    const request = http.expectOne('/api/notifications');
    expect(request.request.method).toBe('POST');
    await answer(request, { unread: 0 });

    expect(el.querySelectorAll('.is-unread')).toHaveLength(0);
    expect(textOf(el.querySelector('[role="status"]'))).toBe('All notifications are marked as read.');
    expect([...el.querySelectorAll('button')].some((b) => textOf(b) === 'Mark all as read')).toBe(false);
  });

  it('adds a notification that arrives live at the top, and counts it', async () => {
    await open([statusChange], 0);
    const store = TestBed.inject(NotificationsStore);

    sockets[0].push(
      'notification',
      notificationView({ id: 'live', payload: { reportId: 'r9', kind: 'independent_assessment', status: 'stalled' } }),
    );
    await fixture.whenStable();

    expect(textOf(items()[0].querySelector('.notification-text'))).toBe(
      'New A commitment you follow has a new independent assessment: “Stalled”.',
    );
    expect(store.unread()).toBe(1);
  });

  it('shows only the unread ones on request, and more on request', async () => {
    await open([report], 1, 25);

    const unreadOnly = el.querySelector<HTMLInputElement>('input[type="checkbox"]');
    unreadOnly?.click();
    await settle();
    const filtered = http.expectOne((r) => r.url === '/api/notifications' && r.params.get('unread') === 'true');
    await answer(filtered, page([report], 1, 1));
    expect(items()).toHaveLength(1);

    unreadOnly?.click();
    await settle();
    TestBed.tick();
    await answer(
      http.expectOne((r) => r.url === '/api/notifications' && !r.params.has('unread')),
      page([report], 1, 25),
    );
    [...el.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === 'Show more')?.click();
    await settle();
    const more = http.expectOne((r) => r.url === '/api/notifications' && r.params.get('page') === '2');
    await answer(more, { ...page([statusChange], 1, 25), page: 2 });

    expect(items()).toHaveLength(2);
  });

  it('says when there is nothing', async () => {
    await open([], 0);

    expect(textOf(el.querySelector('.notification-list'))).toContain('No notification yet.');
  });

  it('says who replied or mentioned, with the excerpt, and links to the message in its thread', async () => {
    const thread = { threadId: 't1', messageId: 'm7', title: { en: 'Operationalise the Specialised Judicial Pole' } };
    await open(
      [
        notificationView({
          id: 'r',
          kind: 'reply',
          payload: { ...thread, by: { kind: 'pseudonym', pseudonym: 'Baobab 4F2A' }, excerpt: 'Two judges are missing' },
        }),
        notificationView({
          id: 'm',
          kind: 'mention',
          payload: { ...thread, by: { kind: 'member', id: 'u2', name: 'Aminata Traoré', organization: null }, excerpt: 'cc @Boubacar' },
        }),
        notificationView({ id: 'h', kind: 'moderation', payload: { ...thread, action: 'hidden', reason: 'Names a witness' } }),
        notificationView({
          id: 'u',
          kind: 'moderation',
          payload: { ...thread, action: 'mute', reason: 'Insults', until: '2026-12-01T10:00:00Z' },
        }),
        notificationView({
          id: 'l',
          kind: 'moderation',
          payload: { ...thread, action: 'lifted', kind: 'mute', reason: 'Muted by mistake' },
        }),
        // A reason that ends its own sentence: the notification's full stop is not added after it.
        notificationView({ id: 'w', kind: 'moderation', payload: { ...thread, action: 'warning', reason: 'Off topic.' } }),
      ],
      6,
    );

    expect(items().map((i) => textOf(i.querySelector('.notification-text')).replace(/^New /, ''))).toEqual([
      'Baobab 4F2A replied to your message: “Two judges are missing”',
      'Aminata Traoré mentioned you in a discussion: “cc @Boubacar”',
      'The moderators hid one of your messages. Their reason: “Names a witness”.',
      'The moderators stopped you from posting until Dec 1, 2026, 10:00 AM. Their reason: “Insults”.',
      'The moderators lifted a measure they had taken about one of your messages. Their reason: “Muted by mistake”.',
      'The moderators sent you a warning about one of your messages. Their reason: “Off topic.”',
    ]);
    expect(items()[0].querySelector('a')?.getAttribute('href')).toBe('/discussions/t1#message-m7');
    expect(textOf(items()[0].querySelector('a'))).toBe('Operationalise the Specialised Judicial Pole');
  });

  it('counts a reply that arrives live on the bell', async () => {
    await open([], 0);
    const store = TestBed.inject(NotificationsStore);

    sockets[0].push('notification', notificationView({ id: 'live-reply', kind: 'reply', payload: { threadId: 't1', messageId: 'm9' } }));
    await fixture.whenStable();

    expect(store.unread()).toBe(1);
    expect(textOf(items()[0].querySelector('.notification-text'))).toBe('New Someone replied to your message.');
  });
});
