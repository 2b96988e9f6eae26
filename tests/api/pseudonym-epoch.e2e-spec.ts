import type { MentionView, MessageAuthor, MessagePage, MessageView, NotificationPage, RestrictionView } from '@suivi/contracts';
import { MIGRATIONS } from '@suivi/migrations';

import { firstPublicThread, newSafeSpace } from './support/threads';
import { bearer, DEMO_PASSWORD, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

// DESIGN.md, "Safe participation": a pseudonymous message belongs to the pair (person, epoch).
// A reset through a link (whoever asked for it) advances the epoch, so whoever holds the account
// afterwards — the person, or the secretariat that issued the link and set a password — learns
// nothing of what the person wrote under a pseudonym before: no `mine`, no notice, no restriction.

const NEW_PASSWORD = 'baobabs of Kayes in 2015';
const THEN_PASSWORD = 'tamarind trees of Gao 2016';

describe('pseudonyms across a password reset: the (person, epoch) pair', () => {
  let t: TestApp;
  let civil: Session;
  let justice: Session;
  let secretariat: Session;
  let publicThread: string;
  let safeSpace: string;
  /** Written by civil under a pseudonym before the reset. */
  const old: Record<'a' | 'b' | 'c' | 'd' | 'e', MessageView> = {} as never;
  let oldPseudonym = '';
  let strangers: MessageView;
  let meBefore: { restrictions: unknown[] };
  /** Civil's account after the reset: whoever set the new password. */
  let holder: Session;
  let meAfterReset: string;
  let restrictionsAfterReset: string;

  const post = (session: Session, threadId: string, body: object) =>
    t.http().post(`/api/threads/${threadId}/messages`).set(bearer(session)).send(body).expect(201);
  const notifications = async (session: Session) =>
    ((await t.http().get('/api/notifications?pageSize=100').set(bearer(session)).expect(200)).body as NotificationPage).items;
  const about = (items: Awaited<ReturnType<typeof notifications>>) =>
    items.filter((n) => n.kind === 'reply' || n.kind === 'mention' || n.kind === 'moderation');

  beforeAll(async () => {
    t = await startTestApp({ env: { MESSAGES_PER_MINUTE: '1000' } });
    [civil, justice, secretariat] = await Promise.all(['civil', 'justice', 'secretariat'].map((n) => signIn(t, `${n}@suivi.demo`)));
    publicThread = await firstPublicThread(t);
    safeSpace = await newSafeSpace(t, secretariat, { en: 'Witnesses', fr: 'Témoins' });
    for (const key of ['a', 'b', 'c', 'e'] as const) {
      old[key] = (await post(civil, publicThread, { body: `pseudonymous ${key}`, pseudonymous: true })).body;
    }
    old.d = (await post(civil, safeSpace, { body: 'pseudonymous d', pseudonymous: true })).body;
    oldPseudonym = (old.a.author as Extract<MessageAuthor, { kind: 'pseudonym' }>).pseudonym;
    strangers = (await post(justice, publicThread, { body: 'a stranger’s message' })).body;
    // Before the reset the account hears of its pseudonymous messages and is restricted through them.
    await post(justice, publicThread, { body: 'a reply to the pseudonym', replyToId: old.a.id });
    await t
      .http()
      .post(`/api/messages/${old.d.id}/sanction`)
      .set(bearer(secretariat))
      .send({ kind: 'mute', until: new Date(Date.now() + 3_600_000).toISOString(), reason: 'a pause' })
      .expect(201);
    meBefore = (await t.http().get('/api/me').set(bearer(civil)).expect(200)).body;
    if (about(await notifications(civil)).length < 2 || meBefore.restrictions.length !== 1) {
      throw new Error('the account should hear of its pseudonymous messages before the reset: the walk proves nothing');
    }

    const link = (await t.http().post(`/api/users/${civil.userId}/reset-link`).set(bearer(secretariat)).expect(200)).body as {
      path: string;
    };
    const token = new URL(link.path, 'http://x').searchParams.get('token');
    await t.http().post('/api/auth/reset').send({ token, newPassword: NEW_PASSWORD }).expect(204);
    holder = await signIn(t, 'civil@suivi.demo', NEW_PASSWORD);
    meAfterReset = (await t.http().get('/api/me').set(bearer(holder)).expect(200)).text;
    restrictionsAfterReset = (await t.http().get('/api/me/restrictions').set(bearer(holder)).expect(200)).text;
  });
  afterAll(() => t?.close());

  /** The pseudonyms civil wrote under before the reset: one in the public thread, one in the safe space. */
  const earlierPseudonyms = () => [...new Set(Object.values(old).map((m) => (m.author as { pseudonym: string }).pseudonym))];

  it('reads none of the earlier pseudonymous messages as mine', async () => {
    const page = (await t.http().get(`/api/threads/${publicThread}/messages?limit=100`).set(bearer(holder)).expect(200))
      .body as MessagePage;
    const earlier = page.items.filter((m) => Object.values(old).some((o) => o.id === m.id));
    expect(earlier).toHaveLength(4);
    expect(earlier.filter((m) => m.mine)).toEqual([]);
  });

  it('keeps no notification about an earlier pseudonymous message', async () => {
    expect(about(await notifications(holder))).toEqual([]);
    // Of any kind: nothing names an earlier message or an earlier pseudonym.
    const text = (await t.http().get('/api/notifications?pageSize=100').set(bearer(holder)).expect(200)).text;
    const earlier = [...Object.values(old).map((m) => m.id), ...earlierPseudonyms()];
    expect(earlier.filter((s) => text.includes(s))).toEqual([]);
  });

  it('drops the restrictions taken through earlier pseudonymous messages, and lets the account post', async () => {
    expect((JSON.parse(meAfterReset) as { restrictions: unknown[] }).restrictions).toEqual([]);
    expect(JSON.parse(restrictionsAfterReset) as RestrictionView[]).toEqual([]);
    await post(holder, safeSpace, { body: 'a named message after the reset' });
  });

  it('tells nobody of a mention of the earlier pseudonym or a reply to an earlier message', async () => {
    const notificationsBefore = (await t.http().get('/api/notifications?pageSize=100').set(bearer(holder)).expect(200)).text;
    const mentions: MentionView[] = [];
    const mention = await post(justice, publicThread, {
      body: `@${oldPseudonym} are you there?`,
      mentions: [{ kind: 'pseudonym', pseudonym: oldPseudonym }],
    });
    mentions.push(...(mention.body as MessageView).mentions);
    // The mention itself stands: the pseudonym wrote in this thread.
    expect(mentions).toEqual([{ kind: 'pseudonym', label: oldPseudonym }]);
    await post(justice, publicThread, { body: 'and a reply', replyToId: old.a.id });
    expect(about(await notifications(holder))).toEqual([]);
    // The account is left exactly as it was: the same notifications, the same GET /me.
    expect((await t.http().get('/api/notifications?pageSize=100').set(bearer(holder)).expect(200)).text).toBe(notificationsBefore);
    expect((await t.http().get('/api/me').set(bearer(holder)).expect(200)).text).toBe(meAfterReset);
  });

  it('leaves the account unchanged when an earlier message is hidden, its author muted through one, or an earlier mute lifted', async () => {
    await t.http().post(`/api/messages/${old.b.id}/hide`).set(bearer(secretariat)).send({ reason: 'names someone' }).expect(200);
    await t
      .http()
      .post(`/api/messages/${old.c.id}/sanction`)
      .set(bearer(secretariat))
      .send({ kind: 'mute', until: new Date(Date.now() + 3_600_000).toISOString(), reason: 'again' })
      .expect(201);
    // Lifting the mute taken through an earlier message before the reset tells nobody either.
    const sanctions = (await t.http().get('/api/moderation/sanctions').set(bearer(secretariat)).expect(200)).body as {
      items: Array<{ id: string; messageId: string }>;
    };
    const earlierMute = sanctions.items.find((s) => s.messageId === old.d.id);
    await t
      .http()
      .post(`/api/moderation/sanctions/${earlierMute?.id ?? 'missing'}/lift`)
      .set(bearer(secretariat))
      .send({ reason: 'lifted after the reset' })
      .expect(200);
    expect(about(await notifications(holder))).toEqual([]);
    expect((await t.http().get('/api/me').set(bearer(holder)).expect(200)).text).toBe(meAfterReset);
    expect((await t.http().get('/api/me/restrictions').set(bearer(holder)).expect(200)).text).toBe(restrictionsAfterReset);
    await post(holder, publicThread, { body: 'still free to post' });
  });

  it('answers an edit or a deletion of an earlier message byte for byte as for a stranger’s', async () => {
    const edit = (id: string) => t.http().patch(`/api/messages/${id}`).set(bearer(holder)).send({ body: 'rewritten' });
    const remove = (id: string) => t.http().delete(`/api/messages/${id}`).set(bearer(holder));
    const [editOld, editStranger] = [await edit(old.e.id), await edit(strangers.id)];
    expect(editStranger.status).toBe(403);
    expect({ status: editOld.status, text: editOld.text }).toEqual({ status: editStranger.status, text: editStranger.text });
    const [removeOld, removeStranger] = [await remove(old.e.id), await remove(strangers.id)];
    expect(removeStranger.status).toBe(403);
    expect({ status: removeOld.status, text: removeOld.text }).toEqual({ status: removeStranger.status, text: removeStranger.text });
  });

  it('writes under a new pseudonym after the reset', async () => {
    const fresh = (await post(holder, publicThread, { body: 'a new voice', pseudonymous: true })).body as MessageView;
    expect(fresh.author).toEqual({ kind: 'pseudonym', pseudonym: expect.any(String) });
    expect((fresh.author as { pseudonym: string }).pseudonym).not.toBe(oldPseudonym);
    expect(fresh.mine).toBe(true);
    // In the safe space too, where the earlier pseudonym was another one.
    const freshThere = (await post(holder, safeSpace, { body: 'a new voice here', pseudonymous: true })).body as MessageView;
    expect(freshThere.author.kind).toBe('pseudonym');
    expect(earlierPseudonyms()).toHaveLength(2);
    expect(earlierPseudonyms()).not.toContain((freshThere.author as { pseudonym: string }).pseudonym);
  });
});

describe('pseudonyms: display names cannot pose as them; a password change keeps them', () => {
  let t: TestApp;
  let civil: Session;
  let justice: Session;
  let publicThread: string;
  let live = '';

  beforeAll(async () => {
    t = await startTestApp({ env: { MESSAGES_PER_MINUTE: '1000' } });
    [civil, justice] = await Promise.all(['civil', 'justice'].map((n) => signIn(t, `${n}@suivi.demo`)));
    publicThread = await firstPublicThread(t);
    const message = (
      await t
        .http()
        .post(`/api/threads/${publicThread}/messages`)
        .set(bearer(civil))
        .send({ body: 'hello', pseudonymous: true })
        .expect(201)
    ).body as MessageView;
    live = (message.author as { pseudonym: string }).pseudonym;
  });
  afterAll(() => t?.close());

  /** The live pseudonym with one Latin letter swapped for its Cyrillic look-alike. */
  const cyrillic = (name: string) => {
    const swaps: Record<string, string> = {
      a: 'а',
      e: 'е',
      o: 'о',
      c: 'с',
      p: 'р',
      x: 'х',
      A: 'А',
      B: 'В',
      E: 'Е',
      K: 'К',
      M: 'М',
      T: 'Т',
    };
    const at = [...name].findIndex((ch) => swaps[ch]);
    return [...name].map((ch, i) => (i === at ? swaps[ch] : ch)).join('');
  };

  it('refuses the pseudonym form as a display name: case, accents, look-alike letters, zero-width characters', async () => {
    const attempts = [
      'karite 7k3q',
      'Karité 7K3Q',
      live,
      live.toLowerCase(),
      cyrillic(live),
      live.replace(' ', ' \u200b'),
      live.replace(' ', '\u00a0'),
    ];
    expect(cyrillic(live)).not.toBe(live);
    for (const displayName of attempts) {
      const res = await t.http().patch('/api/me').set(bearer(justice)).send({ displayName });
      expect({ displayName, status: res.status }).toEqual({ displayName, status: 400 });
      expect(JSON.stringify(res.body.message)).toContain('displayName');
    }
    // At registration too, with a 400 naming the field.
    const organizationId = (await t.db.query(`SELECT id FROM organizations ORDER BY acronym LIMIT 1`))[0].id;
    for (const displayName of ['karite 7k3q', cyrillic(live), live.replace(' ', ' \u200b')]) {
      const registration = await t.http().post('/api/auth/register').send({
        email: 'impostor@example.org',
        displayName,
        password: 'a long and unusual passphrase 42',
        locale: 'en',
        organizationId,
      });
      expect({ displayName, status: registration.status }).toEqual({ displayName, status: 400 });
      expect(JSON.stringify(registration.body.message)).toContain('displayName');
    }
    // An ordinary name still goes through.
    await t.http().patch('/api/me').set(bearer(justice)).send({ displayName: 'Moussa Traoré' }).expect(200);
  });

  it('never merges a pseudonym with a named member in the mention suggestions', async () => {
    // A name that predates the rule (set behind the API's back) and looks exactly like the pseudonym.
    await t.adminDb.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [justice.userId, live]);
    await t.http().post(`/api/threads/${publicThread}/messages`).set(bearer(justice)).send({ body: 'it is me' }).expect(201);
    const suggestions = (
      await t
        .http()
        .get(`/api/threads/${publicThread}/mentionable?q=${encodeURIComponent(live)}`)
        .expect(200)
    ).body as MessageAuthor[];
    expect(suggestions).toEqual(
      expect.arrayContaining([{ kind: 'pseudonym', pseudonym: live }, expect.objectContaining({ kind: 'member', id: justice.userId })]),
    );
  });

  it('keeps `mine` and the pseudonym when the password is changed with the current one', async () => {
    const before = (
      await t
        .http()
        .post(`/api/threads/${publicThread}/messages`)
        .set(bearer(civil))
        .send({ body: 'before the change', pseudonymous: true })
        .expect(201)
    ).body as MessageView;
    await t
      .http()
      .post('/api/me/password')
      .set(bearer(civil))
      .send({ currentPassword: DEMO_PASSWORD, newPassword: THEN_PASSWORD })
      .expect(200);
    const again = await signIn(t, 'civil@suivi.demo', THEN_PASSWORD);
    expect(((await t.http().get(`/api/messages/${before.id}`).set(bearer(again)).expect(200)).body as MessageView).mine).toBe(true);
    const after = (
      await t
        .http()
        .post(`/api/threads/${publicThread}/messages`)
        .set(bearer(again))
        .send({ body: 'after the change', pseudonymous: true })
        .expect(201)
    ).body as MessageView;
    expect(after.author).toEqual(before.author);
  });
});

