import {
  REPLAY_MAX,
  type FlagCreatedEvent,
  type FlagResolvedEvent,
  type MessagePage,
  type MessageView,
  type ModerationQueuePage,
  type NotificationView,
  type Page,
  type RestrictionView,
  type SanctionEntry,
  type SanctionView,
  type ThreadView,
} from '@suivi/contracts';

import { OpenDataService } from '../../apps/api/src/exports/open-data.service';
import { eventually, listen, record, SocketPool, subscribe } from './support/sockets';
import { bearer, bindFixture, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

describe('discussion: threads, messages, replay and moderation', () => {
  let t: TestApp;
  let url = '';
  const pool = new SocketPool(() => url);
  let justice: Session;
  let civil: Session;
  let partner: Session;
  let observer: Session;
  let secretariat: Session;
  let commitmentThread: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { MESSAGES_PER_MINUTE: '1000' } });
    url = await listen(t);
    [justice, civil, partner, observer, secretariat] = await Promise.all(
      ['justice', 'civil', 'partner', 'observer', 'secretariat'].map((n) => signIn(t, `${n}@suivi.demo`)),
    );
    const [commitment] = await t.db.query(
      `SELECT c.id FROM commitments c JOIN organizations o ON o.id = c.owner_id WHERE o.acronym = 'MJDH' ORDER BY c.created_at LIMIT 1`,
    );
    const threads = (await t.http().get(`/api/threads?subjectType=commitment&subjectId=${commitment.id}`).expect(200)).body as ThreadView[];
    commitmentThread = threads[0].id;
  });
  afterEach(() => pool.closeAll());
  afterAll(() => t?.close());

  const post = (session: Session, threadId: string, body: object) =>
    t.http().post(`/api/threads/${threadId}/messages`).set(bearer(session)).send(body);
  const messages = (threadId: string, session?: Session, query = '') => {
    const req = t.http().get(`/api/threads/${threadId}/messages${query}`);
    return session ? req.set(bearer(session)) : req;
  };
  async function newThread(visibility: string, extra: object = {}): Promise<string> {
    const res = await t
      .http()
      .post('/api/threads')
      .set(bearer(secretariat))
      .send({ title: { en: `A ${visibility} thread`, fr: `Un fil ${visibility}` }, visibility, ...extra })
      .expect(201);
    return (res.body as ThreadView).id;
  }

  it('gives every commitment a public thread that anyone reads and members post in', async () => {
    const thread = (await t.http().get(`/api/threads/${commitmentThread}`).expect(200)).body as ThreadView;
    expect(thread).toMatchObject({ visibility: 'public', locked: false, canPost: false, canPostPseudonymously: false });
    expect(thread.title.en).toBeTruthy();
    const asCivil = (await t.http().get(`/api/threads/${commitmentThread}`).set(bearer(civil)).expect(200)).body as ThreadView;
    expect(asCivil).toMatchObject({ canPost: true, canPostPseudonymously: true });
    const asJustice = (await t.http().get(`/api/threads/${commitmentThread}`).set(bearer(justice)).expect(200)).body as ThreadView;
    expect(asJustice).toMatchObject({ canPost: true, canPostPseudonymously: false });

    const created = (await post(justice, commitmentThread, { body: 'The **PJS** budget line is *voted*.' }).expect(201))
      .body as MessageView;
    expect(created).toMatchObject({
      threadId: commitmentThread,
      mine: true,
      state: 'visible',
      body: 'The **PJS** budget line is *voted*.',
      author: { kind: 'member', id: justice.userId, name: expect.any(String), organization: { acronym: 'MJDH' } },
    });
    await t.http().post(`/api/threads/${commitmentThread}/messages`).send({ body: 'anonymous' }).expect(401);

    const page = (await messages(commitmentThread).expect(200)).body as MessagePage;
    const mine = page.items.find((m) => m.id === created.id);
    expect(mine).toMatchObject({ mine: false, body: created.body });
    expect(page.lastSeq).toBe(created.seq);
    const [event] = await t.db.query(`SELECT actor, action, subject FROM audit_events WHERE entity_id = $1`, [created.id]);
    expect(event).toEqual({ actor: `user:${justice.userId}`, action: 'message.created', subject: `thread:${commitmentThread}` });
  });

  it('answers bad input with a 400 naming the field', async () => {
    const cases: Array<[object, RegExp]> = [
      [{ body: '   ' }, /^body/],
      [{ body: 'x'.repeat(4001) }, /^body/],
      [{ body: 'ok', extra: 1 }, /extra/],
      [{ body: 'ok', replyToId: 'nope' }, /^replyToId/],
      [{ body: 'ok', pseudonymous: 'yes' }, /^pseudonymous/],
      [{ body: 'ok', mentions: [{ kind: 'member', id: 'x' }] }, /^mentions\.0\.id/],
      [{ body: 'ok', mentions: [{ kind: 'someone' }] }, /^mentions\.0\.kind/],
    ];
    for (const [body, field] of cases) {
      const res = await post(justice, commitmentThread, body).expect(400);
      expect([res.body.message].flat().join('\n')).toMatch(field);
    }
    const other = await newThread('public');
    const elsewhere = (await post(justice, other, { body: 'elsewhere' }).expect(201)).body as MessageView;
    const res = await post(justice, commitmentThread, { body: 'reply', replyToId: elsewhere.id }).expect(400);
    expect(res.body.message).toEqual(['replyToId must be a message of this thread']);
    await messages(commitmentThread, undefined, '?limit=0').expect(400);
    await messages(commitmentThread, undefined, '?before=1&after=1').expect(400);
    await t.http().get('/api/threads/not-a-uuid/messages').expect(400);
    await t.http().get('/api/threads/00000000-0000-4000-8000-000000000000/messages').expect(404);
  });

  it('pages back by number and catches up by seq', async () => {
    const thread = await newThread('public');
    const posted: MessageView[] = [];
    for (let i = 1; i <= 7; i++) {
      posted.push((await post(justice, thread, { body: `message ${i}` }).expect(201)).body);
    }
    const newest = (await messages(thread, undefined, '?limit=3').expect(200)).body as MessagePage;
    expect(newest.items.map((m) => m.body)).toEqual(['message 5', 'message 6', 'message 7']);
    expect(newest.hasMore).toBe(true);
    const older = (await messages(thread, undefined, `?limit=3&before=${newest.items[0].number}`).expect(200)).body as MessagePage;
    expect(older.items.map((m) => m.body)).toEqual(['message 2', 'message 3', 'message 4']);
    const oldest = (await messages(thread, undefined, `?limit=3&before=${older.items[0].number}`).expect(200)).body as MessagePage;
    expect(oldest).toMatchObject({ hasMore: false });
    expect(oldest.items.map((m) => m.body)).toEqual(['message 1']);

    await t.http().patch(`/api/messages/${posted[1].id}`).set(bearer(justice)).send({ body: 'message 2, corrected' }).expect(200);
    const changed = (await messages(thread, undefined, `?after=${posted[6].seq}`).expect(200)).body as MessagePage;
    expect(changed.items.map((m) => [m.body, m.number])).toEqual([['message 2, corrected', 2]]);
    const again = (await messages(thread, undefined, '?limit=3&before=4').expect(200)).body as MessagePage;
    expect(again.items.map((m) => m.body)).toEqual(['message 1', 'message 2, corrected', 'message 3']);
  });

  it('lets authors edit within 15 minutes and delete, leaving a tombstone', async () => {
    const thread = await newThread('public');
    const m = (await post(justice, thread, { body: 'first words' }).expect(201)).body as MessageView;
    await t.http().patch(`/api/messages/${m.id}`).set(bearer(civil)).send({ body: 'not mine' }).expect(403);
    const edited = (await t.http().patch(`/api/messages/${m.id}`).set(bearer(justice)).send({ body: 'better words' }).expect(200))
      .body as MessageView;
    expect(edited).toMatchObject({ body: 'better words', editedAt: expect.any(String) });
    expect(edited.seq).toBeGreaterThan(m.seq);

    await t.adminDb.query(`UPDATE messages SET created_at = now() - interval '16 minutes' WHERE id = $1`, [m.id]);
    const late = await t.http().patch(`/api/messages/${m.id}`).set(bearer(justice)).send({ body: 'too late' }).expect(409);
    expect(late.body.message).toMatch(/15 minutes/);

    await t.http().delete(`/api/messages/${m.id}`).set(bearer(civil)).expect(403);
    const gone = (await t.http().delete(`/api/messages/${m.id}`).set(bearer(justice)).expect(200)).body as MessageView;
    expect(gone).toMatchObject({ state: 'deleted', body: null });
    const [row] = await t.db.query('SELECT body FROM messages WHERE id = $1', [m.id]);
    expect(row.body).toBe('');
    await t.http().delete(`/api/messages/${m.id}`).set(bearer(justice)).expect(409);
    const actions = await t.db.query(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY seq`, [m.id]);
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['message.created', 'message.edited', 'message.deleted']);
  });

  it('keeps each visibility to its readers, over REST and sockets', async () => {
    const [dialogue] = await t.db.query('SELECT id FROM dialogues LIMIT 1');
    const participants = await t.db.query('SELECT organization_id FROM dialogue_participants WHERE dialogue_id = $1', [dialogue.id]);
    const [justiceOrg] = await t.db.query(`SELECT organization_id FROM users WHERE email = 'justice@suivi.demo'`);
    const [observerOrg] = await t.db.query(`SELECT organization_id FROM users WHERE email = 'observer@suivi.demo'`);
    const ids = participants.map((p: { organization_id: string }) => p.organization_id);
    // The demo dialogue: the ministry takes part, the media organisation does not.
    await t.adminDb.query('DELETE FROM dialogue_participants WHERE dialogue_id = $1 AND organization_id = $2', [
      dialogue.id,
      observerOrg.organization_id,
    ]);
    if (!ids.includes(justiceOrg.organization_id)) {
      await t.adminDb.query('INSERT INTO dialogue_participants (dialogue_id, organization_id) VALUES ($1, $2)', [
        dialogue.id,
        justiceOrg.organization_id,
      ]);
    }
    await bindFixture(t, [{ type: 'dialogue', id: dialogue.id }]);
    const participantsThread = await newThread('participants', { dialogueId: dialogue.id });
    const safeSpace = await newThread('group:civil_society');
    const secretariatOnly = await newThread('secretariat');
    await post(secretariat, participantsThread, { body: 'participants only' }).expect(201);
    await post(secretariat, safeSpace, { body: 'civil society only' }).expect(201);
    await post(secretariat, secretariatOnly, { body: 'secretariat only' }).expect(201);

    const expectations: Array<[string, Session | undefined, number]> = [
      [participantsThread, undefined, 401],
      [participantsThread, justice, 200],
      [participantsThread, observer, 403],
      [participantsThread, secretariat, 200],
      [safeSpace, undefined, 401],
      [safeSpace, civil, 200],
      [safeSpace, justice, 403],
      [safeSpace, partner, 403],
      [safeSpace, secretariat, 200],
      [secretariatOnly, civil, 403],
      [secretariatOnly, secretariat, 200],
    ];
    for (const [thread, session, status] of expectations) {
      await messages(thread, session).expect(status);
    }
    await post(observer, participantsThread, { body: 'may I?' }).expect(403);
    await post(justice, safeSpace, { body: 'may I?' }).expect(403);
    await post(civil, safeSpace, { body: 'among ourselves' }).expect(201);

    const listed = (await t.http().get('/api/threads?pageSize=100').set(bearer(justice)).expect(200)).body as Page<ThreadView>;
    const seen = new Set(listed.items.map((th) => th.id));
    expect(seen.has(participantsThread)).toBe(true);
    expect(seen.has(safeSpace)).toBe(false);
    expect(seen.has(secretariatOnly)).toBe(false);
    const anonymous = (await t.http().get('/api/threads?pageSize=100').expect(200)).body as Page<ThreadView>;
    expect(anonymous.items.every((th) => th.visibility === 'public')).toBe(true);

    const justiceSocket = await pool.connect(justice.token);
    expect(await subscribe(justiceSocket, `thread:${safeSpace}`)).toMatchObject({ ok: false, error: expect.stringMatching(/^forbidden/) });
    expect(await subscribe(justiceSocket, `thread:${participantsThread}`)).toEqual({ ok: true });
  });

  it('pushes new and changed messages to the room, and replays exactly what a client missed', async () => {
    const thread = await newThread('public');
    const first = (await post(justice, thread, { body: 'before the gap' }).expect(201)).body as MessageView;

    const live = await pool.connect(partner.token);
    const liveEvents = record(live, 'message.created', 'message.updated');
    expect(await subscribe(live, `thread:${thread}`)).toEqual({ ok: true });
    const leaving = await pool.connect(observer.token);
    expect(await subscribe(leaving, `thread:${thread}`, first.seq)).toEqual({ ok: true });
    leaving.disconnect();

    const missed: MessageView[] = [];
    missed.push((await post(justice, thread, { body: 'one' }).expect(201)).body);
    missed.push((await post(civil, thread, { body: 'two', pseudonymous: true }).expect(201)).body);
    missed.push(
      (await t.http().patch(`/api/messages/${first.id}`).set(bearer(justice)).send({ body: 'edited in the gap' }).expect(200)).body,
    );
    missed.push(
      (await t.http().post(`/api/messages/${missed[0].id}/hide`).set(bearer(secretariat)).send({ reason: 'off topic' }).expect(200)).body,
    );
    await eventually(() => expect(liveEvents).toHaveLength(4));
    expect(liveEvents.map((e) => e.event)).toEqual(['message.created', 'message.created', 'message.updated', 'message.updated']);
    const hiddenLive = liveEvents[3].payload as MessageView;
    expect(hiddenLive).toMatchObject({ state: 'hidden', body: null, hiddenReason: 'off topic', mine: false });

    const back = await pool.connect(observer.token);
    const replayed = record(back, 'message.created', 'message.updated');
    expect(await subscribe(back, `thread:${thread}`, first.seq)).toEqual({ ok: true });
    // The ack comes after the replay: everything missed has arrived, once, in seq order.
    const got = replayed.map((e) => e.payload as MessageView);
    // "one" was created then hidden: it comes once, in its latest state.
    expect(got.map((m) => m.seq)).toEqual([missed[1].seq, missed[2].seq, missed[3].seq]);
    expect(got.map((m) => m.id)).toEqual([missed[1].id, first.id, missed[0].id]);
    expect(got.map((m) => [m.body, m.state])).toEqual([
      ['two', 'visible'],
      ['edited in the gap', 'visible'],
      [null, 'hidden'],
    ]);
    expect(await subscribe(back, `thread:${thread}`, -1)).toMatchObject({ ok: false, error: expect.stringMatching(/^since/) });
  });

  it('replays at most REPLAY_MAX changes: past that it sends none and says so (the client then reads afresh)', async () => {
    const thread = await newThread('public');
    const first = (await post(justice, thread, { body: 'before a long absence' }).expect(201)).body as MessageView;
    // A busy thread while the client was away: written straight to the table, as posting this
    // many through the API would take the posting limit's minutes.
    await t.adminDb.query(
      `INSERT INTO messages (thread_id, number, seq, author_id, pseudonymous, body, mentions)
       SELECT $1, $2 + g, $3 + g, $4, false, 'busy ' || g, '[]' FROM generate_series(1, $5::int) g`,
      [thread, first.number, first.seq, justice.userId, REPLAY_MAX + 1],
    );
    await t.adminDb.query(`UPDATE threads SET last_seq = last_seq + $2, message_count = message_count + $2 WHERE id = $1`, [
      thread,
      REPLAY_MAX + 1,
    ]);
    const busy = (await t.db.query('SELECT id FROM messages WHERE thread_id = $1 AND number > $2', [thread, first.number])) as Array<{
      id: string;
    }>;
    await bindFixture(
      t,
      busy.map((m) => ({ type: 'message', id: m.id })),
    );

    const back = await pool.connect(observer.token);
    const replayed = record(back, 'message.created', 'message.updated');
    expect(await subscribe(back, `thread:${thread}`, first.seq)).toEqual({ ok: true, truncated: true });
    expect(replayed).toEqual([]);
    // Joined all the same: what comes next arrives live.
    const next = (await post(justice, thread, { body: 'after the absence' }).expect(201)).body as MessageView;
    await eventually(() => expect(replayed.map((e) => (e.payload as MessageView).id)).toEqual([next.id]));

    // Exactly REPLAY_MAX missed is still replayed.
    const again = await pool.connect(observer.token);
    const all = record(again, 'message.created');
    expect(await subscribe(again, `thread:${thread}`, next.seq - REPLAY_MAX)).toEqual({ ok: true });
    expect(all).toHaveLength(REPLAY_MAX);
    expect((all.at(-1)?.payload as MessageView).id).toBe(next.id);
  });

  it('runs the moderation flow: flag, queue with context, uphold hides, the author is told, unhide keeps the history', async () => {
    const thread = await newThread('public');
    await post(partner, thread, { body: 'context before' }).expect(201);
    const bad = (await post(justice, thread, { body: 'an insult' }).expect(201)).body as MessageView;
    await post(partner, thread, { body: 'context after' }).expect(201);

    await t.http().post(`/api/messages/${bad.id}/flags`).send({ reason: 'insulting' }).expect(401);
    await t.http().post(`/api/messages/${bad.id}/flags`).set(bearer(civil)).send({ reason: '' }).expect(400);
    const flag = (await t.http().post(`/api/messages/${bad.id}/flags`).set(bearer(civil)).send({ reason: 'insulting' }).expect(201)).body;
    await t.http().post(`/api/messages/${bad.id}/flags`).set(bearer(civil)).send({ reason: 'again' }).expect(409);
    await t.http().post(`/api/messages/${bad.id}/flags`).set(bearer(observer)).send({ reason: 'rude' }).expect(201);

    await t.http().get('/api/moderation/flags').set(bearer(civil)).expect(403);
    const queue = (await t.http().get('/api/moderation/flags').set(bearer(secretariat)).expect(200)).body;
    const item = queue.items.find((i: { flag: { id: string } }) => i.flag.id === flag.id);
    expect(item.message).toMatchObject({ id: bad.id, body: 'an insult', openFlags: 2 });
    expect(item.context.map((m: MessageView) => m.body)).toEqual(['context before', 'context after']);
    expect(item.history).toHaveLength(2);

    await t
      .http()
      .post(`/api/moderation/flags/${flag.id}/resolve`)
      .set(bearer(justice))
      .send({ decision: 'uphold', reason: 'x' })
      .expect(403);
    await t
      .http()
      .post(`/api/moderation/flags/${flag.id}/resolve`)
      .set(bearer(secretariat))
      .send({ decision: 'maybe', reason: 'x' })
      .expect(400);
    const resolved = (
      await t
        .http()
        .post(`/api/moderation/flags/${flag.id}/resolve`)
        .set(bearer(secretariat))
        .send({ decision: 'uphold', reason: 'insults are not allowed' })
        .expect(200)
    ).body;
    expect(resolved.flag.state).toBe('upheld');
    expect(resolved.history.every((f: { state: string }) => f.state === 'upheld')).toBe(true);
    expect(resolved.message.state).toBe('hidden');
    await t
      .http()
      .post(`/api/moderation/flags/${flag.id}/resolve`)
      .set(bearer(secretariat))
      .send({ decision: 'dismiss', reason: 'x' })
      .expect(409);

    const publicView = ((await messages(thread).expect(200)).body as MessagePage).items.find((m) => m.id === bad.id);
    expect(publicView).toMatchObject({ state: 'hidden', body: null, hiddenReason: 'insults are not allowed' });
    const moderatorView = ((await messages(thread, secretariat).expect(200)).body as MessagePage).items.find((m) => m.id === bad.id);
    expect(moderatorView).toMatchObject({ state: 'hidden', body: 'an insult' });
    const told = (await t.http().get('/api/notifications').set(bearer(justice)).expect(200)).body.items as NotificationView[];
    expect(told.find((n) => n.kind === 'moderation' && n.payload['messageId'] === bad.id)).toMatchObject({
      payload: { action: 'hidden', reason: 'insults are not allowed', threadId: thread },
    });

    await t.http().post(`/api/messages/${bad.id}/unhide`).set(bearer(justice)).send({ reason: 'x' }).expect(403);
    const shown = (await t.http().post(`/api/messages/${bad.id}/unhide`).set(bearer(secretariat)).send({ reason: 'on appeal' }).expect(200))
      .body as MessageView;
    expect(shown).toMatchObject({ state: 'visible', hiddenReason: null });
    const upheld = (await t.http().get('/api/moderation/flags?state=upheld').set(bearer(secretariat)).expect(200)).body;
    expect(upheld.items.some((i: { flag: { id: string } }) => i.flag.id === flag.id)).toBe(true);
    const actions = await t.db.query(`SELECT action FROM audit_events WHERE subject = $1 ORDER BY seq`, [`thread:${thread}`]);
    expect(actions.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['flag.created', 'message.hidden', 'flag.upheld', 'message.unhidden']),
    );
  });

  it('locks and unlocks threads: only the secretariat posts in a locked one', async () => {
    const thread = await newThread('public');
    const socket = await pool.connect();
    const updates = record(socket, 'thread.updated');
    await subscribe(socket, `thread:${thread}`);
    await t.http().post(`/api/threads/${thread}/lock`).set(bearer(justice)).send({ reason: 'x' }).expect(403);
    await t.http().post(`/api/threads/${thread}/lock`).set(bearer(secretariat)).send({}).expect(400);
    const locked = (await t.http().post(`/api/threads/${thread}/lock`).set(bearer(secretariat)).send({ reason: 'cooling off' }).expect(200))
      .body as ThreadView;
    expect(locked.locked).toBe(true);
    await eventually(() => expect(updates).toHaveLength(1));
    const res = await post(justice, thread, { body: 'still here' }).expect(403);
    expect(res.body.message).toMatch(/locked/);
    const asJustice = (await t.http().get(`/api/threads/${thread}`).set(bearer(justice)).expect(200)).body as ThreadView;
    expect(asJustice.canPost).toBe(false);
    await post(secretariat, thread, { body: 'The thread is locked for a day.' }).expect(201);
    await t.http().post(`/api/threads/${thread}/lock`).set(bearer(secretariat)).send({ reason: 'again' }).expect(400);
    await t.http().post(`/api/threads/${thread}/unlock`).set(bearer(secretariat)).send({ reason: 'calm again' }).expect(200);
    await post(justice, thread, { body: 'thank you' }).expect(201);
  });

  it('mutes and suspends through a message, and tells only the person', async () => {
    const thread = await newThread('public');
    const loud = (await post(partner, thread, { body: 'too loud' }).expect(201)).body as MessageView;
    await t.http().post(`/api/messages/${loud.id}/sanction`).set(bearer(civil)).send({ kind: 'warning', reason: 'x' }).expect(403);
    const cases: Array<[object, RegExp]> = [
      [{ kind: 'mute', reason: 'too loud' }, /^until/],
      [{ kind: 'mute', reason: 'too loud', until: new Date(Date.now() - 1000).toISOString() }, /^until/],
      [{ kind: 'warning', reason: 'x', until: new Date(Date.now() + 1000).toISOString() }, /^until/],
      [{ kind: 'ban', reason: 'x' }, /^kind/],
      [{ kind: 'warning' }, /^reason/],
    ];
    for (const [body, field] of cases) {
      const res = await t.http().post(`/api/messages/${loud.id}/sanction`).set(bearer(secretariat)).send(body).expect(400);
      expect([res.body.message].flat().join('\n')).toMatch(field);
    }
    await t
      .http()
      .post(`/api/messages/${loud.id}/sanction`)
      .set(bearer(secretariat))
      .send({ kind: 'warning', reason: 'keep it civil' })
      .expect(201);
    const until = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const mute = (
      await t
        .http()
        .post(`/api/messages/${loud.id}/sanction`)
        .set(bearer(secretariat))
        .send({ kind: 'mute', until, reason: 'a pause' })
        .expect(201)
    ).body as SanctionView;
    expect(mute).toMatchObject({ kind: 'mute', target: { kind: 'member', id: partner.userId }, throughPseudonym: false });
    const refused = await post(partner, thread, { body: 'muted?' }).expect(403);
    expect(refused.body.message).toMatch(/muted until/);
    const restrictions = (await t.http().get('/api/me/restrictions').set(bearer(partner)).expect(200)).body as RestrictionView[];
    expect(restrictions.map((r) => r.kind).sort()).toEqual(['mute', 'warning']);
    expect(((await t.http().get('/api/me/restrictions').set(bearer(justice)).expect(200)).body as RestrictionView[]).length).toBe(0);
    await t.http().get('/api/me/restrictions').expect(401);
    const asPartner = (await t.http().get(`/api/threads/${thread}`).set(bearer(partner)).expect(200)).body as ThreadView;
    expect(asPartner.canPost).toBe(false);
    await t.adminDb.query(`UPDATE sanctions SET until = now() - interval '1 second' WHERE id = $1`, [mute.id]);
    await post(partner, thread, { body: 'back, and calmer' }).expect(201);

    const insult = (await post(observer, thread, { body: 'another insult' }).expect(201)).body as MessageView;
    await t
      .http()
      .post(`/api/messages/${insult.id}/sanction`)
      .set(bearer(secretariat))
      .send({ kind: 'suspend', reason: 'repeated insults' })
      .expect(201);
    const [account] = await t.db.query(`SELECT status FROM users WHERE email = 'observer@suivi.demo'`);
    expect(account.status).toBe('suspended');
    await post(observer, thread, { body: 'still here?' }).expect(403);
    const own = await post(secretariat, thread, { body: 'mine' }).expect(201);
    await t
      .http()
      .post(`/api/messages/${own.body.id}/sanction`)
      .set(bearer(secretariat))
      .send({ kind: 'warning', reason: 'x' })
      .expect(409);
  });

  it('lifts a mute on a pseudonym: the person posts again, is told, and the moderators’ room hears it under the pseudonym', async () => {
    const thread = await newThread('public');
    const watcher = await pool.connect(secretariat.token);
    expect(await subscribe(watcher, 'moderation')).toEqual({ ok: true });
    const seen = record(watcher, 'sanction.created', 'sanction.lifted');
    const person = await pool.connect(civil.token);
    const told = record(person, 'notification');

    const said = (await post(civil, thread, { body: 'under cover', pseudonymous: true }).expect(201)).body as MessageView;
    const pseudonym = said.author.kind === 'pseudonym' ? said.author.pseudonym : 'none';
    const until = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const mute = (
      await t
        .http()
        .post(`/api/messages/${said.id}/sanction`)
        .set(bearer(secretariat))
        .send({ kind: 'mute', until, reason: 'cool down' })
        .expect(201)
    ).body as SanctionView;
    await post(civil, thread, { body: 'muted?' }).expect(403);

    const list = (await t.http().get('/api/moderation/sanctions?state=active').set(bearer(secretariat)).expect(200))
      .body as Page<SanctionEntry>;
    const listed = list.items.find((s) => s.id === mute.id);
    expect(listed).toMatchObject({
      kind: 'mute',
      state: 'active',
      liftable: true,
      target: { kind: 'pseudonym', pseudonym },
      thread: { id: thread },
      messageId: said.id,
      moderator: { id: secretariat.userId },
    });
    expect(Object.keys(listed?.target ?? {}).sort()).toEqual(['kind', 'pseudonym']);
    await eventually(() =>
      expect(seen.find((e) => e.event === 'sanction.created')?.payload).toMatchObject({ id: mute.id, target: { pseudonym } }),
    );

    await t.http().post(`/api/moderation/sanctions/${mute.id}/lift`).set(bearer(civil)).send({ reason: 'mine' }).expect(403);
    await t.http().post(`/api/moderation/sanctions/${mute.id}/lift`).send({ reason: 'x' }).expect(401);
    const lifted = (
      await t
        .http()
        .post(`/api/moderation/sanctions/${mute.id}/lift`)
        .set(bearer(secretariat))
        .send({ reason: 'muted by mistake' })
        .expect(200)
    ).body as SanctionEntry;
    expect(lifted).toMatchObject({
      state: 'lifted',
      liftable: false,
      liftReason: 'muted by mistake',
      liftedBy: { id: secretariat.userId },
      target: { kind: 'pseudonym', pseudonym },
    });
    const again = await t
      .http()
      .post(`/api/moderation/sanctions/${mute.id}/lift`)
      .set(bearer(secretariat))
      .send({ reason: 'again' })
      .expect(409);
    expect(again.body.message).toMatch(/already lifted/);

    await post(civil, thread, { body: 'back again', pseudonymous: true }).expect(201);
    expect(
      ((await t.http().get('/api/me/restrictions').set(bearer(civil)).expect(200)).body as RestrictionView[]).map((r) => r.id),
    ).not.toContain(mute.id);
    expect(((await t.http().get(`/api/threads/${thread}`).set(bearer(civil)).expect(200)).body as ThreadView).canPost).toBe(true);
    await eventually(() =>
      expect(seen.find((e) => e.event === 'sanction.lifted')?.payload).toMatchObject({ id: mute.id, state: 'lifted' }),
    );
    await eventually(() =>
      expect(told.map((e) => (e.payload as NotificationView).payload)).toContainEqual(
        expect.objectContaining({ action: 'lifted', kind: 'mute', reason: 'muted by mistake', threadId: thread }),
      ),
    );
    const [audit] = await t.db.query(`SELECT actor, data FROM audit_events WHERE action = 'sanction.lifted' AND entity_id = $1`, [mute.id]);
    expect(audit.actor).toBe(`user:${secretariat.userId}`);
    expect(JSON.parse(audit.data)).toMatchObject({ target: { kind: 'pseudonym', pseudonym }, reason: 'muted by mistake' });
    expect(audit.data).not.toContain(civil.userId);

    const ended = (await t.http().get('/api/moderation/sanctions?state=ended').set(bearer(secretariat)).expect(200))
      .body as Page<SanctionEntry>;
    expect(ended.items.map((s) => s.id)).toContain(mute.id);
  });

  it('refuses to lift what is over, and sends a named suspension to the accounts screen', async () => {
    const thread = await newThread('public');
    const loud = (await post(partner, thread, { body: 'loud again' }).expect(201)).body as MessageView;
    const mute = (
      await t
        .http()
        .post(`/api/messages/${loud.id}/sanction`)
        .set(bearer(secretariat))
        .send({ kind: 'mute', until: new Date(Date.now() + 60_000).toISOString(), reason: 'short pause' })
        .expect(201)
    ).body as SanctionView;
    await t.adminDb.query(`UPDATE sanctions SET until = now() - interval '1 second' WHERE id = $1`, [mute.id]);
    const over = await t
      .http()
      .post(`/api/moderation/sanctions/${mute.id}/lift`)
      .set(bearer(secretariat))
      .send({ reason: 'x' })
      .expect(409);
    expect(over.body.message).toMatch(/already ended/);
    const listed = (await t.http().get('/api/moderation/sanctions?pageSize=100').set(bearer(secretariat)).expect(200))
      .body as Page<SanctionEntry>;
    expect(listed.items.find((s) => s.id === mute.id)).toMatchObject({ state: 'expired', liftable: false });
    // Newest first.
    const times = listed.items.map((s) => s.createdAt);
    expect([...times].sort().reverse()).toEqual(times);

    // The observer's account was suspended through a message in the test above.
    const [observerRow] = await t.db.query(`SELECT id FROM users WHERE email = 'observer@suivi.demo'`);
    const suspension = listed.items.find((s) => s.kind === 'suspend' && s.target.kind === 'member' && s.target.id === observerRow.id);
    expect(suspension).toMatchObject({ state: 'active', liftable: false, throughPseudonym: false });
    const refused = await t
      .http()
      .post(`/api/moderation/sanctions/${suspension?.id}/lift`)
      .set(bearer(secretariat))
      .send({ reason: 'x' })
      .expect(409);
    expect(refused.body.message).toMatch(/reinstate the account from the accounts screen/);
    // Other moderators' live lists hear of it, though it happened on the accounts screen.
    const watching = await pool.connect(secretariat.token);
    const lifts = record(watching, 'sanction.lifted');
    expect(await subscribe(watching, 'moderation')).toEqual({ ok: true });
    await t.http().post(`/api/users/${observerRow.id}/reinstate`).set(bearer(secretariat)).send({ reason: 'apologised' }).expect(200);
    const after = (await t.http().get('/api/moderation/sanctions?pageSize=100').set(bearer(secretariat)).expect(200))
      .body as Page<SanctionEntry>;
    expect(after.items.find((s) => s.id === suspension?.id)).toMatchObject({ state: 'lifted', liftReason: 'apologised' });
    await eventually(() =>
      expect(lifts.map((e) => e.payload as SanctionEntry)).toContainEqual(
        expect.objectContaining({ id: suspension?.id, state: 'lifted', liftReason: 'apologised' }),
      ),
    );

    const bad: Array<[string, object, RegExp]> = [
      [`/api/moderation/sanctions/${mute.id}/lift`, {}, /^reason/],
      [`/api/moderation/sanctions/${mute.id}/lift`, { reason: '   ' }, /^reason/],
      [`/api/moderation/sanctions/${mute.id}/lift`, { reason: 'x'.repeat(501) }, /^reason/],
      ['/api/moderation/sanctions/not-a-uuid/lift', { reason: 'x' }, /id|uuid/i],
    ];
    for (const [path, body, field] of bad) {
      const res = await t.http().post(path).set(bearer(secretariat)).send(body).expect(400);
      expect([res.body.message].flat().join('\n')).toMatch(field);
    }
    for (const [query, field] of [
      ['state=lifted', /^state/],
      ['page=0', /^page/],
      ['pageSize=1000', /^pageSize/],
    ] as const) {
      const res = await t.http().get(`/api/moderation/sanctions?${query}`).set(bearer(secretariat)).expect(400);
      expect([res.body.message].flat().join('\n')).toMatch(field);
    }
    await t
      .http()
      .post('/api/moderation/sanctions/00000000-0000-4000-8000-000000000000/lift')
      .set(bearer(secretariat))
      .send({ reason: 'x' })
      .expect(404);
  });

  it('keeps the moderators’ room live: new flags and decisions, with the count of open flags', async () => {
    const thread = await newThread('public');
    const bad = (await post(civil, thread, { body: 'a pseudonymous jab', pseudonymous: true }).expect(201)).body as MessageView;
    const member = await pool.connect(justice.token);
    expect(await subscribe(member, 'moderation')).toMatchObject({ ok: false, error: expect.stringMatching(/^forbidden/) });
    const anonymous = await pool.connect();
    expect(await subscribe(anonymous, 'moderation')).toMatchObject({ ok: false, error: expect.stringMatching(/^unauthorized/) });
    const watcher = await pool.connect(secretariat.token);
    expect(await subscribe(watcher, 'moderation')).toEqual({ ok: true });
    const seen = record(watcher, 'flag.created', 'flag.resolved');
    const unseen = record(member, 'flag.created', 'flag.resolved');

    const before = (
      (await t.http().get('/api/moderation/flags?state=upheld').set(bearer(secretariat)).expect(200)).body as ModerationQueuePage
    ).openFlags;
    const flag = (await t.http().post(`/api/messages/${bad.id}/flags`).set(bearer(justice)).send({ reason: 'a jab' }).expect(201)).body;
    await eventually(() => expect(seen.find((e) => e.event === 'flag.created')).toBeDefined());
    const created = seen.find((e) => e.event === 'flag.created')?.payload as FlagCreatedEvent;
    expect(created.openFlags).toBe(before + 1);
    expect(created.item).toMatchObject({
      flag: { id: flag.id, state: 'open' },
      message: { id: bad.id, body: 'a pseudonymous jab', mine: false },
    });
    expect(created.item.message.author).toEqual(bad.author);

    await t
      .http()
      .post(`/api/moderation/flags/${flag.id}/resolve`)
      .set(bearer(secretariat))
      .send({ decision: 'dismiss', reason: 'fair comment' })
      .expect(200);
    await eventually(() => expect(seen.find((e) => e.event === 'flag.resolved')).toBeDefined());
    const resolved = seen.find((e) => e.event === 'flag.resolved')?.payload as FlagResolvedEvent;
    expect(resolved).toMatchObject({ flagIds: [flag.id], openFlags: before, item: { flag: { id: flag.id, state: 'dismissed' } } });
    expect(JSON.stringify(seen)).not.toContain(civil.userId);
    expect(unseen).toEqual([]);
  });

  it('resolves mentions of people already in the thread and tells them; replies tell the author', async () => {
    const thread = await newThread('public');
    const [justiceName] = await t.db.query(`SELECT display_name FROM users WHERE email = 'justice@suivi.demo'`);
    const first = (await post(justice, thread, { body: 'Who has figures?' }).expect(201)).body as MessageView;
    const pseudo = (await post(civil, thread, { body: 'We do.', pseudonymous: true }).expect(201)).body as MessageView;
    expect(pseudo.author.kind).toBe('pseudonym');
    const pseudonym = pseudo.author.kind === 'pseudonym' ? pseudo.author.pseudonym : '';

    const mentionable = (await t.http().get(`/api/threads/${thread}/mentionable`).expect(200)).body;
    expect(mentionable).toEqual(
      expect.arrayContaining([{ kind: 'pseudonym', pseudonym }, expect.objectContaining({ kind: 'member', id: justice.userId })]),
    );
    expect(mentionable).toHaveLength(2);
    const filtered = (
      await t
        .http()
        .get(`/api/threads/${thread}/mentionable?q=${encodeURIComponent(pseudonym.slice(0, 3))}`)
        .expect(200)
    ).body;
    expect(filtered).toContainEqual({ kind: 'pseudonym', pseudonym });

    const notMember = await post(partner, thread, { body: '@someone', mentions: [{ kind: 'member', id: observer.userId }] }).expect(400);
    expect(notMember.body.message).toEqual(['mentions.0.id must be someone who has written in this thread']);
    await post(partner, thread, { body: '@Nobody 1234', mentions: [{ kind: 'pseudonym', pseudonym: 'Nobody 1234' }] }).expect(400);

    const reply = (
      await post(partner, thread, {
        body: `@${pseudonym} and @${justiceName.display_name}: thanks`,
        replyToId: first.id,
        mentions: [
          { kind: 'pseudonym', pseudonym },
          { kind: 'member', id: justice.userId },
        ],
      }).expect(201)
    ).body as MessageView;
    expect(reply.mentions).toEqual([
      { kind: 'pseudonym', label: pseudonym },
      { kind: 'member', id: justice.userId, label: justiceName.display_name },
    ]);
    expect(reply.replyTo).toMatchObject({ id: first.id, excerpt: 'Who has figures?', author: { kind: 'member', id: justice.userId } });

    const civilNotes = (await t.http().get('/api/notifications').set(bearer(civil)).expect(200)).body.items as NotificationView[];
    expect(civilNotes.find((n) => n.payload['messageId'] === reply.id)).toMatchObject({ kind: 'mention', payload: { threadId: thread } });
    const justiceNotes = (await t.http().get('/api/notifications').set(bearer(justice)).expect(200)).body.items as NotificationView[];
    expect(justiceNotes.filter((n) => n.payload['messageId'] === reply.id).map((n) => n.kind)).toEqual(['mention']);
  });

  it('publishes the public discussion in the open data, as the public reads it', async () => {
    const open = await newThread('public');
    const safe = await newThread('group:civil_society');
    const pseudonymous = (await post(civil, open, { body: 'in the open data', pseudonymous: true }).expect(201)).body as MessageView;
    const hidden = (await post(partner, open, { body: 'soon hidden' }).expect(201)).body as MessageView;
    await t.http().post(`/api/messages/${hidden.id}/hide`).set(bearer(secretariat)).send({ reason: 'personal data' }).expect(200);
    const secret = (await post(civil, safe, { body: 'among ourselves' }).expect(201)).body as MessageView;
    await t.running.app.get(OpenDataService).generate({ force: true, wait: true });
    const data = (await t.http().get('/api/export.json').expect(200)).body as {
      records: Array<{ type: string; id: string; data: Record<string, unknown> }>;
    };
    const threads = data.records.filter((r) => r.type === 'thread');
    const messages = data.records.filter((r) => r.type === 'message');
    expect(threads.some((r) => r.id === open)).toBe(true);
    expect(threads.some((r) => r.id === safe)).toBe(false);
    const ids = messages.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([pseudonymous.id, hidden.id]));
    expect(ids).not.toContain(secret.id);
    const record = messages.find((r) => r.id === pseudonymous.id);
    expect(record?.data).toMatchObject({
      pseudonym: pseudonymous.author.kind === 'pseudonym' ? pseudonymous.author.pseudonym : 'no pseudonym',
      memberId: null,
      body: 'in the open data',
    });
    expect(JSON.stringify(record)).not.toContain(civil.userId);
    expect(messages.find((r) => r.id === hidden.id)?.data).toMatchObject({ state: 'hidden', body: null });
  });

  it('lets only civil-society members post under a pseudonym', async () => {
    const res = await post(justice, commitmentThread, { body: 'hidden?', pseudonymous: true }).expect(403);
    expect(res.body.message).toMatch(/civil-society/);
    await post(secretariat, commitmentThread, { body: 'hidden?', pseudonymous: true }).expect(403);
  });
});

describe('discussion: posting rate', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('refuses a person posting faster than the limit with 429 and Retry-After', async () => {
    t = await startTestApp({ env: { MESSAGES_PER_MINUTE: '3' } });
    const justice = await signIn(t, 'justice@suivi.demo');
    const civil = await signIn(t, 'civil@suivi.demo');
    const [thread] = await t.db.query(`SELECT id FROM threads WHERE visibility = 'public' LIMIT 1`);
    for (let i = 0; i < 3; i++) {
      await t
        .http()
        .post(`/api/threads/${thread.id}/messages`)
        .set(bearer(justice))
        .send({ body: `n${i}` })
        .expect(201);
    }
    const res = await t.http().post(`/api/threads/${thread.id}/messages`).set(bearer(justice)).send({ body: 'one more' }).expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body.message).toMatch(/too fast/);
    // Counted per person: someone else still posts.
    await t.http().post(`/api/threads/${thread.id}/messages`).set(bearer(civil)).send({ body: 'me too' }).expect(201);
  });
});
