import type { MessageView, OrganizationView, OwnPseudonymView, Page, ThreadListItem, ThreadReadView, ThreadView } from '@suivi/contracts';

import { bearer, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

// Issue 22: the discussions list searched, filtered and counted for its reader, and one's own
// pseudonym shown before sending. A search never finds what the reader could not read: not a
// thread of another audience, not a hidden, deleted or purged message. The pseudonym route answers
// its caller alone, and after a reset through a link only with a pseudonym nothing was written under.

const db = process.env['DATABASE_URL'] ? 'PostgreSQL server' : 'embedded';

/** A made-up word no demo text holds, so a search finds only what the test wrote. */
function word(prefix: string): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return prefix + Array.from({ length: 7 }, () => letters[Math.floor(Math.random() * letters.length)]).join('');
}

describe(`the discussions list: search, filters, unread counts (${db})`, () => {
  let t: TestApp;
  let justice: Session;
  let civil: Session;
  let secretariat: Session;
  let channel: string;
  let safeSpace: string;
  let governmentSpace: string;
  const words = {
    channelTitle: word('baobab'),
    safeTitle: word('karite'),
    safeMessage: word('informer'),
    governmentMessage: word('decree'),
    publicMessage: word('judges'),
    hidden: word('clerk'),
    deleted: word('witness'),
    purged: word('address'),
    commitmentTitle: word('ferry'),
    commitmentDescription: word('pontoon'),
  };

  const list = (session: Session | null, query: string) => {
    const req = t.http().get(`/api/threads?${query}`);
    return session ? req.set(bearer(session)) : req;
  };
  const search = async (session: Session | null, q: string, extra = '') =>
    (await list(session, `q=${encodeURIComponent(q)}&pageSize=100${extra}`).expect(200)).body as Page<ThreadListItem>;
  const post = async (session: Session, threadId: string, body: object) =>
    (await t.http().post(`/api/threads/${threadId}/messages`).set(bearer(session)).send(body).expect(201)).body as MessageView;
  const newThread = async (title: { en?: string; fr?: string }, visibility: string) =>
    ((await t.http().post('/api/threads').set(bearer(secretariat)).send({ title, visibility }).expect(201)).body as ThreadView).id;

  beforeAll(async () => {
    t = await startTestApp({ env: { MESSAGES_PER_MINUTE: '1000' } });
    [justice, civil, secretariat] = await Promise.all(['justice', 'civil', 'secretariat'].map((n) => signIn(t, `${n}@suivi.demo`)));
    channel = await newThread({ en: `Wells and ${words.channelTitle}`, fr: `Les puits et ${words.channelTitle}` }, 'public');
    safeSpace = await newThread({ en: `Safety ${words.safeTitle}`, fr: `Sécurité ${words.safeTitle}` }, 'group:civil_society');
    governmentSpace = await newThread({ en: 'Ministries only' }, 'group:government');
    await post(civil, safeSpace, { body: `The ${words.safeMessage} in Gao was threatened.`, pseudonymous: true });
    await post(justice, governmentSpace, { body: `The ${words.governmentMessage} is signed.` });
    await post(justice, channel, { body: `Twelve ${words.publicMessage} took office.` });
    const hidden = await post(justice, channel, { body: `The ${words.hidden} lives near the market.` });
    await t.http().post(`/api/messages/${hidden.id}/hide`).set(bearer(secretariat)).send({ reason: 'names a clerk' }).expect(200);
    const deleted = await post(justice, channel, { body: `A ${words.deleted} came forward.` });
    await t.http().delete(`/api/messages/${deleted.id}`).set(bearer(justice)).expect(200);
    const purged = await post(justice, channel, { body: `Her ${words.purged} is known.` });
    const [created] = (await t.db.query(`SELECT seq FROM audit_events WHERE action = 'message.created' AND entity_id = $1`, [
      purged.id,
    ])) as Array<{ seq: string }>;
    await t.http().post(`/api/audit/${created.seq}/purge`).set(bearer(secretariat)).send({ reason: 'endangers a person' }).expect(200);
  });
  afterAll(() => t?.close());

  describe('search', () => {
    it('finds a safe space by its messages for civil society and the secretariat, and for nobody else', async () => {
      const asCivil = await search(civil, words.safeMessage);
      expect(asCivil.items.map((i) => [i.id, i.found])).toEqual([[safeSpace, 'messages']]);
      expect(asCivil.total).toBe(1);
      expect((await search(secretariat, words.safeMessage)).items.map((i) => i.id)).toEqual([safeSpace]);
      for (const other of [null, justice]) {
        expect(await search(other, words.safeMessage)).toMatchObject({ items: [], total: 0 });
        // Nor by its title, which the list would show them.
        expect(await search(other, words.safeTitle)).toMatchObject({ items: [], total: 0 });
      }
      // And a government space stays closed to civil society, by its messages too.
      expect(await search(civil, words.governmentMessage)).toMatchObject({ items: [], total: 0 });
      expect((await search(justice, words.governmentMessage)).items.map((i) => i.id)).toEqual([governmentSpace]);
    });

    it('finds a public channel by its title in either language and by its messages, for anyone', async () => {
      const byTitle = await search(null, words.channelTitle);
      expect(byTitle.items.map((i) => [i.id, i.found])).toEqual([[channel, 'title']]);
      // The French stemmer reads "puits" in the French title as the query's "puits".
      expect((await search(null, `puits ${words.channelTitle}`)).items.map((i) => i.id)).toEqual([channel]);
      expect((await search(null, words.publicMessage)).items.map((i) => [i.id, i.found])).toEqual([[channel, 'messages']]);
      expect((await search(civil, words.safeTitle)).items.map((i) => [i.id, i.found])).toEqual([[safeSpace, 'title']]);
    });

    it('never finds the words of a hidden, deleted or purged message, whoever searches', async () => {
      for (const reader of [null, justice, civil, secretariat]) {
        for (const q of [words.hidden, words.deleted, words.purged]) {
          expect({ q, total: (await search(reader, q)).total }).toEqual({ q, total: 0 });
        }
      }
      // Shown again, the hidden message is found: the search above could have found it.
      const [hidden] = (await t.db.query(`SELECT id FROM messages WHERE thread_id = $1 AND state = 'hidden' AND body LIKE $2`, [
        channel,
        `%${words.hidden}%`,
      ])) as Array<{ id: string }>;
      await t.http().post(`/api/messages/${hidden.id}/unhide`).set(bearer(secretariat)).send({ reason: 'on appeal' }).expect(200);
      expect((await search(null, words.hidden)).items.map((i) => i.id)).toEqual([channel]);
      await t.http().post(`/api/messages/${hidden.id}/hide`).set(bearer(secretariat)).send({ reason: 'again' }).expect(200);
      expect((await search(null, words.hidden)).total).toBe(0);
    });

    it('finds a commitment’s thread by the commitment’s title, not its description', async () => {
      const orgs = (await t.http().get('/api/organizations').expect(200)).body as OrganizationView[];
      const [dialogue] = (await t.db.query('SELECT id FROM dialogues LIMIT 1')) as Array<{ id: string }>;
      const commitment = (
        await t
          .http()
          .post('/api/commitments')
          .set(bearer(secretariat))
          .send({
            dialogueId: dialogue.id,
            title: { en: `Run the ${words.commitmentTitle} to Ansongo` },
            description: { en: `With a ${words.commitmentDescription}.` },
            ownerId: orgs.find((o) => o.acronym === 'MJDH')?.id,
          })
          .expect(201)
      ).body as { id: string };
      const found = await search(null, words.commitmentTitle);
      expect(found.items).toEqual([expect.objectContaining({ subjectType: 'commitment', subjectId: commitment.id, found: 'title' })]);
      expect((await search(null, words.commitmentDescription)).total).toBe(0);
    });

    it('takes any text without failing, and refuses a search too long, naming the field', async () => {
      for (const q of ['"unterminated', '(!:*&|', '-', 'le la les', "l'état d’urgence"]) {
        await list(civil, `q=${encodeURIComponent(q)}`).expect(200);
      }
      const res = await list(null, `q=${'a'.repeat(201)}`).expect(400);
      expect(res.body.message).toEqual([expect.stringMatching(/^q must be shorter than or equal to 200 characters/)]);
    });
  });

  describe('filters', () => {
    it('narrows by subject, general channels included, and by visibility, within what the reader may read', async () => {
      const general = (await list(civil, 'subject=general&pageSize=100').expect(200)).body as Page<ThreadListItem>;
      expect(general.items.length).toBeGreaterThan(0);
      expect(general.items.every((i) => i.subjectType === null)).toBe(true);
      expect(general.items.map((i) => i.id)).toEqual(expect.arrayContaining([channel, safeSpace]));
      expect(general.items.map((i) => i.id)).not.toContain(governmentSpace);
      const commitments = (await list(null, 'subject=commitment&pageSize=100').expect(200)).body as Page<ThreadListItem>;
      expect(commitments.items.length).toBeGreaterThan(0);
      expect(commitments.items.every((i) => i.subjectType === 'commitment')).toBe(true);

      const safe = (await list(civil, 'visibility=group:civil_society&pageSize=100').expect(200)).body as Page<ThreadListItem>;
      expect(safe.items.map((i) => i.id)).toContain(safeSpace);
      expect(safe.items.every((i) => i.visibility === 'group:civil_society')).toBe(true);
      // Asking for a space one may not read answers as if it had none.
      expect((await list(justice, 'visibility=group:civil_society').expect(200)).body).toMatchObject({ items: [], total: 0 });
      expect((await list(null, 'visibility=participants').expect(200)).body).toMatchObject({ items: [], total: 0 });
      const both = (await list(civil, `visibility=public&subject=general&q=${words.channelTitle}`).expect(200)).body;
      expect(both.items.map((i: ThreadListItem) => i.id)).toEqual([channel]);
    });

    it('counts every match whatever the page, and answers past the last page with the total', async () => {
      const all = (await list(null, 'pageSize=100').expect(200)).body as Page<ThreadListItem>;
      const second = (await list(null, 'pageSize=2&page=2').expect(200)).body as Page<ThreadListItem>;
      expect(second).toMatchObject({ total: all.total, page: 2, pageSize: 2 });
      expect(second.items.map((i) => i.id)).toEqual(all.items.slice(2, 4).map((i) => i.id));
      expect((await list(null, 'page=999').expect(200)).body).toMatchObject({ items: [], total: all.total, page: 999 });
    });

    it('lists threads with no message after every active one', async () => {
      const all = ((await list(secretariat, 'pageSize=100').expect(200)).body as Page<ThreadListItem>).items;
      const firstEmpty = all.findIndex((i) => i.messageCount === 0);
      expect(firstEmpty).toBeGreaterThan(0);
      expect(all.slice(firstEmpty).every((i) => i.messageCount === 0 && i.lastMessageAt === null)).toBe(true);
      const active = all.slice(0, firstEmpty).map((i) => i.lastMessageAt ?? '');
      expect(active).toEqual([...active].sort().reverse());
    });

    it.each([
      ['subject=channel', 'subject'],
      ['visibility=group:everyone', 'visibility'],
      ['unread=maybe', 'unread'],
      ['sort=loudest', 'sort'],
      ['pageSize=1000', 'pageSize'],
    ])('refuses %s with a 400 naming %s', async (query, field) => {
      const res = await list(civil, query).expect(400);
      expect(res.body.message).toEqual([expect.stringMatching(new RegExp(`^${field}`))]);
    });

    it('refuses the list’s filters on a subject’s threads, and unread filters to whoever keeps no read marks', async () => {
      const [c] = (await t.db.query(`SELECT id FROM commitments LIMIT 1`)) as Array<{ id: string }>;
      const res = await list(null, `subjectType=commitment&subjectId=${c.id}&q=pole`).expect(400);
      expect(res.body.message).toEqual([expect.stringMatching(/^q cannot be used with subjectType/)]);
      expect((await list(null, 'unread=true').expect(400)).body.message).toEqual([expect.stringMatching(/^unread:/)]);
      expect((await list(null, 'sort=unread').expect(400)).body.message).toEqual([expect.stringMatching(/^sort:/)]);
    });
  });

  describe('unread counts', () => {
    let fresh: string;
    const item = async (session: Session, id: string) =>
      ((await list(session, 'pageSize=100').expect(200)).body as Page<ThreadListItem>).items.find((i) => i.id === id);
    const markRead = (session: Session | null, id: string, body: object) => {
      const req = t.http().post(`/api/threads/${id}/read`);
      return (session ? req.set(bearer(session)) : req).send(body);
    };

    beforeAll(async () => {
      fresh = await newThread({ en: 'Unread counts', fr: 'Messages non lus' }, 'public');
      await post(justice, fresh, { body: 'one' });
      await post(justice, fresh, { body: 'two' });
    });

    it('counts every message of a thread never opened, and none for the public', async () => {
      expect(await item(civil, fresh)).toMatchObject({ messageCount: 2, unread: 2 });
      const anonymous = ((await list(null, 'pageSize=100').expect(200)).body as Page<ThreadListItem>).items;
      expect(anonymous.every((i) => i.unread === null)).toBe(true);
    });

    it('counts from the latest message seen, which only moves forward and never past the last message', async () => {
      expect((await markRead(civil, fresh, { upTo: 1 }).expect(200)).body).toEqual({ threadId: fresh, lastReadNumber: 1, unread: 1 });
      expect(await item(civil, fresh)).toMatchObject({ unread: 1 });
      // An older tab reporting late leaves the mark where it is.
      expect((await markRead(civil, fresh, { upTo: 0 }).expect(200)).body).toMatchObject({ lastReadNumber: 1, unread: 1 });
      expect((await markRead(civil, fresh, { upTo: 999 }).expect(200)).body).toEqual({ threadId: fresh, lastReadNumber: 2, unread: 0 });
      // Each person's own: the ministry's count has not moved.
      expect(await item(justice, fresh)).toMatchObject({ unread: 2 });
      await post(justice, fresh, { body: 'three' });
      expect(await item(civil, fresh)).toMatchObject({ unread: 1, messageCount: 3 });
    });

    it('lists only the threads with unread messages, and the most unread first', async () => {
      const unread = ((await list(civil, 'unread=true&pageSize=100').expect(200)).body as Page<ThreadListItem>).items;
      expect(unread.map((i) => i.id)).toContain(fresh);
      expect(unread.every((i) => (i.unread ?? 0) > 0)).toBe(true);
      await markRead(civil, fresh, { upTo: 3 }).expect(200);
      const after = ((await list(civil, 'unread=true&pageSize=100').expect(200)).body as Page<ThreadListItem>).items;
      expect(after.map((i) => i.id)).not.toContain(fresh);
      const read = ((await list(civil, 'unread=false&pageSize=100').expect(200)).body as Page<ThreadListItem>).items;
      expect(read.map((i) => i.id)).toContain(fresh);

      const sorted = ((await list(civil, 'sort=unread&pageSize=100').expect(200)).body as Page<ThreadListItem>).items.map(
        (i) => i.unread ?? 0,
      );
      expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
      expect(sorted[0]).toBeGreaterThan(0);
    });

    it('keeps read marks for members only, on threads they may read, and names a bad field', async () => {
      await markRead(null, fresh, { upTo: 1 }).expect(401);
      await markRead(civil, governmentSpace, { upTo: 1 }).expect(403);
      await markRead(civil, '00000000-0000-4000-8000-000000000000', { upTo: 1 }).expect(404);
      for (const [body, pattern] of [
        [{ upTo: -1 }, /^upTo must not be less than 0/],
        [{ upTo: 'all' }, /^upTo must be an integer/],
        [{}, /^upTo/],
        [{ upTo: 1, userId: justice.userId }, /^userId: property userId should not exist/],
      ] as const) {
        const res = await markRead(civil, fresh, body).expect(400);
        expect(res.body.message).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]));
      }
    });
  });
});

