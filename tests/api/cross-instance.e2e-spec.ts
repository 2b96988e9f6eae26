import { randomBytes } from 'node:crypto';

import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  type DialogueView,
  type MessageView,
  type RoundView,
  type ThreadView,
} from '@suivi/contracts';
import { io, type Socket } from 'socket.io-client';
import request from 'supertest';

import { TEST_HOLD_HEADER } from '../../apps/api/src/idempotency/idempotency.interceptor';
import { scratchDatabase, startApiProcess, type ApiProcess } from './support/api-process';
import { eventually, record } from './support/sockets';
import { adminQuery, DEMO_PASSWORD } from './support/test-app';

// Two API processes on one PostgreSQL database and one Redis, as the compose file runs them: a
// message posted through one reaches sockets connected to the other (the socket.io Redis
// adapter). Only meaningful on real servers, so CI's second pass runs it.
const withServers = process.env['DATABASE_URL'] && process.env['REDIS_URL'] ? describe : describe.skip;

withServers('two API processes sharing PostgreSQL and Redis', () => {
  let database: { url: string; drop(): Promise<void> };
  const apis: ApiProcess[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    database = await scratchDatabase(process.env['DATABASE_URL'] ?? '', 'instances');
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: process.env['REDIS_URL'] ?? '',
      REDIS_PREFIX: `instances-${process.pid}:`,
      // Shared secrets, as every instance of a deployment has: a token from one is good on the other.
      JWT_SECRET: randomBytes(32).toString('hex'),
      PSEUDONYM_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      // For the test-only hold after an idempotency key's row (honoured under NODE_ENV=test only).
      NODE_ENV: 'test',
      // Both processes tick every second, so their ticks meet on the rounds (issue 20).
      ROUND_TICK_EVERY: '1',
    };
    // One after the other: the first migrates and loads the demo data.
    apis.push(await startApiProcess(env));
    apis.push(await startApiProcess(env));
  }, 180_000);
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    // Both stopped, then one verification of the database they shared.
    await Promise.all(apis.slice(1).map((a) => a.stop({ verifyRecord: false })));
    await apis[0]?.stop();
    await database?.drop();
  });

  const signIn = async (api: ApiProcess, email: string) =>
    (await request(api.baseUrl).post('/api/auth/login').send({ email, password: DEMO_PASSWORD }).expect(200)).body.accessToken as string;
  const connect = async (api: ApiProcess, token?: string) => {
    const socket = io(api.baseUrl, { path: '/socket.io', transports: ['websocket'], auth: token ? { token } : {}, reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  };

  it('delivers a message posted through one process to sockets on the other, both ways', async () => {
    const [a, b] = apis;
    const commitments = (await request(a.baseUrl).get('/api/commitments?pageSize=1').expect(200)).body.items as Array<{ id: string }>;
    const [thread] = (await request(b.baseUrl).get(`/api/threads?subjectType=commitment&subjectId=${commitments[0].id}`).expect(200))
      .body as ThreadView[];
    const onA = await connect(a);
    const onB = await connect(b, await signIn(b, 'partner@suivi.demo'));
    const seenOnA = record(onA, 'message.created', 'presence');
    const seenOnB = record(onB, 'message.created', 'typing');
    expect(await onA.emitWithAck('subscribe', { room: `thread:${thread.id}` })).toEqual({ ok: true });
    expect(await onB.emitWithAck('subscribe', { room: `thread:${thread.id}` })).toEqual({ ok: true });
    // Presence counts the sockets of both processes.
    await eventually(() =>
      expect(seenOnA.filter((e) => e.event === 'presence').map((e) => (e.payload as { count: number }).count)).toContain(2),
    );

    const justice = await signIn(a, 'justice@suivi.demo');
    const viaA = (
      await request(a.baseUrl)
        .post(`/api/threads/${thread.id}/messages`)
        .set('Authorization', `Bearer ${justice}`)
        .send({ body: 'via A' })
        .expect(201)
    ).body as MessageView;
    await eventually(() => expect(seenOnB.map((e) => (e.payload as MessageView).id)).toContain(viaA.id));

    const civilOnB = await signIn(b, 'civil@suivi.demo');
    const viaB = (
      await request(b.baseUrl)
        .post(`/api/threads/${thread.id}/messages`)
        .set('Authorization', `Bearer ${civilOnB}`)
        .send({ body: 'via B', pseudonymous: true })
        .expect(201)
    ).body as MessageView;
    await eventually(() =>
      expect(seenOnA.filter((e) => e.event === 'message.created').map((e) => (e.payload as MessageView).id)).toEqual([viaA.id, viaB.id]),
    );
    // The same pseudonym whichever process computed it: the key is the deployment's.
    const onceMore = (
      await request(a.baseUrl)
        .post(`/api/threads/${thread.id}/messages`)
        .set('Authorization', `Bearer ${await signIn(a, 'civil@suivi.demo')}`)
        .send({ body: 'via A again', pseudonymous: true })
        .expect(201)
    ).body as MessageView;
    expect(onceMore.author).toEqual(viaB.author);
  });

  it('creates one message from two copies of a POST under one key, one through each process, and both answer it (issue 14)', async () => {
    const [a, b] = apis;
    const commitments = (await request(a.baseUrl).get('/api/commitments?pageSize=1').expect(200)).body.items as Array<{ id: string }>;
    const [thread] = (await request(a.baseUrl).get(`/api/threads?subjectType=commitment&subjectId=${commitments[0].id}`).expect(200))
      .body as ThreadView[];
    const [onA, onB] = [await signIn(a, 'justice@suivi.demo'), await signIn(b, 'justice@suivi.demo')];
    const key = randomBytes(16).toString('hex');
    const body = { body: 'Envoyé deux fois, par deux chemins.' };
    const send = (api: ApiProcess, token: string, hold?: number) => {
      const req = request(api.baseUrl)
        .post(`/api/threads/${thread.id}/messages`)
        .set('Authorization', `Bearer ${token}`)
        .set(IDEMPOTENCY_KEY_HEADER, key);
      return (hold ? req.set(TEST_HOLD_HEADER, String(hold)) : req).send(body);
    };
    // A holds its transaction open after its key row; B's copy arrives meanwhile and waits on it.
    let answeredOnA = 0;
    const first = send(a, onA, 1500).then((res) => {
      answeredOnA = Date.now();
      return res;
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const sentOnB = Date.now();
    const second = await send(b, onB);
    const firstRes = await first;
    expect(sentOnB).toBeLessThan(answeredOnA);
    expect([firstRes.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(firstRes.body.id);
    expect(second.headers[IDEMPOTENT_REPLAYED_HEADER.toLowerCase()]).toBe('true');
    const page = (await request(b.baseUrl).get(`/api/threads/${thread.id}/messages`).expect(200)).body as {
      items: MessageView[];
    };
    expect(page.items.filter((m) => m.body === body.body)).toHaveLength(1);
  });

  it('makes sockets on the other process leave a participants thread once their organisation leaves the dialogue (issue 13)', async () => {
    const [a, b] = apis;
    const secretariat = await signIn(a, 'secretariat@suivi.demo');
    const justice = await signIn(b, 'justice@suivi.demo');
    const civil = await signIn(b, 'civil@suivi.demo');
    const orgOf = async (token: string) =>
      (await request(b.baseUrl).get('/api/me').set('Authorization', `Bearer ${token}`).expect(200)).body.organization.id as string;
    const [justiceOrg, civilOrg] = [await orgOf(justice), await orgOf(civil)];
    const setParticipants = async (dialogueId: string, ids: string[]) => {
      const current = (await request(a.baseUrl).get(`/api/dialogues/${dialogueId}`).expect(200)).body as DialogueView;
      await request(a.baseUrl)
        .patch(`/api/dialogues/${dialogueId}`)
        .set('Authorization', `Bearer ${secretariat}`)
        .send({ version: current.version, participantIds: ids })
        .expect(200);
    };
    const dialogue = (await request(a.baseUrl).get('/api/dialogues').expect(200)).body[0] as DialogueView;
    const others = dialogue.organizations.map((o) => o.id).filter((id) => id !== justiceOrg && id !== civilOrg);
    await setParticipants(dialogue.id, [...others, justiceOrg, civilOrg]);
    const thread = (
      await request(a.baseUrl)
        .post('/api/threads')
        .set('Authorization', `Bearer ${secretariat}`)
        .send({ title: { en: 'Among participants' }, visibility: 'participants', dialogueId: dialogue.id })
        .expect(201)
    ).body as ThreadView;
    // Both on B: the change is committed on A.
    const leaving = await connect(b, justice);
    const staying = await connect(b, civil);
    for (const socket of [leaving, staying]) {
      expect(await socket.emitWithAck('subscribe', { room: `thread:${thread.id}` })).toEqual({ ok: true });
    }
    const heardLeaving = record(leaving, 'message.created', 'message.updated');
    const heardStaying = record(staying, 'message.created', 'message.updated');

    await setParticipants(dialogue.id, [...others, civilOrg]);
    const posted = (
      await request(a.baseUrl)
        .post(`/api/threads/${thread.id}/messages`)
        .set('Authorization', `Bearer ${secretariat}`)
        .send({ body: 'the list of witnesses' })
        .expect(201)
    ).body as MessageView;
    await eventually(() => expect(heardStaying.map((e) => (e.payload as MessageView).id)).toContain(posted.id));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heardLeaving).toEqual([]);
    expect(await leaving.emitWithAck('subscribe', { room: `thread:${thread.id}` })).toMatchObject({ ok: false });
  });

  it('once an account’s organisation, status or role changes on one process, its sockets on the other hear nothing more from the rooms it lost (issue 17)', async () => {
    const [a, b] = apis;
    const secretariat = await signIn(a, 'secretariat@suivi.demo');
    const as = (token: string) => ({ Authorization: `Bearer ${token}` });
    const me = async (token: string) => (await request(b.baseUrl).get('/api/me').set(as(token)).expect(200)).body as { id: string };
    const orgs = (await request(a.baseUrl).get('/api/organizations').expect(200)).body as Array<{
      id: string;
      group: string;
      acronym: string | null;
    }>;
    const ofGroup = (group: string) => orgs.find((o) => o.group === group)?.id as string;
    const newThread = async (visibility: string, extra: Record<string, unknown> = {}) =>
      (
        (
          await request(a.baseUrl)
            .post('/api/threads')
            .set(as(secretariat))
            .send({ title: { en: visibility }, visibility, ...extra })
            .expect(201)
        ).body as ThreadView
      ).id;
    const updateUser = (id: string, body: Record<string, unknown>) =>
      request(a.baseUrl)
        .patch(`/api/users/${id}`)
        .set(as(secretariat))
        .send({ reason: 'regression test', ...body })
        .expect(200);

    const civil = await signIn(b, 'civil@suivi.demo');
    const observer = await signIn(b, 'observer@suivi.demo');
    const partner = await signIn(b, 'partner@suivi.demo');
    const [civilMe, observerMe, partnerMe] = [await me(civil), await me(observer), await me(partner)];
    // The partner joins the secretariat (organisation, then role) before the test takes the role away.
    await updateUser(partnerMe.id, { organizationId: ofGroup('secretariat') });
    await updateUser(partnerMe.id, { role: 'secretariat' });
    const partnerNow = await signIn(b, 'partner@suivi.demo');

    const cases = [
      {
        name: 'organisation',
        token: civil,
        thread: await newThread('group:civil_society'),
        change: () => updateUser(civilMe.id, { organizationId: ofGroup('government') }),
      },
      {
        name: 'status',
        token: observer,
        // Studio Tamani, the observer's organisation, is in the media group.
        thread: await newThread('group:media'),
        change: () =>
          request(a.baseUrl)
            .post(`/api/users/${observerMe.id}/suspend`)
            .set(as(secretariat))
            .send({ reason: 'regression test' })
            .expect(200),
      },
      {
        name: 'role',
        token: partnerNow,
        thread: await newThread('secretariat'),
        change: () => updateUser(partnerMe.id, { role: 'member' }),
      },
    ];
    for (const c of cases) {
      const socket = await connect(b, c.token);
      expect({ case: c.name, ack: await socket.emitWithAck('subscribe', { room: `thread:${c.thread}` }) }).toEqual({
        case: c.name,
        ack: { ok: true },
      });
      const heard = record(socket, 'message.created', 'message.updated');
      const control = await connect(b, secretariat);
      expect(await control.emitWithAck('subscribe', { room: `thread:${c.thread}` })).toEqual({ ok: true });
      const heardControl = record(control, 'message.created');

      await c.change();
      const posted = (
        await request(a.baseUrl)
          .post(`/api/threads/${c.thread}/messages`)
          .set(as(secretariat))
          .send({ body: `after the ${c.name} change` })
          .expect(201)
      ).body as MessageView;
      await eventually(() => expect(heardControl.map((e) => (e.payload as MessageView).id)).toContain(posted.id));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect({ case: c.name, heard }).toEqual({ case: c.name, heard: [] });
    }
  });

  it('opens a planned round once and closes it once, as system, with both processes ticking every second (issue 20)', async () => {
    const [a, b] = apis;
    const secretariat = await signIn(a, 'secretariat@suivi.demo');
    const [dialogue] = (await request(b.baseUrl).get('/api/dialogues').expect(200)).body as DialogueView[];
    const day = (offset: number) => new Date(Date.now() + offset * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const round = (
      await request(a.baseUrl)
        .post(`/api/dialogues/${dialogue.id}/rounds`)
        .set('Authorization', `Bearer ${secretariat}`)
        .send({ title: { en: 'Ticked round' }, opensOn: day(3), dueOn: day(5), closesOn: day(7), inviteAssessments: true })
        .expect(201)
    ).body as RoundView;
    expect(round.state).toBe('planned');
    // The one clock, moved for both processes through the database (apps/api/src/clock/clock.ts).
    const moveClock = (days: number) =>
      adminQuery(
        database.url,
        `INSERT INTO app_settings (key, value) VALUES ('test.clock_offset_ms', to_jsonb(${days * 24 * 3600 * 1000}::bigint))
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
      );
    const state = async () => ((await request(b.baseUrl).get(`/api/rounds/${round.id}`).expect(200)).body as RoundView).state;
    const reach = async (wanted: string) => {
      for (let i = 0; i < 60 && (await state()) !== wanted; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(await state()).toBe(wanted);
    };
    try {
      await moveClock(3);
      await reach('open');
      await moveClock(8);
      await reach('closed');
      // A few more ticks on both: nothing more happens.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const events = (await request(a.baseUrl).get(`/api/rounds/${round.id}`).expect(200)).body as RoundView;
      expect(events).toMatchObject({ state: 'closed', closedBy: 'system' });
      const { Client } = await import('pg');
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query(
          `SELECT action, actor, count(*)::int AS n FROM audit_events WHERE entity_id = $1 GROUP BY action, actor ORDER BY action`,
          [round.id],
        );
        expect(rows).toEqual([
          { action: 'round.closed', actor: 'system', n: 1 },
          { action: 'round.created', actor: expect.stringMatching(/^user:/), n: 1 },
          { action: 'round.opened', actor: 'system', n: 1 },
        ]);
      } finally {
        await client.end();
      }
    } finally {
      await moveClock(0);
    }
  });
});
