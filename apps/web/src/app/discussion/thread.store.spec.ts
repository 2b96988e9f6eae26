import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { loginResponse, meView, secretariatMe, settle } from '../../testing/accounts';
import {
  THREAD_ID,
  aminata,
  baobab,
  boubacar,
  messagePage,
  messageView,
  moussa,
  threadView,
  answerReadMarks,
} from '../../testing/discussion';
import { type FakeSocket, fakeSockets } from '../../testing/realtime';
import { AuthService } from '../core/auth/auth.service';
import { READ_MARK_DELAY_MS, SOMEONE, TYPING_SHOWN_MS, ThreadStore } from './thread.store';

const ROOM = `thread:${THREAD_ID}`;

describe(ThreadStore.name, () => {
  let sut: ThreadStore;
  let http: HttpTestingController;
  let sockets: FakeSocket[];

  /** Opens the thread with its newest page, and lets the live connection in. */
  async function open(page = messagePage([messageView(1), messageView(2), messageView(3)])): Promise<void> {
    sut.open(THREAD_ID);
    TestBed.tick();
    await settle();
    http.expectOne(`/api/threads/${THREAD_ID}`).flush(threadView({ lastSeq: page.lastSeq }));
    http.expectOne((r) => r.url === `/api/threads/${THREAD_ID}/messages` && !r.params.has('before')).flush(page);
    await settle();
    sockets[0].accept();
  }

  const ids = () => sut.messages().map((m) => `${m.id}:${m.seq}`);
  const subscribes = () => sockets[0].emitted.filter((e) => e.event === 'subscribe').map((e) => e.args[0]);

  beforeEach(() => {
    localStorage.clear();
    const fake = fakeSockets();
    sockets = fake.sockets;
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), fake.provider, ThreadStore] });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).start(loginResponse(meView()));
    sut = TestBed.inject(ThreadStore);
  });

  afterEach(() => {
    // Read marks and the composer's pseudonym have specs of their own.
    answerReadMarks(http);
    http.verify();
  });

  it('reads the newest page, then joins the room asking for what changed after it', async () => {
    await open();

    expect(ids()).toEqual(['m1:1', 'm2:2', 'm3:3']);
    expect(subscribes()).toEqual([{ room: ROOM, since: 3 }]);
  });

  it('adds live messages once each, keeps the newest state, and ignores a late older one', async () => {
    await open();
    const edited = messageView(2, { seq: 6, body: 'Corrected', editedAt: '2026-11-30T09:10:00Z' });

    sockets[0].push('message.created', messageView(4, { seq: 4 }));
    sockets[0].push('message.created', messageView(4, { seq: 4 }));
    sockets[0].push('message.updated', edited);
    sockets[0].push('message.updated', messageView(2, { seq: 5, body: 'First correction' }));
    sockets[0].push('message.created', messageView(9, { threadId: 'another-thread' }));

    expect(ids()).toEqual(['m1:1', 'm2:6', 'm3:3', 'm4:4']);
    expect(sut.messages()[1].body).toBe('Corrected');
    expect(sut.arrival()?.id).toBe('m4');
  });

  it('reads the thread afresh when more changed while it was away than the server replays', async () => {
    await open();
    sockets[0].push('message.created', messageView(4));
    sockets[0].drop();
    sockets[0].subscribeAck = (request) => ((request as { since?: number }).since === 4 ? { ok: true, truncated: true } : { ok: true });
    sockets[0].accept();
    TestBed.tick();
    await settle();

    const latest = messagePage([messageView(700), messageView(701)], true);
    http.expectOne(`/api/threads/${THREAD_ID}`).flush(threadView({ lastSeq: 701 }));
    http.expectOne((r) => r.url === `/api/threads/${THREAD_ID}/messages` && !r.params.has('before')).flush(latest);
    await settle();

    expect(ids()).toEqual(['m700:700', 'm701:701']);
    expect(sut.hasMore()).toBe(true);
    // Joined again before the page was read (connected already): what came meanwhile came live.
    expect(subscribes().slice(-1)).toEqual([{ room: ROOM }]);
    sockets[0].push('message.created', messageView(702));
    expect(ids()).toEqual(['m700:700', 'm701:701', 'm702:702']);
  });

  it('after a lost connection, joins again from the highest seq seen, and the replay fills the gap', async () => {
    await open();
    sockets[0].push('message.created', messageView(4));
    sockets[0].drop();
    sockets[0].accept();

    expect(subscribes()).toEqual([
      { room: ROOM, since: 3 },
      { room: ROOM, since: 4 },
    ]);
    // What the server replays: two new messages and a deletion, in seq order.
    sockets[0].push('message.created', messageView(5));
    sockets[0].push('message.created', messageView(6));
    sockets[0].push('message.updated', messageView(1, { seq: 7, state: 'deleted', body: null }));

    expect(ids()).toEqual(['m1:7', 'm2:2', 'm3:3', 'm4:4', 'm5:5', 'm6:6']);
    expect(sut.lastSeq()).toBe(7);
  });

  it('keeps one’s own message “mine” whichever of the POST answer and the room’s copy comes first', async () => {
    await open();

    const posting = sut.post({ body: 'Merci' });
    await settle();
    sockets[0].push('message.created', messageView(4, { author: boubacar, mine: false, body: 'Merci' }));
    http.expectOne(`/api/threads/${THREAD_ID}/messages`).flush(messageView(4, { author: boubacar, mine: true, body: 'Merci' }));
    await posting;

    expect(sut.messages().at(-1)?.mine).toBe(true);
    // One's own message is not announced as an arrival.
    expect(sut.arrival()).toBeNull();
  });

  it('reads older pages in front of those on screen', async () => {
    await open(messagePage([messageView(31), messageView(32)], true, 32));

    const older = sut.older();
    await settle();
    const request = http.expectOne((r) => r.url === `/api/threads/${THREAD_ID}/messages` && r.params.get('before') === '31');
    request.flush(messagePage([messageView(29), messageView(30)], false, 32));
    await older;

    expect(ids()).toEqual(['m29:29', 'm30:30', 'm31:31', 'm32:32']);
    expect(sut.hasMore()).toBe(false);
  });

  it('counts who is here, and shows who is typing until they post or go quiet', async () => {
    await open();
    sockets[0].push('presence', { room: ROOM, count: 12 });
    sockets[0].push('presence', { room: 'thread:other', count: 2 });
    expect(sut.presence()).toBe(12);

    sockets[0].push('typing', { threadId: THREAD_ID, author: moussa });
    sockets[0].push('typing', { threadId: THREAD_ID, author: aminata });
    // The reader's own typing (another tab) is not shown back to them.
    sockets[0].push('typing', { threadId: THREAD_ID, author: boubacar });
    expect(sut.typers().map((t) => t.key)).toEqual(['member:user-3', 'member:user-2']);

    sockets[0].push('message.created', messageView(4, { author: moussa }));
    expect(sut.typers().map((t) => t.key)).toEqual(['member:user-2']);

    jest.useFakeTimers();
    try {
      sockets[0].push('typing', { threadId: THREAD_ID, author: aminata });
      jest.advanceTimersByTime(TYPING_SHOWN_MS + 100);
      expect(sut.typers()).toEqual([]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('shows typists with no identity as one “someone”, until a message comes or they go quiet', async () => {
    await open();

    // Where the typist may write under a pseudonym, the server says nothing about who it is.
    sockets[0].push('typing', { threadId: THREAD_ID, author: null });
    sockets[0].push('typing', { threadId: THREAD_ID, author: aminata });
    sockets[0].push('typing', { threadId: THREAD_ID, author: null });
    expect(sut.typers().map((t) => [t.key, t.author])).toEqual([
      ['member:user-2', aminata],
      [SOMEONE, null],
    ]);

    // A message from a typist shown by name leaves "someone"; one from anybody else ends it.
    sockets[0].push('message.created', messageView(4, { author: aminata }));
    expect(sut.typers().map((t) => t.key)).toEqual([SOMEONE]);
    sockets[0].push('typing', { threadId: THREAD_ID, author: aminata });
    sockets[0].push('message.created', messageView(5, { author: baobab }));
    expect(sut.typers().map((t) => t.key)).toEqual(['member:user-2']);

    jest.useFakeTimers();
    try {
      sockets[0].push('typing', { threadId: THREAD_ID, author: null });
      jest.advanceTimersByTime(TYPING_SHOWN_MS + 100);
      expect(sut.typers()).toEqual([]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('follows a lock from the room, and reads the thread again for what the reader may now do', async () => {
    await open();

    sockets[0].push('thread.updated', { id: THREAD_ID, locked: true, title: threadView().title, visibility: 'public', lastSeq: 4 });
    expect(sut.thread()?.locked).toBe(true);
    expect(sut.thread()?.canPost).toBe(false);
    http.expectOne(`/api/threads/${THREAD_ID}`).flush(threadView({ locked: true, canPost: false }));
  });

  it('reads the thread again as the new person after a sign-in (the session is often restored after the page opened)', async () => {
    await open();

    TestBed.inject(AuthService).start(loginResponse(secretariatMe()));
    TestBed.tick();
    await settle();
    http.expectOne(`/api/threads/${THREAD_ID}`).flush(threadView());
    http.expectOne((r) => r.url === `/api/threads/${THREAD_ID}/messages`).flush(messagePage([messageView(1, { openFlags: 2 })]));
    await settle();

    expect(sut.moderates()).toBe(true);
    expect(sut.messages()[0].openFlags).toBe(2);
  });

  it('says why when the thread cannot be read', async () => {
    sut.open(THREAD_ID);
    TestBed.tick();
    await settle();
    http.expectOne(`/api/threads/${THREAD_ID}`).flush({ statusCode: 403, message: 'no' }, { status: 403, statusText: 'Forbidden' });
    // forkJoin gave up on the page at once.
    expect(http.expectOne((r) => r.url.endsWith('/messages')).cancelled).toBe(true);
    await settle();

    expect(sut.thread()).toBeNull();
    expect(sut.error()).toBeDefined();
  });
  describe('read marks (the discussions list’s unread counts)', () => {
    const setVisibility = (state: DocumentVisibilityState) => {
      Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    };
    afterEach(() => setVisibility('visible'));

    it('reports the thread read up to its newest message as it opens', async () => {
      await open();

      expect(answerReadMarks(http)).toEqual([3]);
    });

    it('marks messages arriving while it is open read after a pause: one mark for a burst', async () => {
      await open();
      answerReadMarks(http);

      sockets[0].push('message.created', messageView(4, { seq: 4 }));
      sockets[0].push('message.created', messageView(5, { seq: 5 }));
      await settle();
      expect(answerReadMarks(http)).toEqual([]);
      await settle(READ_MARK_DELAY_MS + 50);
      expect(answerReadMarks(http)).toEqual([5]);
      // A late copy of an older message moves nothing back.
      sockets[0].push('message.updated', messageView(2, { seq: 6, body: 'edited' }));
      await settle(READ_MARK_DELAY_MS + 50);
      expect(answerReadMarks(http)).toEqual([]);
    });

    it('marks one’s own message read as it is posted', async () => {
      await open();
      answerReadMarks(http);

      const posting = sut.post({ body: 'Mine' });
      await settle();
      http.expectOne(`/api/threads/${THREAD_ID}/messages`).flush(messageView(4, { mine: true }));
      await posting;
      await settle(READ_MARK_DELAY_MS + 50);

      expect(answerReadMarks(http)).toEqual([4]);
    });

    it('marks nothing read while the tab is hidden, and what arrived once it shows again', async () => {
      await open();
      answerReadMarks(http);
      setVisibility('hidden');

      sockets[0].push('message.created', messageView(4, { seq: 4 }));
      await settle(READ_MARK_DELAY_MS + 50);
      expect(answerReadMarks(http)).toEqual([]);

      setVisibility('visible');
      await settle();
      expect(answerReadMarks(http)).toEqual([4]);
    });

    it('keeps no marks for an account that acts as the public (pending)', async () => {
      TestBed.inject(AuthService).start(loginResponse(meView({ status: 'pending' })));
      await open();
      sockets[0].push('message.created', messageView(4, { seq: 4 }));
      await settle(READ_MARK_DELAY_MS + 50);

      expect(answerReadMarks(http)).toEqual([]);
    });
  });
});
