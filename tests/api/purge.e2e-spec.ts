import { randomBytes } from 'node:crypto';

import type { AuditVerifyView, MessageView, NotificationView } from '@suivi/contracts';

import { AuditService } from '../../apps/api/src/audit/audit.service';
import { eventually, listen, record, SocketPool, subscribe } from './support/sockets';
import { bearer, signIn, startTestApp, type Session, type TestApp } from './support/test-app';
import { firstPublicThread } from './support/threads';

type Row = Record<string, unknown>;

/**
 * A purge reaches the record (DESIGN.md, "A purge is an event, and reaches the record"): after it
 * no table holds the words, nor anything from which their hash could be recomputed to test a
 * guess (an event's data and salt, an earlier binding's salt), and the chain still verifies.
 */
describe(`a purge reaches the record (${process.env['DATABASE_URL'] ? 'PostgreSQL server' : 'embedded'})`, () => {
  let t: TestApp;
  let secretariat: Session;
  let justice: Session;
  let partner: Session;

  beforeAll(async () => {
    t = await startTestApp();
    [secretariat, justice, partner] = await Promise.all(
      ['secretariat@suivi.demo', 'justice@suivi.demo', 'partner@suivi.demo'].map((email) => signIn(t, email)),
    );
  });
  afterAll(() => {
    pool.closeAll();
    return t?.close();
  });
  let url = '';
  const pool = new SocketPool(() => url);

  /** Every row of every table of the schema, as text, that holds `needle`. */
  async function rowsHolding(needle: string): Promise<string[]> {
    const tables = (await t.db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    )) as Array<{ table_name: string }>;
    const found: string[] = [];
    for (const { table_name } of tables) {
      const [{ n }] = (await t.db.query(`SELECT count(*)::int AS n FROM "${table_name}" x WHERE x::text LIKE $1`, [
        `%${needle}%`,
      ])) as Array<{
        n: number;
      }>;
      if (n) {
        found.push(`${table_name} (${n})`);
      }
    }
    return found;
  }

  it('erases the words everywhere, the salts that could test a guess at them, and the chain still verifies', async () => {
    const thread = await firstPublicThread(t);
    // Unguessable, so a match anywhere is this message and nothing else.
    const words = `The informer lives behind the market ${randomBytes(6).toString('hex')}`;
    const edited = `${words}, second house`;
    const opener = (await t.http().post(`/api/threads/${thread}/messages`).set(bearer(partner)).send({ body: 'Any news?' }).expect(201))
      .body as MessageView;
    // A reply to the partner and a mention of the partner: two notifications quoting the words.
    const [partnerName] = (await t.db.query(`SELECT display_name FROM users WHERE id = $1`, [partner.userId])) as Row[];
    const message = (
      await t
        .http()
        .post(`/api/threads/${thread}/messages`)
        .set(bearer(justice))
        .send({
          body: `@${partnerName['display_name']} ${words}`,
          replyToId: opener.id,
          mentions: [{ kind: 'member', id: partner.userId }],
        })
        .expect(201)
    ).body as MessageView;
    await t.http().patch(`/api/messages/${message.id}`).set(bearer(justice)).send({ body: edited }).expect(200);
    const notes = (await t.http().get('/api/notifications').set(bearer(partner)).expect(200)).body.items as NotificationView[];
    expect(notes.filter((n) => n.payload['messageId'] === message.id).length).toBeGreaterThan(0);
    expect((await rowsHolding(words)).length).toBeGreaterThan(0);

    const [created] = (await t.db.query(`SELECT seq FROM audit_events WHERE action = 'message.created' AND entity_id = $1`, [
      message.id,
    ])) as Row[];
    await t.http().post(`/api/audit/${created['seq']}/purge`).set(bearer(justice)).send({ reason: 'endangers a person' }).expect(403);
    for (const reason of ['        ', 'why', undefined]) {
      const refused = await t.http().post(`/api/audit/${created['seq']}/purge`).set(bearer(secretariat)).send({ reason }).expect(400);
      expect(refused.body.message).toContain('reason must say why, in 5 to 1000 characters');
    }
    await t.http().post(`/api/audit/${created['seq']}/purge`).set(bearer(secretariat)).send({ reason: 'endangers a person' }).expect(200);

    expect(await rowsHolding(words)).toEqual([]);
    // Both events about the message lost their data, salts and seal; the purge names them.
    const events = (await t.db.query(
      `SELECT seq, action, data, salt, event_salt, purged_by FROM audit_events WHERE entity_type = 'message' AND entity_id = $1 ORDER BY seq`,
      [message.id],
    )) as Row[];
    expect(events.map((e) => e['action'])).toEqual(['message.created', 'message.edited']);
    const [purge] = (await t.db.query(
      `SELECT seq, data FROM audit_events WHERE action = 'audit.purged' ORDER BY seq DESC LIMIT 1`,
    )) as Row[];
    for (const event of events) {
      expect(event).toMatchObject({ data: null, salt: null, event_salt: null, purged_by: purge['seq'] });
    }
    expect(JSON.parse(purge['data'] as string)).toEqual({ seq: Number(created['seq']), reason: 'endangers a person' });
    // No earlier binding keeps a salt; the purge binds the message as it is now, without words.
    const bindings = (await t.db.query(
      `SELECT seq, salt FROM audit_records WHERE record_type = 'message' AND record_id = $1 ORDER BY seq`,
      [message.id],
    )) as Row[];
    expect(bindings.length).toBe(3);
    expect(bindings.slice(0, 2).map((b) => b['salt'])).toEqual([null, null]);
    expect(bindings[2]).toMatchObject({ seq: purge['seq'], salt: expect.stringMatching(/^[0-9a-f]{32}$/) });
    // Readers see a hidden message; the replies quoting it quote nothing.
    const page = (await t.http().get(`/api/threads/${thread}/messages?limit=100`).expect(200)).body.items as MessageView[];
    expect(page.find((m) => m.id === message.id)).toMatchObject({ state: 'hidden' });
    expect(JSON.stringify(page)).not.toContain(words.slice(-12));

    const verification = await t.running.app.get(AuditService).runFullVerification({ wait: true });
    expect(verification).toMatchObject({ valid: true });
    t.running.app.get(AuditService).resetCache();
    expect(((await t.http().get('/api/audit/verify').expect(200)).body as AuditVerifyView).valid).toBe(true);
  });

  it('refuses a second purge of the same event, and an erasure borrowing an earlier purge shows', async () => {
    const [purged] = (await t.db.query(`SELECT seq FROM audit_events WHERE purged_by IS NOT NULL ORDER BY seq LIMIT 1`)) as Row[];
    await t.http().post(`/api/audit/${purged['seq']}/purge`).set(bearer(secretariat)).send({ reason: 'again' }).expect(409);
    // Someone with the database erases another event's data and points it at that purge: the
    // purge's seal covers the events it erased, so this one does not belong to it.
    const [other] = (await t.db.query(
      `SELECT seq, data, salt, event_salt FROM audit_events WHERE action = 'thread.created' LIMIT 1`,
    )) as Row[];
    const [purge] = (await t.db.query(`SELECT purged_by FROM audit_events WHERE seq = $1`, [purged['seq']])) as Row[];
    const audit = t.running.app.get(AuditService);
    await t.adminDb.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(
        'UPDATE audit_events SET data = NULL, salt = NULL, event_salt = NULL, purged_at = now(), purged_by = $2 WHERE seq = $1',
        [other['seq'], purge['purged_by']],
      );
    });
    try {
      expect(await audit.runFullVerification({ wait: true })).toMatchObject({ valid: false, firstBrokenSeq: Number(purge['purged_by']) });
    } finally {
      await t.adminDb.transaction(async (tx) => {
        await tx.query('SET LOCAL session_replication_role = replica');
        await tx.query('UPDATE audit_events SET data = $2, salt = $3, event_salt = $4, purged_at = NULL, purged_by = NULL WHERE seq = $1', [
          other['seq'],
          other['data'],
          other['salt'],
          other['event_salt'],
        ]);
      });
    }
    expect(await audit.runFullVerification({ wait: true })).toMatchObject({ valid: true });
  });

  it('shows the purge at once to whoever has the thread open, as a hide does, and replays it to whoever rejoins', async () => {
    url ||= await listen(t);
    const thread = await firstPublicThread(t);
    const words = `Ask the clerk on the second floor ${randomBytes(6).toString('hex')}`;
    const message = (await t.http().post(`/api/threads/${thread}/messages`).set(bearer(justice)).send({ body: words }).expect(201))
      .body as MessageView;
    // A moderator who reads hidden words, and a reader who does not.
    const reading = await Promise.all([pool.connect(partner.token), pool.connect(secretariat.token)]);
    const heard = reading.map((socket) => record(socket, 'message.updated'));
    for (const socket of reading) {
      expect(await subscribe(socket, `thread:${thread}`)).toEqual({ ok: true });
    }

    const [created] = (await t.db.query(`SELECT seq FROM audit_events WHERE action = 'message.created' AND entity_id = $1`, [
      message.id,
    ])) as Row[];
    await t.http().post(`/api/audit/${created['seq']}/purge`).set(bearer(secretariat)).send({ reason: 'names a clerk' }).expect(200);

    for (const events of heard) {
      await eventually(() => expect(events).toHaveLength(1));
      const live = events[0].payload as MessageView;
      // Newer than what the page holds, so a client takes it; hidden with no reason, so nothing
      // tells a moderator's screen to keep the words it had.
      expect(live).toMatchObject({ id: message.id, state: 'hidden', body: null, hiddenReason: null, mine: false });
      expect(live.seq).toBeGreaterThan(message.seq);
    }
    expect(JSON.stringify(heard)).not.toContain(words.slice(-12));

    // Someone who saw the words, left before the purge and comes back with the last seq seen hears it replayed.
    const back = await pool.connect(partner.token);
    const replayed = record(back, 'message.updated');
    expect(await subscribe(back, `thread:${thread}`, message.seq)).toEqual({ ok: true });
    expect(replayed.map((e) => e.payload as MessageView).find((m) => m.id === message.id)).toMatchObject({ state: 'hidden', body: null });

    // The seq it moved to is bound with the purge: the chain still verifies.
    expect(await t.running.app.get(AuditService).runFullVerification({ wait: true })).toMatchObject({ valid: true });
  });
});
