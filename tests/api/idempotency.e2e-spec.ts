import { randomBytes, randomUUID } from 'node:crypto';

import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, type IdempotencyAnswer } from '@suivi/contracts';
import { noisyJpeg } from '../../apps/api/src/evidence/testing/evidence-fixtures';
import type { Response } from 'supertest';

import { AccountCache } from '../../apps/api/src/access/account-cache.service';
import { IDEMPOTENT_RESOURCE, NOT_IDEMPOTENT_REASON } from '../../apps/api/src/common/idempotent.decorator';
import { TEST_HOLD_HEADER } from '../../apps/api/src/idempotency/idempotency.interceptor';
import { IdempotencyReplays } from '../../apps/api/src/idempotency/idempotency-replays';
import { listRoutes } from '../reliability/support/routes';
import { bearer, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

// DESIGN.md, "Idempotent creation": every creating POST honours an Idempotency-Key, so a request
// sent again after its answer was lost (a phone in Gao whose connection dropped) creates nothing
// twice. Built from the controllers' metadata: a new POST fails here until it takes keys or says
// why it does not.

/** Every POST that does not take keys, and why (the reason is the route's own decorator). */
const OPTED_OUT = [
  'POST /api/auth/register',
  'POST /api/auth/login',
  'POST /api/auth/refresh',
  'POST /api/auth/logout',
  'POST /api/auth/reset',
  'POST /api/email/unsubscribe',
  'POST /api/follows',
  'POST /api/audit/checkpoints',
  'POST /api/audit/:seq/purge',
  'POST /api/notifications',
  'POST /api/notifications/:id/read',
  'POST /api/rounds/:id/close',
  'POST /api/imports/commitments',
  'POST /api/imports/progress',
  'POST /api/me/password',
  'POST /api/users/:id/approve',
  'POST /api/users/:id/suspend',
  'POST /api/users/:id/reinstate',
  'POST /api/users/:id/confirm',
  'POST /api/users/:id/reset-link',
  'POST /api/moderation/flags/:id/resolve',
  'POST /api/messages/:id/hide',
  'POST /api/messages/:id/unhide',
  'POST /api/moderation/sanctions/:id/lift',
  'POST /api/threads/:id/lock',
  'POST /api/threads/:id/unlock',
  'POST /api/threads/:id/read',
].sort();

interface Context {
  secretariat: Session;
  justice: Session;
  civil: Session;
  dialogueId: string;
  ownerId: string;
  /** A commitment of the ministry (justice's organisation). */
  commitmentId: string;
  publicThreadId: string;
  messageId: string;
  /** A report of the ministry's, fresh for a route that acts once per report. */
  reportId?: string;
}

interface Fixture {
  as: (c: Context) => Session;
  path: (c: Context) => string;
  /** A fresh target where the route may act once per target (a report verified, translated once). */
  prepare?: (c: Context) => Promise<Partial<Context>>;
  body: (c: Context) => object;
  /** The table that gains one row. */
  table: string;
}

/** One fixture per creating route, succeeding on the demo data. */
const FIXTURES: Record<string, Fixture> = {
  'POST /api/organizations': {
    as: (c) => c.secretariat,
    path: () => '/api/organizations',
    body: () => ({ name: { fr: `Collectif ${randomUUID().slice(0, 8)}` }, group: 'civil_society' }),
    table: 'organizations',
  },
  'POST /api/dialogues': {
    as: (c) => c.secretariat,
    path: () => '/api/dialogues',
    body: () => ({ title: { en: 'Follow-up round' }, startDate: '2026-01-10', endDate: '2026-01-12' }),
    table: 'dialogues',
  },
  'POST /api/recommendations': {
    as: (c) => c.secretariat,
    path: () => '/api/recommendations',
    body: (c) => ({ dialogueId: c.dialogueId, code: `K${randomBytes(3).toString('hex')}`, text: { en: 'Publish the registry' } }),
    table: 'recommendations',
  },
  'POST /api/commitments': {
    as: (c) => c.secretariat,
    path: () => '/api/commitments',
    body: (c) => ({ dialogueId: c.dialogueId, title: { en: 'A commitment sent twice' }, ownerId: c.ownerId }),
    table: 'commitments',
  },
  'POST /api/commitments/:id/milestones': {
    as: (c) => c.justice,
    path: (c) => `/api/commitments/${c.commitmentId}/milestones`,
    body: () => ({ title: { fr: 'Décret publié' }, plannedDate: '2027-03-01' }),
    table: 'milestones',
  },
  'POST /api/commitments/:id/reports': {
    as: (c) => c.justice,
    path: (c) => `/api/commitments/${c.commitmentId}/reports`,
    body: () => ({ kind: 'self_report', status: 'in_progress', narrative: { fr: 'Envoyé depuis Gao, la connexion a coupé.' } }),
    table: 'progress_reports',
  },
  'POST /api/reports/:id/verify': {
    as: (c) => c.secretariat,
    prepare: async (c) => ({ reportId: await newReport(c) }),
    path: (c) => `/api/reports/${c.reportId}/verify`,
    body: () => ({ note: 'Checked against the registry' }),
    table: 'report_verifications',
  },
  'POST /api/reports/:id/translation': {
    as: (c) => c.justice,
    prepare: async (c) => ({ reportId: await newReport(c) }),
    path: (c) => `/api/reports/${c.reportId}/translation`,
    body: () => ({ locale: 'en', narrative: 'Sent from Gao.' }),
    table: 'report_translations',
  },
  'POST /api/threads': {
    as: (c) => c.secretariat,
    path: () => '/api/threads',
    body: () => ({ title: { en: 'Sent twice?' }, visibility: 'public' }),
    table: 'threads',
  },
  'POST /api/dialogues/:id/rounds': {
    as: (c) => c.secretariat,
    // A dialogue's rounds do not overlap: each trial asks on a dialogue of its own.
    prepare: async (c) => ({ dialogueId: await newDialogue(c) }),
    path: (c) => `/api/dialogues/${c.dialogueId}/rounds`,
    body: () => ({ title: { en: 'A round sent twice' }, opensOn: '2031-01-05', dueOn: '2031-01-20', inviteAssessments: true }),
    table: 'reporting_rounds',
  },
  'POST /api/threads/:id/messages': {
    as: (c) => c.civil,
    path: (c) => `/api/threads/${c.publicThreadId}/messages`,
    body: () => ({ body: 'Reçu ? Le réseau coupe à Kidal.', pseudonymous: true }),
    table: 'messages',
  },
  'POST /api/messages/:id/flags': {
    as: (c) => c.civil,
    path: (c) => `/api/messages/${c.messageId}/flags`,
    body: () => ({ reason: 'Names a witness' }),
    table: 'flags',
  },
  'POST /api/messages/:id/sanction': {
    as: (c) => c.secretariat,
    path: (c) => `/api/messages/${c.messageId}/sanction`,
    body: () => ({ kind: 'warning', reason: 'Keep witnesses unnamed' }),
    table: 'sanctions',
  },
};

let t: TestApp;
let ctx: Context;

async function newDialogue(c: Context): Promise<string> {
  const res = await t
    .http()
    .post('/api/dialogues')
    .set(bearer(c.secretariat))
    .send({ title: { en: `Round dialogue ${randomUUID().slice(0, 8)}` }, startDate: '2026-01-10', endDate: '2026-01-12' })
    .expect(201);
  return res.body.id as string;
}

async function newReport(c: Context): Promise<string> {
  const res = await t
    .http()
    .post(`/api/commitments/${c.commitmentId}/reports`)
    .set(bearer(c.justice))
    .send({ kind: 'self_report', status: 'in_progress', narrative: { fr: 'Rapport du trimestre.' } })
    .expect(201);
  return res.body.id as string;
}

const count = async (table: string) => Number((await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

describe('idempotent creation', () => {
  beforeAll(async () => {
    t = await startTestApp();
    const [pjs] = await t.db.query(
      `SELECT c.id FROM commitments c JOIN organizations o ON o.id = c.owner_id WHERE o.acronym = 'MJDH' ORDER BY c.id LIMIT 1`,
    );
    const [dialogue] = await t.db.query('SELECT id FROM dialogues LIMIT 1');
    const [government] = await t.db.query(`SELECT id FROM organizations WHERE stakeholder_group = 'government' LIMIT 1`);
    const [thread] = await t.db.query(`SELECT id FROM threads WHERE subject_type = 'commitment' AND subject_id = $1`, [pjs.id]);
    const justice = await signIn(t, 'justice@suivi.demo');
    const message = await t
      .http()
      .post(`/api/threads/${thread.id}/messages`)
      .set(bearer(justice))
      .send({ body: 'The witness from Mopti, X., confirmed it.' })
      .expect(201);
    ctx = {
      secretariat: await signIn(t, 'secretariat@suivi.demo'),
      justice,
      civil: await signIn(t, 'civil@suivi.demo'),
      dialogueId: dialogue.id,
      ownerId: government.id,
      commitmentId: pjs.id,
      publicThreadId: thread.id,
      messageId: message.body.id,
    };
  });
  afterAll(() => t?.close());

  it('covers every POST: each takes keys (with a fixture here and a replay reader) or says why not', () => {
    const posts = listRoutes(t.running.app).filter((r) => r.method === 'POST');
    const unmarked = posts.filter((r) => !r.metadata(IDEMPOTENT_RESOURCE) && !r.metadata(NOT_IDEMPOTENT_REASON)).map((r) => r.path);
    expect(unmarked).toEqual([]);
    const optedOut = posts.filter((r) => r.metadata(NOT_IDEMPOTENT_REASON) && !r.metadata(IDEMPOTENT_RESOURCE));
    for (const route of optedOut) {
      expect(route.metadata<string>(NOT_IDEMPOTENT_REASON)?.length).toBeGreaterThan(20);
    }
    expect(optedOut.map((r) => `POST ${r.path}`).sort()).toEqual(OPTED_OUT);
    const taking = posts.filter((r) => r.metadata(IDEMPOTENT_RESOURCE));
    expect(taking.map((r) => `POST ${r.path}`).sort()).toEqual(Object.keys(FIXTURES).sort());
    const replays = t.running.app.get(IdempotencyReplays);
    expect(taking.filter((r) => !replays.has(r.metadata<string>(IDEMPOTENT_RESOURCE) ?? '')).map((r) => r.path)).toEqual([]);
  });

  // Three copies under one key: the first holds its transaction open after its key row (a
  // test-only delay), the second arrives during it and waits on the key, the third after both.
  it.each(Object.entries(FIXTURES))('%s: three copies under one key make one row and one answer', async (_route, fixture) => {
    const c = { ...ctx, ...((await fixture.prepare?.(ctx)) ?? {}) };
    const key = randomUUID();
    const before = await count(fixture.table);
    // Built once: a fixture's body may be random (a unique name), and the copies must be equal.
    const body = fixture.body(c);
    const send = (hold?: number) => {
      const req = t
        .http()
        .post(fixture.path(c))
        .set(bearer(fixture.as(c)))
        .set(IDEMPOTENCY_KEY_HEADER, key);
      return (hold ? req.set(TEST_HOLD_HEADER, String(hold)) : req).send(body);
    };
    let firstAnsweredAt = 0;
    const first = send(1500).then((res) => {
      firstAnsweredAt = Date.now();
      return res;
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const secondSentAt = Date.now();
    const second = await send();
    const firstRes = await first;
    const third = await send();
    expect(firstRes.status).toBeLessThan(300);
    expect(secondSentAt).toBeLessThan(firstAnsweredAt);
    for (const res of [second, third]) {
      expect({ status: res.status, id: res.body.id }).toEqual({ status: firstRes.status, id: firstRes.body.id });
      expect(res.headers[IDEMPOTENT_REPLAYED_HEADER.toLowerCase()]).toBe('true');
    }
    expect(firstRes.headers[IDEMPOTENT_REPLAYED_HEADER.toLowerCase()]).toBeUndefined();
    expect(await count(fixture.table)).toBe(before + 1);
  });

  it('answers a key sent again with another body with 409 idempotency_key_reused, and writes nothing', async () => {
    const key = randomUUID();
    const path = `/api/threads/${ctx.publicThreadId}/messages`;
    await t.http().post(path).set(bearer(ctx.justice)).set(IDEMPOTENCY_KEY_HEADER, key).send({ body: 'first words' }).expect(201);
    const before = await count('messages');
    const res = await t
      .http()
      .post(path)
      .set(bearer(ctx.justice))
      .set(IDEMPOTENCY_KEY_HEADER, key)
      .send({ body: 'other words' })
      .expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'idempotency_key_reused' });
    expect(await count('messages')).toBe(before);
    // The same key on another path is another key: scoped to (account, method, route).
    const [other] = await t.db.query(`SELECT id FROM threads WHERE visibility = 'public' AND id <> $1 LIMIT 1`, [ctx.publicThreadId]);
    await t
      .http()
      .post(`/api/threads/${other.id}/messages`)
      .set(bearer(ctx.justice))
      .set(IDEMPOTENCY_KEY_HEADER, key)
      .send({ body: 'other words' })
      .expect(201);
  });

  it('scopes keys to the account: the same key from another person is their own request', async () => {
    const key = randomUUID();
    const path = `/api/threads/${ctx.publicThreadId}/messages`;
    const mine = await t.http().post(path).set(bearer(ctx.justice)).set(IDEMPOTENCY_KEY_HEADER, key).send({ body: 'same words' });
    const theirs = await t.http().post(path).set(bearer(ctx.civil)).set(IDEMPOTENCY_KEY_HEADER, key).send({ body: 'same words' });
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.body.author).toMatchObject({ kind: 'member', name: 'Fatoumata Keïta' });
    // Nor can another person ask whether it was answered, or read the answer.
    await t
      .http()
      .get(`/api/idempotency-keys/${key}`)
      .query({ path })
      .set(bearer(ctx.secretariat))
      .expect(404)
      .expect((r: Response) => expect(r.body.code).toBe('idempotency_key_unanswered'));
    await t.http().get(`/api/idempotency-keys/${key}`).query({ path }).expect(401);
  });

  it('refuses a malformed key with a 400 naming the header, and a malformed check with a 400 naming the field', async () => {
    const path = `/api/threads/${ctx.publicThreadId}/messages`;
    const res = await t.http().post(path).set(bearer(ctx.justice)).set(IDEMPOTENCY_KEY_HEADER, 'short').send({ body: 'x' }).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(IDEMPOTENCY_KEY_HEADER);
    const check = await t
      .http()
      .get(`/api/idempotency-keys/${randomUUID()}`)
      .query({ path: 'elsewhere' })
      .set(bearer(ctx.justice))
      .expect(400);
    expect(JSON.stringify(check.body.message)).toContain('path');
  });

  it('replays as the resource reads now: a message hidden since is replayed hidden, to the same person', async () => {
    const key = randomUUID();
    const path = `/api/threads/${ctx.publicThreadId}/messages`;
    const sent = await t
      .http()
      .post(path)
      .set(bearer(ctx.justice))
      .set(IDEMPOTENCY_KEY_HEADER, key)
      .send({ body: 'a name I regret' })
      .expect(201);
    await t.http().post(`/api/messages/${sent.body.id}/hide`).set(bearer(ctx.secretariat)).send({ reason: 'names a person' }).expect(200);
    const replayed = await t
      .http()
      .post(path)
      .set(bearer(ctx.justice))
      .set(IDEMPOTENCY_KEY_HEADER, key)
      .send({ body: 'a name I regret' })
      .expect(201);
    expect(replayed.body).toMatchObject({ id: sent.body.id, state: 'hidden' });
    expect(JSON.stringify(replayed.body)).not.toContain('a name I regret');
  });

  it('replays a sanction only to a reader who is still a moderator', async () => {
    const key = randomUUID();
    const path = `/api/messages/${ctx.messageId}/sanction`;
    const sanction = await t
      .http()
      .post(path)
      .set(bearer(ctx.secretariat))
      .set(IDEMPOTENCY_KEY_HEADER, key)
      .send({ kind: 'warning', reason: 'Names a witness again' })
      .expect(201);
    const ask = () => t.http().get(`/api/idempotency-keys/${key}`).query({ path }).set(bearer(ctx.secretariat));
    expect((await ask().expect(200)).body.id).toBe(sanction.body.id);
    // Within the key's day the account stops being the secretariat (put back after: the record binds roles).
    const cache = t.running.app.get(AccountCache);
    await t.adminDb.query(`UPDATE users SET role = 'member' WHERE id = $1`, [ctx.secretariat.userId]);
    await cache.invalidate(ctx.secretariat.userId);
    try {
      const refused = await ask().expect(403);
      expect(JSON.stringify(refused.body)).not.toContain(sanction.body.id);
    } finally {
      await t.adminDb.query(`UPDATE users SET role = 'secretariat' WHERE id = $1`, [ctx.secretariat.userId]);
      await cache.invalidate(ctx.secretariat.userId);
    }
    await ask().expect(200);
  });

  it('forgets a key after 24 hours: the request then creates afresh', async () => {
    const key = randomUUID();
    const path = `/api/commitments/${ctx.commitmentId}/milestones`;
    const body = { title: { en: 'Decree published' } };
    const first = await t.http().post(path).set(bearer(ctx.justice)).set(IDEMPOTENCY_KEY_HEADER, key).send(body).expect(201);
    await t.adminDb.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`, [key]);
    const again = await t.http().post(path).set(bearer(ctx.justice)).set(IDEMPOTENCY_KEY_HEADER, key).send(body).expect(201);
    expect(again.body.id).not.toBe(first.body.id);
    expect(again.headers[IDEMPOTENT_REPLAYED_HEADER.toLowerCase()]).toBeUndefined();
  });

  it('after a reset through a link, a key used before is not answered: the POST creates afresh and names nothing earlier', async () => {
    const civil = await signIn(t, 'civil@suivi.demo');
    const key = randomUUID();
    const path = `/api/threads/${ctx.publicThreadId}/messages`;
    const body = { body: 'Sous pseudonyme, avant la réinitialisation.', pseudonymous: true };
    const before = await t.http().post(path).set(bearer(civil)).set(IDEMPOTENCY_KEY_HEADER, key).send(body).expect(201);
    const link = (await t.http().post(`/api/users/${civil.userId}/reset-link`).set(bearer(ctx.secretariat)).expect(200)).body as {
      path: string;
    };
    const token = new URL(link.path, 'http://x').searchParams.get('token');
    const password = 'a new passphrase after the reset';
    await t.http().post('/api/auth/reset').send({ token, newPassword: password }).expect(204);
    // The reset's own transaction took the account's keys with it.
    expect(await t.adminDb.query('SELECT key FROM idempotency_keys WHERE user_id = $1', [civil.userId])).toEqual([]);
    const holder = await signIn(t, 'civil@suivi.demo', password);
    const after = await t.http().post(path).set(bearer(holder)).set(IDEMPOTENCY_KEY_HEADER, key).send(body).expect(201);
    expect(after.headers[IDEMPOTENT_REPLAYED_HEADER.toLowerCase()]).toBeUndefined();
    expect(after.body.id).not.toBe(before.body.id);
    expect(after.body.author.pseudonym).not.toBe(before.body.author.pseudonym);
    const answer = JSON.stringify(after.body);
    expect(answer).not.toContain(before.body.id);
    expect(answer).not.toContain(before.body.author.pseudonym);
    await t.http().get(`/api/idempotency-keys/${key}`).query({ path }).set(bearer(holder)).expect(200);
    ctx.civil = holder;
  });

  it('lets a client ask before sending 5 MB again: the answer comes back without the file, and a full copy uploads nothing new', async () => {
    const photo = await noisyJpeg(5 * 1024 * 1024);
    const key = randomUUID();
    const path = `/api/commitments/${ctx.commitmentId}/reports`;
    const report = JSON.stringify({ kind: 'self_report', status: 'in_progress', narrative: { fr: 'Photo du greffe de Gao.' } });
    const upload = () =>
      t
        .http()
        .post(path)
        .set(bearer(ctx.justice))
        .set(IDEMPOTENCY_KEY_HEADER, key)
        .field('report', report)
        .attach('evidence', photo, { filename: 'greffe.jpg', contentType: 'image/jpeg' });
    const unasked = await t.http().get(`/api/idempotency-keys/${key}`).query({ path }).set(bearer(ctx.justice)).expect(404);
    expect(unasked.body.code).toBe('idempotency_key_unanswered');
    const files = await count('evidence_files');
    const first = await upload().expect(201);
    const asked = await t.http().get(`/api/idempotency-keys/${key}`).query({ path }).set(bearer(ctx.justice)).expect(200);
    const answer = asked.body as IdempotencyAnswer;
    expect(answer).toMatchObject({ status: 201, resource: 'report', id: first.body.id });
    expect((answer.body as { id: string }).id).toBe(first.body.id);
    // A client whose answer was lost sends the question (no body) and gets the report back.
    const askedBytes = Buffer.byteLength(JSON.stringify(answer));
    process.stdout.write(
      `idempotency: a ${photo.length}-byte report asked after a lost answer: 0 bytes sent again, ${askedBytes} bytes back\n`,
    );
    // A client that sends the whole report again anyway: replayed, nothing new stored.
    const again = await upload().expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers[IDEMPOTENT_REPLAYED_HEADER.toLowerCase()]).toBe('true');
    expect(await count('evidence_files')).toBe(files + 1);
    // Another file under the same key is another request.
    const other = await t
      .http()
      .post(path)
      .set(bearer(ctx.justice))
      .set(IDEMPOTENCY_KEY_HEADER, key)
      .field('report', report)
      .attach('evidence', await noisyJpeg(64 * 1024), { filename: 'greffe.jpg', contentType: 'image/jpeg' })
      .expect(409);
    expect(other.body.code).toBe('idempotency_key_reused');
  });
});
