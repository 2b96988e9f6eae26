import type { AuditEventView, AuditVerifyView, CheckpointView, MessageView } from '@suivi/contracts';

import { AuditService, systemActor } from '../../apps/api/src/audit/audit.service';
import type { EntityManager } from 'typeorm';

import { canonicalEventV2, chainHash, dataDigest, GENESIS_HASH, sealedDigest } from '../../apps/api/src/audit/canonical';
import { bearer, signIn, startTestApp, type TestApp } from './support/test-app';
import { firstPublicThread } from './support/threads';

/**
 * Tampering "behind the API's back", as someone with the database's owner rights could: every
 * trigger off (the append-only guards and the foreign keys alike) for one transaction. `SET
 * LOCAL` keeps it to that transaction, which is also all the embedded database's one session has.
 */
async function asDatabaseAdmin<T>(t: TestApp, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return t.adminDb.transaction(async (tx) => {
    await tx.query('SET LOCAL session_replication_role = replica');
    return work(tx);
  });
}

type Row = Record<string, unknown>;

const EVENT_COLUMNS = [
  'seq',
  'at',
  'actor',
  'action',
  'entity_type',
  'entity_id',
  'subject',
  'data_digest',
  'prev_hash',
  'hash',
  'canonical',
  'data',
  'salt',
  'v',
  'event_salt',
  'purged_at',
  'purged_by',
];

