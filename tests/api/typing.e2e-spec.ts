import type { MeView, MessageView } from '@suivi/contracts';
import type { Socket } from 'socket.io-client';

import { eventually, listen, record, SocketPool, subscribe } from './support/sockets';
import { firstPublicThread, newSafeSpace } from './support/threads';
import { bearer, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

// DESIGN.md, "Safe participation": where the typist may post under a pseudonym, their typing is
// relayed with no identity at all, whatever the client claims (security review, finding 1: a
// named "is typing" came a second before the pseudonymous message).

/** What a client may send with `typing`: the old web app sent `pseudonymous`, or left it out. */
const CLAIMS = [{}, { pseudonymous: false }, { pseudonymous: true }] as const;

describe('typing: says nothing about who where a pseudonym is possible', () => {
  let t: TestApp;
  let url = '';
  const pool = new SocketPool(() => url);
  let civil: Session;
  let justice: Session;
  let secretariat: Session;
  let civilMe: MeView;
  let publicThread: string;
  let safeSpace: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { MESSAGES_PER_MINUTE: '1000' } });
    url = await listen(t);
    [civil, justice, secretariat] = await Promise.all(['civil', 'justice', 'secretariat'].map((n) => signIn(t, `${n}@suivi.demo`)));
    civilMe = (await t.http().get('/api/me').set(bearer(civil)).expect(200)).body as MeView;
    publicThread = await firstPublicThread(t);
    safeSpace = await newSafeSpace(t, secretariat);
  });
  afterEach(() => pool.closeAll());
  afterAll(() => t?.close());

  /** A socket of `session` in the thread's room. */
  async function inRoom(session: Session, threadId: string): Promise<Socket> {
    const socket = await pool.connect(session.token);
    expect(await subscribe(socket, `thread:${threadId}`)).toEqual({ ok: true });
    return socket;
  }

  /**
   * The civil-society member types once per claim, each time from a fresh socket (the server
   * relays typing at most every 2 s per socket and thread), then posts under the pseudonym; the
   * secretariat's socket watches the room.
   */
  async function civilTypesThenPostsPseudonymously(threadId: string) {
    const watcher = await inRoom(secretariat, threadId);
    const typing = record(watcher, 'typing');
    for (const [i, claim] of CLAIMS.entries()) {
      const writer = await inRoom(civil, threadId);
      writer.emit('typing', { threadId, ...claim });
      await eventually(() => expect(typing).toHaveLength(i + 1));
    }
    const sent = (
      await t
        .http()
        .post(`/api/threads/${threadId}/messages`)
        .set(bearer(civil))
        .send({ body: 'I saw it myself', pseudonymous: true })
        .expect(201)
    ).body as MessageView;
    const pseudonym = sent.author.kind === 'pseudonym' ? sent.author.pseudonym : 'missing';
    return { payloads: typing.map((e) => e.payload), pseudonym };
  }

  /** Whatever could tie the typing to the person: their id, name, organisation, or the pseudonym they post under. */
  function identifying(pseudonym: string): string[] {
    const org = civilMe.organization;
    const candidates = [civil.userId, civilMe.displayName, pseudonym, org?.id, org?.name.en, org?.name.fr, org?.acronym];
    return candidates.filter((s): s is string => typeof s === 'string' && s.length >= 3);
  }

  it('relays a civil-society member’s typing in a safe space with no identity, whatever the client claims', async () => {
    const { payloads, pseudonym } = await civilTypesThenPostsPseudonymously(safeSpace);

    expect(payloads).toEqual(CLAIMS.map(() => ({ threadId: safeSpace, author: null })));
    const text = JSON.stringify(payloads);
    expect(identifying(pseudonym).filter((s) => text.includes(s))).toEqual([]);
  });

  it('relays it with no identity in a public thread too, where the member may also write under a pseudonym', async () => {
    const { payloads, pseudonym } = await civilTypesThenPostsPseudonymously(publicThread);

    expect(payloads).toEqual(CLAIMS.map(() => ({ threadId: publicThread, author: null })));
    const text = JSON.stringify(payloads);
    expect(identifying(pseudonym).filter((s) => text.includes(s))).toEqual([]);
  });

  it('does not tell the typist’s own other tabs that someone is typing', async () => {
    const watcher = await inRoom(secretariat, safeSpace);
    const otherTab = await inRoom(civil, safeSpace);
    const writer = await inRoom(civil, safeSpace);
    const seenByWatcher = record(watcher, 'typing');
    const seenByOtherTab = record(otherTab, 'typing');
    const echoed = record(writer, 'typing');

    writer.emit('typing', { threadId: safeSpace });
    await eventually(() => expect(seenByWatcher).toHaveLength(1));
    // The broadcast has gone out; an acknowledgement on the other tab comes after anything it was sent.
    expect(await subscribe(otherTab, `thread:${safeSpace}`)).toEqual({ ok: true });
    expect(seenByOtherTab).toEqual([]);
    expect(echoed).toEqual([]);
  });

  it('still names a government member typing in a public thread, who cannot write under a pseudonym', async () => {
    const watcher = await inRoom(secretariat, publicThread);
    const typing = record(watcher, 'typing');
    const writer = await inRoom(justice, publicThread);
    // Claiming a pseudonym changes nothing for someone who may not use one.
    writer.emit('typing', { threadId: publicThread, pseudonymous: true });

    await eventually(() => expect(typing).toHaveLength(1));
    expect(typing[0].payload).toEqual({
      threadId: publicThread,
      author: { kind: 'member', id: justice.userId, name: expect.any(String), organization: expect.objectContaining({ acronym: 'MJDH' }) },
    });
  });

  it('still names the secretariat typing in a safe space', async () => {
    const watcher = await inRoom(civil, safeSpace);
    const typing = record(watcher, 'typing');
    const writer = await inRoom(secretariat, safeSpace);
    writer.emit('typing', { threadId: safeSpace });

    await eventually(() => expect(typing).toHaveLength(1));
    expect(typing[0].payload).toMatchObject({ threadId: safeSpace, author: { kind: 'member', id: secretariat.userId } });
  });
});
