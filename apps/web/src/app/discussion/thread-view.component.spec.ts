import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { MeView, MessagePage, RestrictionView, ThreadView } from '@suivi/contracts';
import { apiError, civilOrg, loginResponse, meView, secretariatMe, settle, textOf } from '../../testing/accounts';
import {
  THREAD_ID,
  aminata,
  baobab,
  boubacar,
  messagePage,
  messageView,
  threadView,
  answerOwnPseudonym,
  answerReadMarks,
} from '../../testing/discussion';
import { translocoTesting } from '../../testing/i18n-testing';
import { type FakeSocket, fakeSockets } from '../../testing/realtime';
import { authInterceptor } from '../core/auth/auth.interceptor';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { DRAFT_KEY_PREFIX } from './draft-storage';
import { MENTION_DEBOUNCE_MS, RESTRICTION_END_MARGIN_MS } from './message-composer.component';
import { ThreadViewComponent } from './thread-view.component';

const civilMe = () => meView({ id: 'user-3', displayName: 'Moussa Keïta', organization: civilOrg });
const draftKey = (userId: string) => `${DRAFT_KEY_PREFIX}${userId}.${THREAD_ID}`;

describe(ThreadViewComponent.name, () => {
  let fixture: ComponentFixture<ThreadViewComponent>;
  let http: HttpTestingController;
  let sockets: FakeSocket[];
  let el: HTMLElement;

  async function open(
    options: { me?: MeView | null; thread?: ThreadView; page?: MessagePage; restrictions?: RestrictionView[]; lang?: 'en' | 'fr' } = {},
  ): Promise<void> {
    const fake = fakeSockets();
    sockets = fake.sockets;
    TestBed.configureTestingModule({
      imports: [ThreadViewComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), fake.provider],
    });
    await TestBed.inject(LanguageService).use(options.lang ?? 'en');
    http = TestBed.inject(HttpTestingController);
    const me = options.me === undefined ? meView() : options.me;
    if (me) {
      TestBed.inject(AuthService).start(loginResponse(me));
    }
    fixture = TestBed.createComponent(ThreadViewComponent);
    fixture.componentRef.setInput('threadId', THREAD_ID);
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    await settle();
    http.expectOne(`/api/threads/${THREAD_ID}`).flush(options.thread ?? threadView());
    http
      .expectOne((r) => r.url === `/api/threads/${THREAD_ID}/messages`)
      .flush(options.page ?? messagePage([messageView(1), messageView(2)]));
    // Not whenStable(): the composer's restrictions are a pending resource until answered.
    await settle();
    fixture.detectChanges();
    await settle();
    if (me) {
      http.expectOne('/api/me/restrictions').flush(options.restrictions ?? []);
      await stable();
    }
    sockets[0]?.accept();
    await stable();
  }

  async function stable(ms = 0): Promise<void> {
    await settle(ms);
    // The composer asks for the reader's own pseudonym once its box is ticked (composer specs),
    // and the fixture is not stable while that request waits.
    fixture.detectChanges();
    await settle();
    answerOwnPseudonym(http);
    await fixture.whenStable();
  }

  function box(): HTMLTextAreaElement {
    const area = el.querySelector<HTMLTextAreaElement>('.composer textarea');
    if (!area) {
      throw new Error('no composer');
    }
    return area;
  }

  async function typeText(value: string): Promise<void> {
    const area = box();
    area.value = value;
    area.setSelectionRange(value.length, value.length);
    area.dispatchEvent(new Event('input'));
    await stable();
  }

  function button(label: string, root: ParentNode = el): HTMLButtonElement {
    const found = [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b).startsWith(label));
    if (!found) {
      throw new Error(`no button ${label}`);
    }
    return found;
  }

  const messages = () => [...el.querySelectorAll('.message')];

  /** The first element matching, or a failure that says which. */
  function find<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
    const found = root.querySelector<T & Element>(selector);
    if (!found) {
      throw new Error(`no ${selector}`);
    }
    return found;
  }

  async function fill(root: ParentNode, value: string): Promise<void> {
    const area = find<HTMLTextAreaElement>(root, 'textarea');
    area.value = value;
    area.dispatchEvent(new Event('input'));
    await stable();
  }

  beforeEach(() => localStorage.clear());
  afterEach(() => {
    // Read marks and the composer's pseudonym have specs of their own.
    answerReadMarks(http);
    answerOwnPseudonym(http);
    http.verify();
  });

  describe('messages', () => {
    it('shows each message with its author, a pseudonym as such, and the reader’s own marked', async () => {
      await open({
        page: messagePage([
          messageView(1, { author: aminata }),
          messageView(2, { author: baobab, body: 'Les audiences sont *reportées*' }),
          // Just posted, so still within its edit window whenever the test runs.
          messageView(3, { author: boubacar, mine: true, createdAt: new Date().toISOString() }),
        ]),
      });

      expect(messages().map((m) => textOf(m.querySelector('.message-head .author-name')))).toEqual([
        'Aminata Traoré',
        'Baobab 4F2A',
        'Boubacar Diarra',
      ]);
      expect(textOf(messages()[0].querySelector('.author-org'))).toBe('MJDH');
      expect(textOf(messages()[1].querySelector('.badge-pseudonym'))).toBe('pseudonym');
      expect(messages()[1].querySelector('.author-org')).toBeNull();
      expect(messages()[1].querySelector('em')?.textContent).toBe('reportées');
      expect(messages()[2].classList.contains('is-mine')).toBe(true);
      expect(textOf(messages()[2].querySelector('.message-actions'))).toBe('Reply Edit Delete');
      expect(textOf(messages()[0].querySelector('.message-actions'))).toBe('Reply Report to the moderators');
    });

    it('shows a hidden message as the moderators’ reason, and a deleted one as a tombstone', async () => {
      await open({
        page: messagePage([
          messageView(1, { state: 'hidden', body: null, hiddenReason: 'Names a witness' }),
          messageView(2, { state: 'deleted', body: null }),
        ]),
      });

      expect(textOf(messages()[0])).toContain('Hidden by the moderators: Names a witness');
      expect(textOf(messages()[1])).toContain('Message deleted by its author.');
      expect(messages()[0].querySelector('.message-actions button')).toBeNull();
    });

    it('gives the secretariat what was hidden, a way to show it again, hide, and lock', async () => {
      await open({
        me: secretariatMe(),
        page: messagePage([
          messageView(1, { state: 'hidden', body: 'The clerk lives in Sévaré', hiddenReason: 'Names a witness' }),
          messageView(2, { openFlags: 2 }),
        ]),
      });

      expect(textOf(messages()[0].querySelector('.message-hidden-body'))).toContain('The clerk lives in Sévaré');
      expect(textOf(messages()[0].querySelector('.message-actions'))).toContain('Show again');
      expect(textOf(messages()[1].querySelector('.message-actions'))).toContain('Hide');
      expect(textOf(messages()[1].querySelector('.message-actions'))).toContain('Reported: 2');

      button('Hide', messages()[1]).click();
      await stable();
      const dialog = find(el, 'dialog[open]');
      expect(textOf(dialog.querySelector('h2'))).toBe('Hide this message');
      button('Hide', find(dialog, '.form-actions')).click();
      await stable();
      expect(dialog.querySelector('#thread-action-reason-error')).not.toBeNull();

      await fill(dialog, 'Threatens a judge');
      button('Hide', find(dialog, '.form-actions')).click();
      await stable();
      const request = http.expectOne('/api/messages/m2/hide');
      expect(request.request.body).toEqual({ reason: 'Threatens a judge' });
      request.flush(messageView(2, { seq: 5, state: 'hidden', body: 'Message 2', hiddenReason: 'Threatens a judge' }));
      await stable();

      expect(textOf(messages()[1])).toContain('Hidden by the moderators: Threatens a judge');
      expect(textOf(el.querySelector('.form-status'))).toBe('The message is hidden.');

      button('Lock the discussion').click();
      await stable();
      const lock = find(el, 'dialog[open]');
      expect(textOf(lock.querySelector('h2'))).toBe('Lock the discussion');
      await fill(lock, 'Cooling off after threats');
      button('Lock', find(lock, '.form-actions')).click();
      await stable();
      const locking = http.expectOne(`/api/threads/${THREAD_ID}/lock`);
      expect(locking.request.body).toEqual({ reason: 'Cooling off after threats' });
      locking.flush(threadView({ locked: true, canPost: true }));
      await stable();

      expect(textOf(el.querySelector('.badge-locked'))).toBe('Locked');
      expect(textOf(el.querySelector('.thread-locked'))).toContain('nobody can post until it is unlocked');
      // The secretariat may still post in a locked thread.
      expect(el.querySelector('.composer')).not.toBeNull();
      expect(textOf(button('Unlock the discussion'))).toBe('Unlock the discussion');
    });

    it('reads back to the message a notification points at, and puts focus on it', async () => {
      // jsdom does not lay out, so it has no scrollIntoView.
      Element.prototype.scrollIntoView = jest.fn();
      await open({ page: messagePage([messageView(31), messageView(32)], true, 32) });

      fixture.componentRef.setInput('focusMessage', 'm5');
      await settle();
      http
        .expectOne((r) => r.url.endsWith('/messages') && r.params.get('before') === '31')
        .flush(messagePage([messageView(5), messageView(30)], false, 32));
      await stable();
      await stable();

      expect(document.activeElement?.id).toBe('message-m5');
      expect(messages().map((m) => m.id)).toEqual(['message-m5', 'message-m30', 'message-m31', 'message-m32']);
    });

    it('takes a hiding pushed to the room: the words go for a reader at once', async () => {
      await open();

      sockets[0].push('message.updated', messageView(2, { seq: 9, state: 'hidden', body: null, hiddenReason: 'Off topic' }));
      await stable();

      expect(textOf(messages()[1])).toContain('Hidden by the moderators: Off topic');
      expect(textOf(messages()[1])).not.toContain('Message 2');
    });

    it('says how many are here and who is typing, in French too', async () => {
      await open({ lang: 'fr' });

      sockets[0].push('presence', { room: `thread:${THREAD_ID}`, count: 1 });
      await stable();
      expect(textOf(el.querySelector('.thread-presence'))).toBe('1 personne ici');
      sockets[0].push('presence', { room: `thread:${THREAD_ID}`, count: 12 });
      sockets[0].push('typing', { threadId: THREAD_ID, author: aminata });
      await stable();

      expect(textOf(el.querySelector('.thread-presence'))).toBe('12 personnes ici');
      expect(textOf(el.querySelector('.typing'))).toBe('Aminata Traoré est en train d’écrire…');
    });

    it('says “someone” is typing where the typist may be writing under a pseudonym, in both languages', async () => {
      await open({ lang: 'fr' });

      sockets[0].push('typing', { threadId: THREAD_ID, author: null });
      await stable();
      expect(textOf(el.querySelector('.typing'))).toBe('Quelqu’un écrit…');
      sockets[0].push('typing', { threadId: THREAD_ID, author: aminata });
      await stable();
      expect(textOf(el.querySelector('.typing'))).toBe('Aminata Traoré et quelqu’un d’autre écrivent…');

      await TestBed.inject(LanguageService).use('en');
      await stable();
      expect(textOf(el.querySelector('.typing'))).toBe('Aminata Traoré and someone else are typing…');
      sockets[0].push('message.created', messageView(3, { author: aminata }));
      await stable();
      expect(textOf(el.querySelector('.typing'))).toBe('Someone is typing…');
    });

    it('lets the author correct a message within 15 minutes, marks it edited, and keeps the text if too late', async () => {
      const now = Date.now();
      await open({
        page: messagePage([
          messageView(1, { mine: true, author: boubacar, createdAt: new Date(now - 20 * 60 * 1000).toISOString() }),
          messageView(2, { mine: true, author: boubacar, body: 'Douze juges', createdAt: new Date(now - 60 * 1000).toISOString() }),
        ]),
      });
      expect(textOf(messages()[0].querySelector('.message-actions'))).not.toContain('Edit');

      button('Edit', messages()[1]).click();
      await stable();
      await fill(messages()[1], 'Onze juges');
      button('Save the change', messages()[1]).click();
      await stable();
      const first = http.expectOne('/api/messages/m2');
      expect(first.request.method).toBe('PATCH');
      expect(first.request.body).toEqual({ body: 'Onze juges', mentions: [] });
      first.flush(apiError(409, 'edit_window_over', { minutes: 15 }), { status: 409, statusText: 'Conflict' });
      await stable();
      expect(textOf(messages()[1].querySelector('[role="alert"]'))).toContain('can no longer be edited');
      expect(find<HTMLTextAreaElement>(messages()[1], 'textarea').value).toBe('Onze juges');

      button('Save the change', messages()[1]).click();
      await stable();
      http
        .expectOne('/api/messages/m2')
        .flush(messageView(2, { seq: 5, mine: true, author: boubacar, body: 'Onze juges', editedAt: new Date(now).toISOString() }));
      await stable();
      expect(textOf(messages()[1].querySelector('.message-body'))).toBe('Onze juges');
      expect(textOf(messages()[1].querySelector('.message-edited'))).toMatch(/^edited /);
    });

    it('deletes one’s own message after a confirmation, leaving a tombstone', async () => {
      await open({ page: messagePage([messageView(1, { mine: true, author: boubacar })]) });

      button('Delete', messages()[0]).click();
      await stable();
      const dialog = find(el, 'dialog[open]');
      expect(dialog.querySelector('textarea')).toBeNull();
      button('Delete', find(dialog, '.form-actions')).click();
      await stable();
      const request = http.expectOne('/api/messages/m1');
      expect(request.request.method).toBe('DELETE');
      request.flush(messageView(1, { seq: 4, mine: true, author: boubacar, state: 'deleted', body: null }));
      await stable();

      expect(textOf(messages()[0])).toContain('Message deleted by its author.');
    });

    it('reports a message with a reason, and says so when it was already reported', async () => {
      await open();

      button('Report to the moderators', messages()[0]).click();
      await stable();
      const dialog = find(el, 'dialog[open]');
      await fill(dialog, 'Insulting');
      button('Report', find(dialog, '.form-actions')).click();
      await stable();
      http.expectOne('/api/messages/m1/flags').flush(apiError(409, 'already_flagged'), { status: 409, statusText: 'Conflict' });
      await stable();

      expect(textOf(dialog.querySelector('.form-failure'))).toBe('You have already reported this message: the moderators will look at it.');
    });
  });

  describe('composer', () => {
    it('keeps what is typed on the device at each keystroke, and through live updates', async () => {
      await open();
      await typeText('Les juges sont-ils nommés ?');

      expect(JSON.parse(localStorage.getItem(draftKey('user-1')) ?? '{}')).toMatchObject({ body: 'Les juges sont-ils nommés ?' });

      sockets[0].push('message.created', messageView(3));
      sockets[0].push('message.updated', messageView(1, { seq: 8, body: 'Edited' }));
      await stable();
      expect(box().value).toBe('Les juges sont-ils nommés ?');
    });

    it('gives the draft back when the person comes back to the thread', async () => {
      localStorage.setItem(
        draftKey('user-1'),
        JSON.stringify({ body: 'Where was I', replyToId: 'm2', pseudonymous: false, mentions: [], savedAt: Date.now() }),
      );
      await open();

      expect(box().value).toBe('Where was I');
      expect(textOf(el.querySelector('.composer-reply'))).toContain('Replying to Aminata Traoré');
    });

    it('sends with the reply and the mentions picked, then empties the box and the stored draft', async () => {
      await open({ page: messagePage([messageView(1), messageView(2, { author: baobab })]) });
      button('Reply', messages()[1]).click();
      await stable();
      const reply = el.querySelector('.composer-reply');
      expect(textOf(reply?.querySelector('p'))).toMatch(/^Replying to Baobab 4F2A\s*pseudonym\s*Message 2$/);

      await typeText('Merci @Ba');
      await stable(MENTION_DEBOUNCE_MS + 50);
      http.expectOne((r) => r.url === `/api/threads/${THREAD_ID}/mentionable` && r.params.get('q') === 'Ba').flush([baobab, aminata]);
      await stable();
      const options = [...el.querySelectorAll('[role="option"]')];
      expect(options.map((o) => textOf(o.querySelector('.author-name')))).toEqual(['Baobab 4F2A', 'Aminata Traoré']);
      expect(box().getAttribute('aria-activedescendant')).toBe(options[0].id);
      box().dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown' }));
      await stable();
      expect(box().getAttribute('aria-activedescendant')).toBe(options[1].id);
      box().dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp' }));
      box().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
      await stable();
      expect(box().value).toBe('Merci @Baobab 4F2A ');
      expect(el.querySelector('[role="listbox"]')).toBeNull();

      button('Send').click();
      await stable();
      const request = http.expectOne(`/api/threads/${THREAD_ID}/messages`);
      expect(request.request.body).toEqual({
        body: 'Merci @Baobab 4F2A',
        replyToId: 'm2',
        mentions: [{ kind: 'pseudonym', pseudonym: 'Baobab 4F2A' }],
      });
      request.flush(messageView(3, { mine: true, author: boubacar, body: 'Merci @Baobab 4F2A' }));
      await stable();

      expect(box().value).toBe('');
      expect(el.querySelector('.composer-reply')).toBeNull();
      expect(localStorage.getItem(draftKey('user-1'))).toBeNull();
      expect(textOf(el.querySelector('.composer .form-status'))).toBe('Your message is posted.');
    });

    it('keeps the text after a 429 and says how long to wait', async () => {
      await open();
      await typeText('Trop vite');

      button('Send').click();
      await stable();
      http.expectOne(`/api/threads/${THREAD_ID}/messages`).flush(apiError(429, 'too_many_messages', { retryAfter: 42 }), {
        status: 429,
        statusText: 'Too Many Requests',
        headers: { 'Retry-After': '42' },
      });
      await stable();

      expect(box().value).toBe('Trop vite');
      expect([...el.querySelectorAll('.composer [role="alert"] p')].map((p) => textOf(p))).toEqual([
        'You are posting too fast. Your message is not lost: send it again in a moment.',
        'You can send again in 42 s.',
      ]);
      expect(button('Send').disabled).toBe(true);
    });

    it('after a 403, reads the restrictions again and shows the mute, keeping the draft', async () => {
      await open();
      await typeText('Je proteste');

      button('Send').click();
      await stable();
      http
        .expectOne(`/api/threads/${THREAD_ID}/messages`)
        .flush(apiError(403, 'posting_restricted', { kind: 'mute', until: '2099-01-01T10:00:00Z' }), {
          status: 403,
          statusText: 'Forbidden',
        });
      await settle();
      fixture.detectChanges();
      await settle();
      http
        .expectOne('/api/me/restrictions')
        .flush([{ id: 's1', kind: 'mute', until: '2099-01-01T10:00:00Z', reason: 'Insults.', createdAt: '2026-11-30T09:00:00Z' }]);
      http.expectOne(`/api/threads/${THREAD_ID}`).flush(threadView());
      await stable();

      expect(textOf(el.querySelector('.composer-note'))).toContain('The moderators have stopped you from posting until');
      // The reason comes last, quoted as written: its own full stop is never followed by a second one.
      expect(textOf(el.querySelector('.composer-note'))).toContain('Your draft is kept on this device. Their reason: “Insults.”');
      expect(textOf(el.querySelector('.composer-note'))).not.toContain('..');
      expect(el.querySelector('.composer')).toBeNull();
      expect(JSON.parse(localStorage.getItem(draftKey('user-1')) ?? '{}')).toMatchObject({ body: 'Je proteste' });
    });

    it('lifts the mute banner by itself when the mute ends, and reads the thread’s rights again', async () => {
      // Long enough that a loaded machine renders the banner before the mute ends (100 ms was not).
      const lasts = 1500;
      const until = new Date(Date.now() + lasts).toISOString();
      await open({
        thread: threadView({ canPost: false }),
        restrictions: [{ id: 's1', kind: 'mute', until, reason: 'A pause', createdAt: '2026-11-30T09:00:00Z' }],
      });
      expect(textOf(el.querySelector('.composer-note'))).toContain('The moderators have stopped you from posting until');

      await stable(lasts + RESTRICTION_END_MARGIN_MS + 100);
      fixture.detectChanges();
      http.expectOne(`/api/threads/${THREAD_ID}`).flush(threadView());
      await stable();

      expect(textOf(el.querySelector('.composer-note'))).toBe('You can post again.');
      expect(el.querySelector('.composer-note')?.getAttribute('role')).toBe('status');
      expect(el.querySelector('.composer textarea')).not.toBeNull();
    });

    it('brings the composer back when a moderator lifts the mute, told by a notification on the person’s own room', async () => {
      await open({
        thread: threadView({ canPost: false }),
        restrictions: [{ id: 's1', kind: 'mute', until: '2099-01-01T10:00:00Z', reason: 'A pause', createdAt: '2026-11-30T09:00:00Z' }],
      });
      expect(el.querySelector('.composer')).toBeNull();

      sockets[0].push('notification', {
        id: 'n1',
        kind: 'moderation',
        subjectType: null,
        subjectId: null,
        payload: { action: 'lifted', kind: 'mute', reason: 'By mistake' },
        read: false,
        createdAt: '2026-11-30T10:00:00Z',
      });
      // Not whenStable(): the restrictions are a pending resource until answered.
      await settle();
      fixture.detectChanges();
      http.expectOne('/api/me/restrictions').flush([]);
      await stable();
      http.expectOne(`/api/threads/${THREAD_ID}`).flush(threadView());
      await stable();

      expect(el.querySelector('.composer textarea')).not.toBeNull();
      expect(textOf(el.querySelector('.composer-note'))).toBe('You can post again.');
    });

    it('offers civil society a pseudonym, says what it hides, and keeps the choice on screen only after sending', async () => {
      await open({ me: civilMe(), thread: threadView({ canPostPseudonymously: true }) });

      const help = textOf(el.querySelector('.pseudonym-choice .field-hint'));
      expect(help).toContain('Your name and organisation are shown to nobody: not to other members, not to the secretariat.');
      const toggle = find<HTMLInputElement>(el, '.pseudonym-choice input[type="checkbox"]');
      toggle.click();
      await typeText('Deux juges manquent');
      // Typing says nothing of the name or pseudonym to come.
      expect(sockets[0].emitted.filter((e) => e.event === 'typing').map((e) => e.args[0])).toEqual([{ threadId: THREAD_ID }]);
      expect(textOf(button('Send under my pseudonym'))).toBe('Send under my pseudonym');

      button('Send under my pseudonym').click();
      await stable();
      const request = http.expectOne(`/api/threads/${THREAD_ID}/messages`);
      expect(request.request.body).toEqual({ body: 'Deux juges manquent', replyToId: null, mentions: [], pseudonymous: true });
      request.flush(messageView(3, { mine: true, author: baobab, body: 'Deux juges manquent' }));
      await stable();

      expect(toggle.checked).toBe(true);
      expect(localStorage.getItem(draftKey('user-3'))).toBeNull();
    });

    it('offers no pseudonym to others, and asks the public to sign in', async () => {
      await open();
      expect(el.querySelector('.pseudonym-choice')).toBeNull();

      TestBed.resetTestingModule();
      await open({ me: null, thread: threadView({ canPost: false }) });
      expect(el.querySelector('.composer')).toBeNull();
      expect(textOf(el.querySelector('.composer-note'))).toBe('Sign in to take part in the discussion.');
    });
  });
});