describe('audit chain', () => {
  let t: TestApp;
  let audit: AuditService;

  beforeAll(async () => {
    t = await startTestApp();
    audit = t.running.app.get(AuditService);
  });
  afterAll(() => t?.close());
  beforeEach(() => audit.resetCache());

  const verifyOverHttp = async () => (await t.http().get('/api/audit/verify').expect(200)).body as AuditVerifyView;
  const eventCount = async () => Number((await t.db.query('SELECT count(*)::int AS n FROM audit_events'))[0].n);

  it('verifies the seeded chain', async () => {
    const view = await verifyOverHttp();
    expect(view).toMatchObject({ valid: true, count: await eventCount() });
    const [head] = await t.db.query('SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1');
    expect(view.head).toBe(head.hash);
  });

  it('lists events newest first to the secretariat, older ones by `before`, naming accounts and never who is behind a pseudonym', async () => {
    const [secretariat, civil] = await Promise.all([signIn(t, 'secretariat@suivi.demo'), signIn(t, 'civil@suivi.demo')]);
    const thread = await firstPublicThread(t);
    const said = (
      await t
        .http()
        .post(`/api/threads/${thread}/messages`)
        .set(bearer(civil))
        .send({ body: 'from the shadows', pseudonymous: true })
        .expect(201)
    ).body as MessageView;
    await t.http().post(`/api/threads/${thread}/messages`).set(bearer(civil)).send({ body: 'under my name' }).expect(201);
    const head = await eventCount();

    const list = (query: string) => t.http().get(`/api/audit${query}`).set(bearer(secretariat));
    const newest = (await list('?limit=2').expect(200)).body as AuditEventView[];
    expect(newest.map((e) => [e.seq, e.action])).toEqual([
      [head, 'message.created'],
      [head - 1, 'message.created'],
    ]);
    const [civilName] = (await t.db.query('SELECT display_name FROM users WHERE id = $1', [civil.userId])) as Row[];
    expect(newest[0]).toMatchObject({ actor: `user:${civil.userId}`, actorName: civilName['display_name'], intact: true, purged: false });
    expect(newest[1]).toMatchObject({ actor: `pseudonym:${(said.author as { pseudonym: string }).pseudonym}`, actorName: null });
    expect(JSON.stringify(newest[1])).not.toContain(civil.userId);

    const older = (await list(`?before=${head - 1}&limit=3`).expect(200)).body as AuditEventView[];
    expect(older.map((e) => e.seq)).toEqual([head - 2, head - 3, head - 4]);
    expect(((await list('?before=3').expect(200)).body as AuditEventView[]).map((e) => e.seq)).toEqual([2, 1]);
    for (const [query, field] of [
      ['?before=abc', 'before'],
      ['?before=0', 'before'],
      ['?limit=501', 'limit'],
    ]) {
      const messages = (await list(query).expect(400)).body.message as string[];
      expect({ query, named: messages.length > 0 && messages.every((m) => m.startsWith(`${field} `)) }).toEqual({ query, named: true });
    }
  });

  it('refuses to append outside the write’s transaction', async () => {
    await expect(audit.append(t.db.manager, { actor: systemActor, action: 'x', entityType: 'x' })).rejects.toThrow(
      /inside the transaction/,
    );
  });

  it('refuses UPDATE and DELETE from the application, and from the owner while the triggers are on', async () => {
    // The owner (on the embedded database, the one role): the triggers refuse.
    await expect(t.adminDb.query("UPDATE audit_events SET action = 'changed' WHERE seq = 1")).rejects.toThrow(/not allowed/);
    await expect(t.adminDb.query('DELETE FROM audit_events WHERE seq = 1')).rejects.toThrow(/not allowed/);
    await expect(t.adminDb.query("UPDATE progress_reports SET status = 'completed'")).rejects.toThrow(/append-only/);
    // The API's role on PostgreSQL holds no such right in the first place.
    const refused = t.backend === 'postgres' ? /permission denied/ : /not allowed|append-only/;
    await expect(t.db.query("UPDATE audit_events SET action = 'changed' WHERE seq = 1")).rejects.toThrow(refused);
    await expect(t.db.query('DELETE FROM audit_events WHERE seq = 1')).rejects.toThrow(refused);
    await expect(t.db.query("UPDATE progress_reports SET status = 'completed'")).rejects.toThrow(refused);
  });

  it.each([
    ['the actor column', "actor = 'user:00000000-0000-4000-8000-000000000000'"],
    ['the hashed text', `canonical = replace(canonical, '"v":2', '"v":3')`],
    ['the data beside the event', `data = '{"forged":true}'`],
  ])('reports the first broken event when %s is changed with plain SQL', async (_what, assignment) => {
    const [original] = (await t.db.query('SELECT * FROM audit_events WHERE seq = 5')) as Row[];
    await asDatabaseAdmin(t, (tx) => tx.query(`UPDATE audit_events SET ${assignment} WHERE seq = 5`));
    try {
      expect(await audit.verify({ full: true })).toMatchObject({ valid: false, brokenAt: 5 });
      audit.resetCache();
      expect(await verifyOverHttp()).toMatchObject({ valid: false, brokenAt: 5 });
      // The secretariat's list marks the row at once, whatever the last full verification said.
      const listed = await audit.list({ before: 7, limit: 3 });
      expect(listed.map((e) => [e.seq, e.intact])).toEqual([
        [6, true],
        [5, false],
        [4, true],
      ]);
    } finally {
      await asDatabaseAdmin(t, (tx) =>
        tx.query('UPDATE audit_events SET actor = $2, canonical = $3, data = $4 WHERE seq = $1', [
          5,
          original['actor'],
          original['canonical'],
          original['data'],
        ]),
      );
    }
    expect((await audit.verify({ full: true })).valid).toBe(true);
  });

  it('reports a deleted event as the first broken sequence number', async () => {
    const [original] = (await t.db.query('SELECT * FROM audit_events WHERE seq = 7')) as Row[];
    await asDatabaseAdmin(t, (tx) => tx.query('DELETE FROM audit_events WHERE seq = 7'));
    try {
      expect(await audit.verify({ full: true })).toMatchObject({ valid: false, brokenAt: 7 });
    } finally {
      await asDatabaseAdmin(t, (tx) =>
        tx.query(
          `INSERT INTO audit_events (${EVENT_COLUMNS.join(', ')}) VALUES (${EVENT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
          EVENT_COLUMNS.map((k) => original[k]),
        ),
      );
    }
    expect((await audit.verify({ full: true })).valid).toBe(true);
  });

  it('publishes checkpoints; a chain cut back below one no longer extends the kept head', async () => {
    await t.http().post('/api/audit/checkpoints').expect(401);
    const checkpoint = await audit.createCheckpoint('manual', systemActor);
    const listed = (await t.http().get('/api/audit/checkpoints').expect(200)).body as CheckpointView[];
    expect(listed[0]).toEqual(checkpoint);
    // The stored checkpoint protects its event: a plain DELETE of it fails on the foreign key.
    await expect(
      t.adminDb.transaction(async (tx) => {
        await tx.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
        await tx.query('DELETE FROM audit_events WHERE seq = $1', [checkpoint.seq]);
      }),
    ).rejects.toThrow();
    const removed = (await t.db.query('SELECT * FROM audit_events WHERE seq >= $1 ORDER BY seq', [checkpoint.seq])) as Row[];
    const removedCheckpoints = (await t.db.query('SELECT * FROM audit_checkpoints ORDER BY seq')) as Row[];
    await asDatabaseAdmin(t, async (tx) => {
      await tx.query('DELETE FROM audit_checkpoints');
      await tx.query('DELETE FROM audit_events WHERE seq >= $1', [checkpoint.seq]);
    });
    try {
      audit.resetCache();
      const view = (await t.http().get(`/api/audit/verify?seq=${checkpoint.seq}&hash=${checkpoint.hash}`).expect(200)).body;
      expect(view).toMatchObject({ valid: true, extends: false });
    } finally {
      await asDatabaseAdmin(t, async (tx) => {
        for (const r of removed) {
          await tx.query(
            `INSERT INTO audit_events (${EVENT_COLUMNS.join(', ')}) VALUES (${EVENT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
            EVENT_COLUMNS.map((k) => r[k]),
          );
        }
        for (const c of removedCheckpoints) {
          await tx.query('INSERT INTO audit_checkpoints (seq, hash, reason, created_at) VALUES ($1, $2, $3, $4)', [
            c['seq'],
            c['hash'],
            c['reason'],
            c['created_at'],
          ]);
        }
      });
    }
    audit.resetCache();
    expect((await audit.verify({ full: true })).valid).toBe(true);
  });

  it('shows a chain rewritten and rehashed whole: it no longer extends a head someone kept', async () => {
    const kept = await audit.createCheckpoint('manual', systemActor);
    const before = (await t.http().get(`/api/audit/verify?seq=${kept.seq}&hash=${kept.hash}`).expect(200)).body;
    expect(before).toMatchObject({ valid: true, extends: true });

    // Rewrite event 3's data, then its seal and every hash after it, and the stored checkpoints
    // too: a consistent forgery, as an administrator holding the event salts could make it.
    await asDatabaseAdmin(t, async (tx) => {
      const rows = (await tx.query('SELECT * FROM audit_events ORDER BY seq')) as Row[];
      let prev = GENESIS_HASH;
      for (const r of rows) {
        const seq = Number(r['seq']);
        let canonical = r['canonical'] as string;
        let data = r['data'] as string | null;
        let digest = r['data_digest'] as string;
        if (seq === 3) {
          data = '{"rewritten":true}';
          digest = dataDigest(r['salt'] as string, data);
          const text = JSON.parse(canonical);
          const sealed = sealedDigest(r['event_salt'] as string, {
            at: (r['at'] as Date).toISOString(),
            actor: r['actor'] as string | null,
            action: r['action'] as string,
            entityType: r['entity_type'] as string,
            entityId: r['entity_id'] as string | null,
            subject: r['subject'] as string | null,
            dataDigest: digest,
            records: [],
            purges: [],
          });
          canonical = canonicalEventV2(seq, sealed, text.records ? { at: text.at, action: text.action, records: text.records } : null);
        }
        const hash = chainHash(prev, canonical);
        await tx.query('UPDATE audit_events SET data = $2, data_digest = $3, canonical = $4, prev_hash = $5, hash = $6 WHERE seq = $1', [
          seq,
          data,
          digest,
          canonical,
          prev,
          hash,
        ]);
        prev = hash;
      }
      await tx.query('UPDATE audit_checkpoints c SET hash = e.hash FROM audit_events e WHERE e.seq = c.seq');
    });
    audit.resetCache();
    const forged = (await t.http().get(`/api/audit/verify?seq=${kept.seq}&hash=${kept.hash}`).expect(200)).body;
    // Internally consistent, which is exactly why copies of the head are kept outside.
    expect(forged.valid).toBe(true);
    expect(forged.extends).toBe(false);
    expect(forged.head).not.toBe(before.head);
  });

  it('purges an event’s data with a reason and still verifies', async () => {
    await t.http().post('/api/audit/10/purge').send({ reason: 'names an informer' }).expect(401);
    const countBefore = await eventCount();
    const purged = await audit.purge(10, 'names an informer', systemActor);
    expect(purged).toMatchObject({ seq: 10, purged: true });
    const [row] = await t.db.query('SELECT data, salt, data_digest FROM audit_events WHERE seq = 10');
    expect(row).toMatchObject({ data: null, salt: null });
    expect(row.data_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(await eventCount()).toBe(countBefore + 1);
    const [purgeEvent] = await t.db.query('SELECT action, data FROM audit_events ORDER BY seq DESC LIMIT 1');
    expect(purgeEvent.action).toBe('audit.purged');
    expect(JSON.parse(purgeEvent.data)).toEqual({ reason: 'names an informer', seq: 10 });
    expect((await audit.verify({ full: true })).valid).toBe(true);
    await expect(audit.purge(10, 'again', systemActor)).rejects.toThrow(/already purged/);
    await expect(audit.purge(999999, 'nothing', systemActor)).rejects.toThrow(/No audit event/);
  });

  it('makes the daily checkpoint once a day', async () => {
    const tomorrow = new Date(Date.now() + 25 * 3600 * 1000);
    const first = await audit.checkpointIfDue(tomorrow);
    expect(first).not.toBeNull();
    expect(await audit.checkpointIfDue(new Date())).toBeNull();
  });

  it(`keeps one gapless chain under 50 concurrent writers (${process.env['DATABASE_URL'] ? 'PostgreSQL server' : 'embedded: serial, proves little'})`, async () => {
    await audit.createCheckpoint('manual', systemActor).catch(() => undefined);
    const before = await eventCount();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.db.transaction(async (tx) => {
          // A write of its own first, as every audited write has (one the API's role may make).
          await tx.query(`INSERT INTO app_settings (key, value) VALUES ($1, '{}')`, [`test-concurrent-${i}`]);
          await audit.append(tx, { actor: systemActor, action: 'test.concurrent', entityType: 'test', entityId: String(i), data: { i } });
        }),
      ),
    );
    expect(await eventCount()).toBe(before + 50);
    const seqs = ((await t.db.query('SELECT seq FROM audit_events ORDER BY seq')) as Array<{ seq: string }>).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    const view = await audit.verify({ full: true });
    expect(view).toMatchObject({ valid: true, count: before + 50 });
  });

  it(`binds a record a write changes after the write that changed it, even when another only binds it meanwhile (${process.env['DATABASE_URL'] ? 'PostgreSQL server' : 'embedded: serial, proves little'})`, async () => {
    const [org] = (await t.db.query(`SELECT id, acronym FROM organizations ORDER BY id LIMIT 1`)) as Array<{ id: string; acronym: string }>;
    const bindOnly = (acronymSeen: { value?: string }) =>
      t.db.transaction(async (tx) => {
        // As a password change binds its account: no change of its own to the row.
        await audit.append(tx, { actor: systemActor, action: 'test.bound', entityType: 'organization', entityId: org.id });
        acronymSeen.value = (await tx.query('SELECT acronym FROM organizations WHERE id = $1', [org.id]))[0].acronym;
      });
    // A changes the row and appends (holding the chain's lock), then waits before committing; B
    // binds the same row meanwhile. B must bind A's row, not the one before it.
    const a = t.db.createQueryRunner();
    await a.connect();
    const seen: { value?: string } = {};
    let b: Promise<void> | null = null;
    try {
      await a.startTransaction();
      await a.query('UPDATE organizations SET acronym = $2 WHERE id = $1', [org.id, 'CHANGED']);
      await audit.append(a.manager, { actor: systemActor, action: 'test.changed', entityType: 'organization', entityId: org.id });
      if (t.backend === 'postgres') {
        b = bindOnly(seen);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      await a.commitTransaction();
    } finally {
      await a.release();
    }
    await (b ?? bindOnly(seen));
    expect(seen.value).toBe('CHANGED');
    expect(await audit.runFullVerification({ wait: true })).toMatchObject({ valid: true });
    await t.db.transaction(async (tx) => {
      await tx.query('UPDATE organizations SET acronym = $2 WHERE id = $1', [org.id, org.acronym]);
      await audit.append(tx, { actor: systemActor, action: 'test.changed', entityType: 'organization', entityId: org.id });
    });
  });
});
