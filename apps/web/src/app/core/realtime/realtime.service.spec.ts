import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { ReportView } from '@suivi/contracts';
import { loginResponse, meView, secretariatMe, settle } from '../../../testing/accounts';
import { type FakeSocket, fakeSockets } from '../../../testing/realtime';
import { AuthService } from '../auth/auth.service';
import { RealtimeService, SOCKET_FACTORY } from './realtime.service';

describe(RealtimeService.name, () => {
  let sut: RealtimeService;
  let sockets: FakeSocket[];
  let auth: AuthService;

  beforeEach(() => {
    localStorage.clear();
    const fake = fakeSockets();
    sockets = fake.sockets;
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), fake.provider] });
    auth = TestBed.inject(AuthService);
    sut = TestBed.inject(RealtimeService);
  });

  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('loads and connects only once someone listens', async () => {
    await settle();
    expect(sockets).toHaveLength(0);
    expect(sut.state()).toBe('idle');

    const sub = sut.listen('report.created', 'commitment:c1').subscribe();
    await settle();

    expect(sockets).toHaveLength(1);
    expect(sockets[0].options.path).toBe('/socket.io');
    expect(sockets[0].options.transports).toEqual(['websocket', 'polling']);
    expect(sut.state()).toBe('connecting');
    sub.unsubscribe();
  });

  it('joins a room once for all its listeners, leaves it with the last, and routes events', async () => {
    const received: ReportView[] = [];
    const first = sut.listen('report.created', 'commitment:c1').subscribe((r) => received.push(r));
    const second = sut.listen('commitment.updated', 'commitment:c1').subscribe();
    await settle();
    sockets[0].accept();

    expect(sut.state()).toBe('live');
    expect(sockets[0].subscriptions()).toEqual(['commitment:c1']);

    sockets[0].push('report.created', { id: 'r1' });
    sockets[0].push('presence', { room: 'commitment:c1', count: 2 });
    expect(received.map((r) => r.id)).toEqual(['r1']);

    first.unsubscribe();
    expect(sockets[0].subscriptions('unsubscribe')).toEqual([]);
    second.unsubscribe();
    expect(sockets[0].subscriptions('unsubscribe')).toEqual(['commitment:c1']);
  });

  it('joins a room asked for while already connected at once', async () => {
    const a = sut.listen('report.created', 'commitment:c1').subscribe();
    await settle();
    sockets[0].accept();
    const b = sut.listen('report.created', 'commitment:c2').subscribe();

    expect(sockets[0].subscriptions()).toEqual(['commitment:c1', 'commitment:c2']);
    a.unsubscribe();
    b.unsubscribe();
  });

  it('joins its rooms again after a reconnection, and not the ones it left', async () => {
    const a = sut.listen('report.created', 'commitment:c1').subscribe();
    const b = sut.listen('commitment.updated', 'dashboard').subscribe();
    await settle();
    sockets[0].accept();
    b.unsubscribe();

    sockets[0].drop();
    expect(sut.state()).toBe('offline');
    sockets[0].accept();

    expect(sockets[0].subscriptions()).toEqual(['commitment:c1', 'dashboard', 'commitment:c1']);
    expect(sut.state()).toBe('live');
    a.unsubscribe();
  });

  it('connects with the access token, and again with the new one when the session changes', async () => {
    auth.start(loginResponse(meView(), 'token-justice'));
    const sub = sut.listen('notification').subscribe();
    await settle();
    sockets[0].accept();
    expect(sockets[0].connects).toEqual([{ token: 'token-justice' }]);

    auth.start(loginResponse(secretariatMe(), 'token-secretariat'));
    TestBed.tick();

    expect(sockets[0].connects).toEqual([{ token: 'token-justice' }, { token: 'token-secretariat' }]);
    sub.unsubscribe();
  });

  it('reconnects without a token after signing out', async () => {
    auth.start(loginResponse(meView(), 'token-1'));
    const sub = sut.listen('report.created', 'commitment:c1').subscribe();
    await settle();
    sockets[0].accept();

    const signOut = auth.signOut().subscribe();
    TestBed.inject(HttpTestingController).expectOne('/api/auth/logout').flush(null);
    TestBed.tick();

    expect(sockets[0].connects).toEqual([{ token: 'token-1' }, {}]);
    sockets[0].accept();
    expect(sockets[0].subscriptions()).toEqual(['commitment:c1', 'commitment:c1']);
    signOut.unsubscribe();
    sub.unsubscribe();
  });

  it('renews a refused token once and reconnects with the new one', async () => {
    auth.start(loginResponse(meView(), 'expired'));
    const sub = sut.listen('notification').subscribe();
    await settle();

    sockets[0].refuse('unauthorized');
    TestBed.inject(HttpTestingController).expectOne('/api/auth/refresh').flush(loginResponse(meView(), 'renewed'));
    await settle();

    expect(sockets[0].connects).toEqual([{ token: 'expired' }, { token: 'renewed' }]);

    // Refused again: not a loop of renewals, but the public connection.
    sockets[0].refuse('unauthorized');
    await settle();
    expect(sockets[0].connects.at(-1)).toEqual({});
    sub.unsubscribe();
  });

  it('keeps its token and tries again later when the server cannot check it', async () => {
    auth.start(loginResponse(meView(), 'token-1'));
    const sub = sut.listen('notification').subscribe();
    await settle();
    jest.useFakeTimers();
    try {
      sockets[0].refuse('unavailable');
      expect(sockets[0].connects).toEqual([{ token: 'token-1' }]);
      jest.advanceTimersByTime(1000);
      expect(sockets[0].connects).toEqual([{ token: 'token-1' }, { token: 'token-1' }]);
      // Still down: the next try waits twice as long.
      sockets[0].refuse('unavailable');
      jest.advanceTimersByTime(1000);
      expect(sockets[0].connects).toHaveLength(2);
      jest.advanceTimersByTime(1000);
      expect(sockets[0].connects).toEqual([{ token: 'token-1' }, { token: 'token-1' }, { token: 'token-1' }]);
      sockets[0].accept();
      expect(sut.state()).toBe('live');
    } finally {
      jest.useRealTimers();
    }
    // No renewal was asked for (verified in afterEach): the token was never in doubt.
    sub.unsubscribe();
  });

  it('tries again with the next listener when the client code could not load', async () => {
    TestBed.resetTestingModule();
    const fake = fakeSockets();
    let attempts = 0;
    const load = fake.provider as { useValue: () => Promise<unknown> };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: SOCKET_FACTORY, useValue: () => (++attempts === 1 ? Promise.reject(new Error('offline')) : load.useValue()) },
      ],
    });
    const realtime = TestBed.inject(RealtimeService);

    const first = realtime.listen('notification').subscribe();
    await settle();
    expect(realtime.state()).toBe('offline');

    const second = realtime.listen('notification').subscribe();
    await settle();
    expect(attempts).toBe(2);
    expect(fake.sockets).toHaveLength(1);
    first.unsubscribe();
    second.unsubscribe();
  });

  it('comes back when the server ends the connection (an account change)', async () => {
    const sub = sut.listen('notification').subscribe();
    await settle();
    sockets[0].accept();
    const before = sockets[0].connects.length;

    sockets[0].serverDisconnect();

    expect(sockets[0].connects.length).toBe(before + 1);
    sub.unsubscribe();
  });

  it('asks a thread room for what changed after the last seq seen, on the first join and on every rejoin', async () => {
    let seen: number | null = null;
    const sub = sut.listen('message.created', 'thread:t1', { since: () => seen }).subscribe();
    await settle();
    sockets[0].accept();
    seen = 41;
    sockets[0].drop();
    sockets[0].accept();

    const requests = sockets[0].emitted.filter((e) => e.event === 'subscribe').map((e) => e.args[0]);
    expect(requests).toEqual([{ room: 'thread:t1' }, { room: 'thread:t1', since: 41 }]);
    sub.unsubscribe();
  });

  it('tells the listener to read afresh when more changed than the server replays', async () => {
    let truncated = 0;
    const sub = sut.listen('message.created', 'thread:t1', { since: () => 7, onTruncated: () => truncated++ }).subscribe();
    await settle();
    sockets[0].subscribeAck = (request) => ((request as { since?: number }).since ? { ok: true, truncated: true } : { ok: true });
    sockets[0].accept();
    expect(truncated).toBe(1);
    sub.unsubscribe();
    // Left: a later join of the room by someone else does not call it.
    const other = sut.listen('message.created', 'thread:t1', { since: () => 7 }).subscribe();
    expect(truncated).toBe(1);
    other.unsubscribe();
  });

  it('sends typing only while connected: a stale one after a reconnection would mislead', async () => {
    const sub = sut.listen('typing', 'thread:t1').subscribe();
    await settle();
    sut.send('typing', { threadId: 't0' });
    sockets[0].accept();
    sut.send('typing', { threadId: 't1' });

    expect(sockets[0].emitted.filter((e) => e.event === 'typing').map((e) => e.args[0])).toEqual([{ threadId: 't1' }]);
    sub.unsubscribe();
  });
});