// The reset deletes the notifications marked `through_pseudonym`; notifications written before
// that column existed are marked by the migration that adds it, or a reset would leave them.
describe('pseudonym epochs: the migration marks the notifications written before it', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { MESSAGES_PER_MINUTE: '1000' } });
  });
  afterAll(() => t?.close());

  it('marks mentions of a pseudonym, replies to its messages and moderation notices about them, and nothing named', async () => {
    const [civil, justice, partner, secretariat] = await Promise.all(
      ['civil', 'justice', 'partner', 'secretariat'].map((n) => signIn(t, `${n}@suivi.demo`)),
    );
    const thread = await firstPublicThread(t);
    const post = async (session: Session, body: object) =>
      (await t.http().post(`/api/threads/${thread}/messages`).set(bearer(session)).send(body).expect(201)).body as MessageView;
    const voice = await post(civil, { body: 'under a pseudonym', pseudonymous: true });
    const hidden = await post(civil, { body: 'to be hidden', pseudonymous: true });
    const named = await post(civil, { body: 'under my name' });
    const pseudonym = (voice.author as { pseudonym: string }).pseudonym;
    await post(justice, { body: 'a reply to the pseudonym', replyToId: voice.id });
    await post(partner, { body: `@${pseudonym} a question`, mentions: [{ kind: 'pseudonym', pseudonym }] });
    await post(justice, { body: 'a reply to the named message', replyToId: named.id });
    await t.http().post(`/api/messages/${hidden.id}/hide`).set(bearer(secretariat)).send({ reason: 'names someone' }).expect(200);
    const marks = async () =>
      (
        (await t.db.query(`SELECT id, kind, through_pseudonym FROM notifications WHERE user_id = $1 ORDER BY id`, [
          civil.userId,
        ])) as Array<{
          id: string;
          kind: string;
          through_pseudonym: boolean;
        }>
      ).map((n) => `${n.kind} ${n.through_pseudonym}`);
    // As the services mark them: a reply, a mention and a moderation notice through the pseudonym, one named reply.
    const written = await marks();
    expect([...written].sort()).toEqual(['mention true', 'moderation true', 'reply false', 'reply true']);

    // The schema before the column, then the migration again: only this migration's down() and
    // up(), so later migrations and the audit chain's bindings stay as they are.
    const migration = MIGRATIONS.find((m) => m.name === 'AddPseudonymEpochs1764400000000');
    if (!migration) {
      throw new Error('no AddPseudonymEpochs migration');
    }
    // As the tables' owner, as migrations run.
    const runner = t.adminDb.createQueryRunner();
    try {
      await runner.startTransaction();
      await new migration().down(runner);
      const column = `SELECT 1 FROM information_schema.columns WHERE table_name = 'notifications' AND column_name = 'through_pseudonym'`;
      expect(await runner.query(column)).toHaveLength(0);
      await new migration().up(runner);
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }

    expect(await marks()).toEqual(written);
  });
});
