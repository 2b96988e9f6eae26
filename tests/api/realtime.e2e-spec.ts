import { Logger } from '@nestjs/common';
import type { Ack } from '@suivi/contracts';
import { io, type Socket } from 'socket.io-client';

import { eventually } from './support/sockets';
import { bearer, bindFixture, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

describe('real-time gateway: handshake, rooms and live account changes', () => {
  let t: TestApp;
  let url: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    await t.running.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.running.app.getHttpServer().address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) {
      s.disconnect();
    }
  });
  afterAll(() => t?.close());

  function connect(session?: Session | { token: string }): Promise<Socket> {
    const socket = io(url, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: session ? { token: session.token } : {},
      reconnection: false,
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => reject(error));
    });
  }
  const subscribe = (socket: Socket, room: string) => socket.emitWithAck('subscribe', { room }) as Promise<Ack>;

  async function thread(visibility: string): Promise<string> {
    const [row] = await t.adminDb.query(`INSERT INTO threads (visibility, title_en) VALUES ($1, 'test') RETURNING id`, [visibility]);
    await bindFixture(t, [{ type: 'thread', id: row.id }]);
    return row.id;
  }

  it('lets anyone listen to public rooms, and refuses malformed or unknown ones', async () => {
    const socket = await connect();
    const [commitment] = await t.db.query('SELECT id FROM commitments LIMIT 1');
    expect(await subscribe(socket, 'dashboard')).toEqual({ ok: true });
    expect(await subscribe(socket, `commitment:${commitment.id}`)).toEqual({ ok: true });
    expect(await subscribe(socket, 'commitment:00000000-0000-4000-8000-000000000000')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not found/),
    });
    expect(await subscribe(socket, 'everything')).toMatchObject({ ok: false, error: expect.stringMatching(/^room/) });
  });

  it('answers a room id that is not a UUID with an error, before any query, and logs no query parameters (review finding 16)', async () => {
    const civil = await signIn(t, 'civil@suivi.demo');
    const socket = await connect(civil);
    const logged: unknown[] = [];
    const spies = (['error', 'warn', 'log', 'debug', 'verbose', 'fatal'] as const).map((level) =>
      jest.spyOn(Logger.prototype, level).mockImplementation(function (this: Logger, ...args: unknown[]) {
        logged.push(args);
      }),
    );
    const staticSpies = (['error', 'warn'] as const).map((level) =>
      jest.spyOn(Logger, level).mockImplementation((...args: unknown[]) => void logged.push(args)),
    );
    const queries = jest.spyOn(t.db, 'query');
    try {
      const ids = ['-'.repeat(36), 'a'.repeat(36), '0-'.repeat(18)];
      for (const room of [`thread:${ids[0]}`, `commitment:${ids[1]}`, `dialogue:${ids[2]}`]) {
        const ack = (await socket.timeout(3000).emitWithAck('subscribe', { room })) as Ack;
        expect(ack).toMatchObject({ ok: false, error: expect.stringMatching(/^room/) });
      }
      const reached = queries.mock.calls.filter(([, parameters]) => ids.some((id) => JSON.stringify(parameters ?? []).includes(id)));
      expect(reached).toEqual([]);
      const text = JSON.stringify(logged, (_key, value: unknown) =>
        value instanceof Error ? { ...value, message: value.message } : value,
      );
      expect(text).not.toContain('parameters');
      expect(text).not.toContain(civil.userId);
      expect(socket.connected).toBe(true);
    } finally {
      [...spies, ...staticSpies, queries].forEach((spy) => spy.mockRestore());
    }
  });

  it('announces the new count to those who stay when someone disconnects (review finding 19)', async () => {
    const [dialogue] = await t.db.query('SELECT id FROM dialogues LIMIT 1');
    const room = `dialogue:${dialogue.id}`;
    const watcher = await connect();
    const counts: number[] = [];
    watcher.on('presence', (p: { room: string; count: number }) => p.room === room && counts.push(p.count));
    await subscribe(watcher, room);
    const leaving = await connect();
    await subscribe(leaving, room);
    await eventually(() => expect(counts.at(-1)).toBe(2));
    leaving.disconnect();
    await eventually(() => expect(counts.at(-1)).toBe(1));
  });

  it('keeps a person’s sockets through an account update that changes nothing, and records none (review finding 19)', async () => {
    const secretariat = await signIn(t, 'secretariat@suivi.demo');
    const partner = await signIn(t, 'partner@suivi.demo');
    const socket = await connect(partner);
    let reason: string | null = null;
    socket.once('disconnect', (why) => (reason = why));
    const [{ n: before }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1`, [partner.userId]);
    const res = await t
      .http()
      .patch(`/api/users/${partner.userId}`)
      .set(bearer(secretariat))
      .send({ role: 'member', reason: 'nothing to change' })
      .expect(200);
    expect(res.body).toMatchObject({ id: partner.userId, role: 'member', status: 'active' });
    // A disconnection is sent before the answer to the update: a round trip after it would not come back.
    expect(await socket.timeout(3000).emitWithAck('subscribe', { room: 'dashboard' })).toEqual({ ok: true });
    expect({ reason, connected: socket.connected }).toEqual({ reason: null, connected: true });
    const [{ n: after }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1`, [partner.userId]);
    expect(after).toBe(before);
  });

  it('refuses a bad token at the handshake', async () => {
    await expect(connect({ token: 'not-a-token' })).rejects.toThrow(/unauthorized/);
  });

  it('checks thread rooms with the same rules as REST: secretariat-only and civil-society safe spaces', async () => {
    const secretariatOnly = await thread('secretariat');
    const safeSpace = await thread('group:civil_society');
    const anonymous = await connect();
    const civil = await connect(await signIn(t, 'civil@suivi.demo'));
    const justice = await connect(await signIn(t, 'justice@suivi.demo'));
    const secretariat = await connect(await signIn(t, 'secretariat@suivi.demo'));
    expect(await subscribe(anonymous, `thread:${secretariatOnly}`)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^unauthorized/),
    });
    expect(await subscribe(civil, `thread:${secretariatOnly}`)).toMatchObject({ ok: false, error: expect.stringMatching(/^forbidden/) });
    expect(await subscribe(secretariat, `thread:${secretariatOnly}`)).toEqual({ ok: true });
    expect(await subscribe(civil, `thread:${safeSpace}`)).toEqual({ ok: true });
    expect(await subscribe(justice, `thread:${safeSpace}`)).toMatchObject({ ok: false });
    expect(await subscribe(anonymous, `thread:${safeSpace}`)).toMatchObject({ ok: false });
    expect(await subscribe(secretariat, `thread:${safeSpace}`)).toEqual({ ok: true });
  });

  it('counts who is in a room', async () => {
    const [dialogue] = await t.db.query('SELECT id FROM dialogues LIMIT 1');
    const room = `dialogue:${dialogue.id}`;
    const first = await connect();
    const counts: number[] = [];
    first.on('presence', (p: { room: string; count: number }) => p.room === room && counts.push(p.count));
    await subscribe(first, room);
    const second = await connect();
    await subscribe(second, room);
    await eventually(() => expect(counts.at(-1)).toBe(2));
  });

  it('counts people, not connections: one person in two tabs is one', async () => {
    const [dialogue] = await t.db.query('SELECT id FROM dialogues LIMIT 1 OFFSET 0');
    const room = `dialogue:${dialogue.id}`;
    const partner = await signIn(t, 'partner@suivi.demo');
    const watcher = await connect();
    const counts: number[] = [];
    watcher.on('presence', (p: { room: string; count: number }) => p.room === room && counts.push(p.count));
    await subscribe(watcher, room);
    await subscribe(await connect(partner), room);
    await subscribe(await connect(partner), room);
    await eventually(() => expect(counts.at(-1)).toBe(2));
  });

  it('disconnects a person’s sockets at once when the account is suspended', async () => {
    const secretariat = await signIn(t, 'secretariat@suivi.demo');
    const observer = await signIn(t, 'observer@suivi.demo');
    const socket = await connect(observer);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    await t.http().post(`/api/users/${observer.userId}/suspend`).set(bearer(secretariat)).send({ reason: 'live test' }).expect(200);
    expect(await Promise.race([disconnected, new Promise((resolve) => setTimeout(() => resolve('still connected'), 2000))])).toBe(
      'io server disconnect',
    );
    await t.http().post(`/api/users/${observer.userId}/reinstate`).set(bearer(secretariat)).send({ reason: 'live test over' }).expect(200);
  });
});