describe(`one's own pseudonym before sending (${db})`, () => {
  let t: TestApp;
  let civil: Session;
  let colleague: Session;
  let justice: Session;
  let secretariat: Session;
  let pending: Session;
  let safeSpace: string;
  let governmentSpace: string;
  let publicThread: string;

  const ask = (session: Session | null, threadId: string, query = '') => {
    const req = t.http().get(`/api/threads/${threadId}/pseudonym${query}`);
    return session ? req.set(bearer(session)) : req;
  };
  const pseudonymOf = async (session: Session, threadId: string) =>
    ((await ask(session, threadId).expect(200)).body as OwnPseudonymView).pseudonym;
  const postUnder = async (session: Session, threadId: string, body: string) =>
    (
      (await t.http().post(`/api/threads/${threadId}/messages`).set(bearer(session)).send({ body, pseudonymous: true }).expect(201))
        .body as MessageView
    ).author;

  beforeAll(async () => {
    t = await startTestApp({ env: { MESSAGES_PER_MINUTE: '1000' } });
    [civil, justice, secretariat] = await Promise.all(['civil', 'justice', 'secretariat'].map((n) => signIn(t, `${n}@suivi.demo`)));
    const thread = async (visibility: string) =>
      (
        (
          await t
            .http()
            .post('/api/threads')
            .set(bearer(secretariat))
            .send({ title: { en: visibility }, visibility })
            .expect(201)
        ).body as ThreadView
      ).id;
    safeSpace = await thread('group:civil_society');
    governmentSpace = await thread('group:government');
    publicThread = await thread('public');

    // A second member of the same civil-society organisation: registered, approved, confirmed by civil.
    const [org] = (await t.db.query(`SELECT organization_id AS id FROM users WHERE email = 'civil@suivi.demo'`)) as Array<{ id: string }>;
    const register = async (email: string) => {
      await t
        .http()
        .post('/api/auth/register')
        .send({ email, password: 'a long colleague passphrase', displayName: email.split('@')[0], organizationId: org.id, locale: 'fr' })
        .expect(202);
      const [{ id }] = (await t.db.query('SELECT id FROM users WHERE email = $1', [email])) as Array<{ id: string }>;
      return id;
    };
    const colleagueId = await register(`colleague.${Date.now()}@example.org`);
    await t.http().post(`/api/users/${colleagueId}/approve`).set(bearer(secretariat)).send({ reason: 'known' }).expect(200);
    await t.http().post(`/api/users/${colleagueId}/confirm`).set(bearer(civil)).expect(204);
    const [{ email }] = (await t.db.query('SELECT email FROM users WHERE id = $1', [colleagueId])) as Array<{ email: string }>;
    colleague = await signIn(t, email, 'a long colleague passphrase');
    const pendingEmail = `pending.${Date.now()}@example.org`;
    await register(pendingEmail);
    pending = await signIn(t, pendingEmail, 'a long colleague passphrase');
  });
  afterAll(() => t?.close());

  it('answers the pseudonym the next pseudonymous message then carries, and never lets a cache keep it', async () => {
    const res = await ask(civil, safeSpace).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const shown = (res.body as OwnPseudonymView).pseudonym;
    expect(res.body).toEqual({ threadId: safeSpace, pseudonym: expect.stringMatching(/^\S+ [0-9A-Z]{4}$/) });
    expect(await postUnder(civil, safeSpace, 'under the pseudonym I was shown')).toEqual({ kind: 'pseudonym', pseudonym: shown });
    // One per thread: another thread, another pseudonym, shown and then used alike.
    const elsewhere = await pseudonymOf(civil, publicThread);
    expect(elsewhere).not.toBe(shown);
    expect(await postUnder(civil, publicThread, 'in public')).toEqual({ kind: 'pseudonym', pseudonym: elsewhere });
  });

  it('gives another account its own pseudonym only, whatever it asks for', async () => {
    const mine = await pseudonymOf(civil, safeSpace);
    const theirs = await pseudonymOf(colleague, safeSpace);
    expect(theirs).not.toBe(mine);
    // No parameter names another person: one that tries is refused or ignored, never answered with civil's.
    const trying = await ask(colleague, safeSpace, `?userId=${civil.userId}`);
    expect([200, 400]).toContain(trying.status);
    expect(trying.text).not.toContain(mine);
  });

  it.each<[string, () => Session | null, number]>([
    ['the secretariat', () => secretariat, 403],
    ['a government member', () => justice, 403],
    ['a pending account', () => pending, 403],
    ['a signed-out visitor', () => null, 401],
  ])('refuses %s, in a public thread and a safe space', async (_who, session, status) => {
    for (const thread of [publicThread, safeSpace]) {
      const res = await ask(session(), thread).expect(status);
      expect(res.body).toMatchObject({ statusCode: status, message: expect.any(String) });
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('answers only for a thread the member may read, and names a malformed id', async () => {
    await ask(civil, governmentSpace).expect(403);
    await ask(civil, '00000000-0000-4000-8000-000000000000').expect(404);
    const res = await ask(civil, 'not-a-thread').expect(400);
    expect(JSON.stringify(res.body.message)).toMatch(/id/);
  });

  it('stops answering a token once its session is signed out', async () => {
    const session = await signIn(t, 'civil@suivi.demo');
    await ask(session, safeSpace).expect(200);
    await t.http().post('/api/auth/logout').set('Cookie', session.cookie).expect(204);
    await ask(session, safeSpace).expect(401);
  });

  it('keeps the pseudonym when the person changes their password with the current one', async () => {
    const before = await pseudonymOf(colleague, safeSpace);
    await t
      .http()
      .post('/api/me/password')
      .set(bearer(colleague))
      .send({ currentPassword: 'a long colleague passphrase', newPassword: 'another long colleague passphrase' })
      .expect(200);
    const [{ email }] = (await t.db.query('SELECT email FROM users WHERE id = $1', [colleague.userId])) as Array<{ email: string }>;
    colleague = await signIn(t, email, 'another long colleague passphrase');
    expect(await pseudonymOf(colleague, safeSpace)).toBe(before);
  });

  it('after a reset through a link, answers whoever holds the account a new pseudonym, and keeps none of its read marks', async () => {
    const before = await pseudonymOf(civil, safeSpace);
    await t.http().post(`/api/threads/${safeSpace}/read`).set(bearer(civil)).send({ upTo: 1 }).expect(200);
    const [{ count: marks }] = (await t.db.query('SELECT count(*)::int AS count FROM thread_reads WHERE user_id = $1', [
      civil.userId,
    ])) as Array<{ count: number }>;
    expect(marks).toBeGreaterThan(0);

    const link = (await t.http().post(`/api/users/${civil.userId}/reset-link`).set(bearer(secretariat)).expect(200)).body as {
      path: string;
    };
    const token = new URL(link.path, 'http://x').searchParams.get('token');
    await t.http().post('/api/auth/reset').send({ token, newPassword: 'the secretariat chose this 2026' }).expect(204);
    const holder = await signIn(t, 'civil@suivi.demo', 'the secretariat chose this 2026');

    const res = await ask(holder, safeSpace).expect(200);
    expect(res.text).not.toContain(before);
    const after = (res.body as OwnPseudonymView).pseudonym;
    expect(after).not.toBe(before);
    expect(await postUnder(holder, safeSpace, 'after the reset')).toEqual({ kind: 'pseudonym', pseudonym: after });
    // How far the account had read each thread went with the epoch: every message counts as unread.
    const safe = (
      (await t.http().get('/api/threads?pageSize=100').set(bearer(holder)).expect(200)).body as Page<ThreadListItem>
    ).items.find((i) => i.id === safeSpace);
    expect(safe).toMatchObject({ unread: safe?.messageCount });
    const [{ count: left }] = (await t.db.query('SELECT count(*)::int AS count FROM thread_reads WHERE user_id = $1', [
      civil.userId,
    ])) as Array<{ count: number }>;
    expect(left).toBe(0);
  });
});
