import type { DialogueView, MessageView, NotificationView, ReportView, ThreadView } from '@suivi/contracts';
import type { Socket } from 'socket.io-client';

import { eventually, listen, record, SocketPool, subscribe } from './support/sockets';
import { bearer, signIn, startTestApp, type Session, type TestApp } from './support/test-app';
import { firstPublicThread } from './support/threads';

// Issue 13: what a write sets off is recorded inside its transaction. Notifications are rows of
// that transaction; pushes run once it has committed, and never when it has not. And a change of
// what people may read makes their sockets leave the rooms they may no longer read.

/** Text that makes the database refuse the transaction at COMMIT, after every statement of the write has run. */
const REFUSED = 'refused-at-commit';

describe('durable effects: one mechanism, nothing set off by a write that did not commit', () => {
  let t: TestApp;
  let url: string;
  const pool = new SocketPool(() => url);
  let secretariat: Session;
  let justice: Session;
  let civil: Session;

  beforeAll(async () => {
    t = await startTestApp();
    url = await listen(t);
    [secretariat, justice, civil] = await Promise.all(
      ['secretariat@suivi.demo', 'justice@suivi.demo', 'civil@suivi.demo'].map((email) => signIn(t, email)),
    );
    // A deferred constraint trigger runs at COMMIT: the write's statements, its audit event, its
    // notification rows and its recorded events all happen, and then the commit itself fails.
    await t.adminDb.query(`
      CREATE FUNCTION test_refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW::text LIKE '%${REFUSED}%' THEN RAISE EXCEPTION 'refused at commit (test)'; END IF;
        RETURN NULL;
      END $$`);
    for (const table of ['messages', 'progress_reports']) {
      await t.adminDb.query(`CREATE CONSTRAINT TRIGGER test_refuse_at_commit AFTER INSERT ON ${table}
                        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_refuse_at_commit()`);
    }
  });
  afterEach(() => pool.closeAll());
  afterAll(async () => {
    await t?.adminDb.query('DROP FUNCTION IF EXISTS test_refuse_at_commit() CASCADE').catch(() => undefined);
    await t?.close();
  });

  const notificationsOf = async (session: Session) =>
    ((await t.http().get('/api/notifications?pageSize=100').set(bearer(session)).expect(200)).body.items as NotificationView[]).map((n) =>
      JSON.stringify(n),
    );

  it('a message whose commit fails is pushed to nobody and notifies nobody; the next one does both', async () => {
    const thread = await firstPublicThread(t);
    const justiceName = (await t.http().get('/api/me').set(bearer(justice)).expect(200)).body.displayName as string;
    // Only someone who has written in the thread may be mentioned.
    await t.http().post(`/api/threads/${thread}/messages`).set(bearer(justice)).send({ body: 'Present.' }).expect(201);
    const watcher = await pool.connect();
    expect(await subscribe(watcher, `thread:${thread}`)).toEqual({ ok: true });
    const room = record(watcher, 'message.created', 'message.updated');
    const justiceSocket = await pool.connect(justice.token);
    const told = record(justiceSocket, 'notification');
    const before = await notificationsOf(justice);

    const mention = [{ kind: 'member', id: justice.userId }];
    const refused = await t
      .http()
      .post(`/api/threads/${thread}/messages`)
      .set(bearer(secretariat))
      .send({ body: `@${justiceName} ${REFUSED}`, mentions: mention });
    expect(refused.status).toBe(500);

    // A later write's effects arrive: by then the refused one's would have too.
    const control = (
      await t
        .http()
        .post(`/api/threads/${thread}/messages`)
        .set(bearer(secretariat))
        .send({ body: `@${justiceName} this one stands`, mentions: mention })
        .expect(201)
    ).body as MessageView;
    await eventually(() => expect(room.map((e) => (e.payload as MessageView).id)).toContain(control.id));
    await eventually(() => expect(told).toHaveLength(1));

    expect(room.map((e) => JSON.stringify(e.payload)).filter((p) => p.includes(REFUSED))).toEqual([]);
    expect(room.map((e) => (e.payload as MessageView).id)).toEqual([control.id]);
    expect((told[0].payload as NotificationView).payload).toMatchObject({ messageId: control.id });
    const after = await notificationsOf(justice);
    expect(after.filter((n) => !before.includes(n))).toHaveLength(1);
    expect(after.filter((n) => n.includes(REFUSED))).toEqual([]);
    expect(await t.db.query(`SELECT id FROM messages WHERE body LIKE $1`, [`%${REFUSED}%`])).toEqual([]);
  });

  it('an assessment whose commit fails moves no commitment on anyone’s screen and tells no follower', async () => {
    const [commitment] = await t.db.query(
      `SELECT c.id FROM commitments c JOIN organizations o ON o.id = c.owner_id
        WHERE o.stakeholder_group <> 'civil_society' ORDER BY c.created_at, c.id LIMIT 1`,
    );
    await t.http().post('/api/follows').set(bearer(justice)).send({ subjectType: 'commitment', subjectId: commitment.id }).expect(201);
    const watcher = await pool.connect();
    expect(await subscribe(watcher, `commitment:${commitment.id}`)).toEqual({ ok: true });
    expect(await subscribe(watcher, 'dashboard')).toEqual({ ok: true });
    const heard = record(watcher, 'report.created', 'commitment.updated');
    const justiceSocket: Socket = await pool.connect(justice.token);
    const told = record(justiceSocket, 'notification');
    const [{ n: reportsBefore }] = await t.db.query('SELECT count(*)::int AS n FROM progress_reports WHERE commitment_id = $1', [
      commitment.id,
    ]);

    const assessment = (narrative: string) => ({ kind: 'independent_assessment', status: 'stalled', narrative: { en: narrative } });
    const refused = await t
      .http()
      .post(`/api/commitments/${commitment.id}/reports`)
      .set(bearer(civil))
      .send(assessment(`Nothing moved in Gao (${REFUSED}).`));
    expect(refused.status).toBe(500);

    const control = (
      await t
        .http()
        .post(`/api/commitments/${commitment.id}/reports`)
        .set(bearer(civil))
        .send(assessment('Nothing moved in Gao; the court has no clerk.'))
        .expect(201)
    ).body as ReportView;
    // The answer carries the commitment's new state: the page needs no second request.
    expect(control.commitment).toMatchObject({ id: commitment.id, assessedStatus: 'stalled' });
    await eventually(() => expect(heard.filter((e) => e.event === 'report.created')).toHaveLength(1));
    await eventually(() => expect(told.length).toBeGreaterThan(0));

    expect(heard.map((e) => JSON.stringify(e.payload)).filter((p) => p.includes(REFUSED))).toEqual([]);
    expect((heard.find((e) => e.event === 'report.created')?.payload as ReportView).id).toBe(control.id);
    expect(told.map((e) => (e.payload as NotificationView).payload['reportId']).filter(Boolean)).toEqual([control.id]);
    const [{ n: reportsAfter }] = await t.db.query('SELECT count(*)::int AS n FROM progress_reports WHERE commitment_id = $1', [
      commitment.id,
    ]);
    expect(reportsAfter).toBe(reportsBefore + 1);
  });

  it('a socket in a participants thread hears nothing more once its organisation leaves the dialogue; a control socket still hears', async () => {
    const dialogue = (await t.http().get('/api/dialogues').expect(200)).body[0] as DialogueView;
    const [justiceOrg, civilOrg] = await Promise.all(
      [justice, civil].map(async (s) => (await t.http().get('/api/me').set(bearer(s)).expect(200)).body.organization.id as string),
    );
    const participants = (d: DialogueView) => d.organizations.map((p) => p.id);
    const setParticipants = async (ids: string[]) => {
      const current = (await t.http().get(`/api/dialogues/${dialogue.id}`).expect(200)).body as DialogueView;
      return (
        await t
          .http()
          .patch(`/api/dialogues/${dialogue.id}`)
          .set(bearer(secretariat))
          .send({ version: current.version, participantIds: ids })
          .expect(200)
      ).body as DialogueView;
    };
    const withBoth = await setParticipants([...new Set([...participants(dialogue), justiceOrg, civilOrg])]);
    const thread = (
      await t
        .http()
        .post('/api/threads')
        .set(bearer(secretariat))
        .send({ title: { en: 'Among participants' }, visibility: 'participants', dialogueId: dialogue.id })
        .expect(201)
    ).body as ThreadView;

    const leaving = await pool.connect(justice.token);
    const staying = await pool.connect(civil.token);
    for (const socket of [leaving, staying]) {
      expect(await subscribe(socket, `thread:${thread.id}`)).toEqual({ ok: true });
    }
    const heardLeaving = record(leaving, 'message.created', 'message.updated', 'typing');
    const heardStaying = record(staying, 'message.created', 'message.updated', 'typing');

    await setParticipants(participants(withBoth).filter((id) => id !== justiceOrg));
    // At once, with no wait: the change's answer came after the sockets left.
    const posted = (
      await t.http().post(`/api/threads/${thread.id}/messages`).set(bearer(secretariat)).send({ body: 'the list of witnesses' }).expect(201)
    ).body as MessageView;
    staying.emit('typing', { threadId: thread.id });
    await eventually(() => expect(heardStaying.map((e) => (e.payload as MessageView).id)).toContain(posted.id));
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(heardLeaving).toEqual([]);
    expect(await subscribe(leaving, `thread:${thread.id}`)).toMatchObject({ ok: false, error: expect.stringMatching(/^forbidden/) });
    await t.http().get(`/api/threads/${thread.id}/messages`).set(bearer(justice)).expect(403);
    // The socket itself stays: it still hears the rooms it may read.
    expect(leaving.connected).toBe(true);
    expect(await subscribe(leaving, 'dashboard')).toEqual({ ok: true });
  });
});
