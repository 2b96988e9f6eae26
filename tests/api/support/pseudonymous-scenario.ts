import type { MessageView, ThreadView } from '@suivi/contracts';
import { io, type Socket } from 'socket.io-client';
import request from 'supertest';

import { DEMO_PASSWORD } from './test-app';

/** Everything a scenario saw, as the text that crossed the wire, labelled by where it came from. */
export interface Observed {
  /** The pseudonymous writer, whose id, email and name must appear in none of `payloads`. */
  writer: { id: string; email: string; name: string };
  pseudonymousMessageIds: string[];
  threadIds: string[];
  payloads: Array<{ where: string; text: string }>;
  /** Every pseudonym the writer wrote under in the walk (one per thread), which typing must not carry either. */
  pseudonyms: string[];
  /** Typing the others heard while the writer typed with every claim a client can make, in both threads. */
  typing: Array<{ where: string; text: string }>;
  /** The writer's account as the secretariat sees it, before and after being sanctioned through a pseudonymous message. */
  accountViews: { before: string; after: string; listBefore: string; listAfter: string };
  /**
   * After the secretariat reset the writer's password through a link and signed in with it: what
   * the account read (REST and its own socket), and the earlier pseudonym it must not be linked to.
   */
  afterReset: { pseudonym: string; payloads: Array<{ where: string; text: string }> };
}

export const RESET_PASSWORD = 'a password the secretariat chose 2026';

/**
 * A civil-society member writes pseudonymously, types, is mentioned, replied to, flagged, hidden,
 * muted and barred, and the mute is lifted from the sanctions list; other members and the
 * secretariat (its moderation room too) watch over REST and sockets. Runs against any
 * running API (in-process or a child process), so the same walk is scanned for leaks in
 * responses, events, the audit chain and the log output.
 */
export async function pseudonymousScenario(baseUrl: string): Promise<Observed> {
  const http = () => request(baseUrl);
  const payloads: Observed['payloads'] = [];
  const keep = (where: string, res: { status: number; text: string }) => {
    payloads.push({ where, text: res.text });
    return res;
  };
  const signIn = async (email: string) => {
    const res = await http().post('/api/auth/login').send({ email, password: DEMO_PASSWORD }).expect(200);
    return { token: res.body.accessToken as string, id: res.body.user.id as string, name: res.body.user.displayName as string };
  };
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  const startedAt = ((await http().get('/api/audit/verify').expect(200)).body as { count: number }).count;
  const civil = await signIn('civil@suivi.demo');
  const justice = await signIn('justice@suivi.demo');
  const partner = await signIn('partner@suivi.demo');
  const secretariat = await signIn('secretariat@suivi.demo');

  const commitments = (await http().get('/api/commitments?pageSize=1').expect(200)).body.items as Array<{ id: string }>;
  const publicThread = (
    (await http().get(`/api/threads?subjectType=commitment&subjectId=${commitments[0].id}`).expect(200)).body as ThreadView[]
  )[0].id;
  const safeSpace = (
    await http()
      .post('/api/threads')
      .set(as(secretariat.token))
      .send({ title: { en: 'Informers’ safety', fr: 'Sécurité des informateurs' }, visibility: 'group:civil_society' })
      .expect(201)
  ).body.id as string;

  const sockets: Socket[] = [];
  const watch = async (label: string, token: string | null, rooms: string[]) => {
    const socket = io(baseUrl, { path: '/socket.io', transports: ['websocket'], auth: token ? { token } : {}, reconnection: false });
    sockets.push(socket);
    socket.onAny((event: string, ...args: unknown[]) => payloads.push({ where: `socket ${label}: ${event}`, text: JSON.stringify(args) }));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    for (const room of rooms) {
      const ack = (await socket.emitWithAck('subscribe', room.startsWith('thread:') ? { room, since: 0 } : { room })) as { ok: boolean };
      payloads.push({ where: `socket ${label}: ack ${room}`, text: JSON.stringify(ack) });
    }
    return socket;
  };
  await watch('public', null, [`thread:${publicThread}`]);
  await watch('justice', justice.token, [`thread:${publicThread}`]);
  await watch('secretariat', secretariat.token, [`thread:${publicThread}`, `thread:${safeSpace}`, 'moderation']);
  const writerSocket = await watch('writer', civil.token, [`thread:${publicThread}`, `thread:${safeSpace}`]);

  const justiceOpens = (
    await http().post(`/api/threads/${publicThread}/messages`).set(as(justice.token)).send({ body: 'Is the PJS staffed?' }).expect(201)
  ).body as MessageView;
  // Typing with every claim a client can make (the old web app's first keystroke sent none, or
  // `pseudonymous: false`), in the public thread and the safe space: each from a socket of its
  // own, since a socket's typing is relayed at most every 2 s per thread.
  const claims = [{}, { pseudonymous: false }, { pseudonymous: true }];
  for (const [i, claim] of claims.entries()) {
    const typist = i === 0 ? writerSocket : await watch(`writer ${i + 1}`, civil.token, [`thread:${publicThread}`, `thread:${safeSpace}`]);
    for (const threadId of [publicThread, safeSpace]) {
      typist.emit('typing', { threadId, ...claim });
    }
  }
  const heardTyping = () => payloads.filter((p) => / typing$/.test(p.where) && !p.where.startsWith('socket writer'));
  // The secretariat reads both threads (3 claims × 2), justice and the public the public thread (3 each).
  const expectedTyping = claims.length * 4;
  for (const deadline = Date.now() + 20_000; heardTyping().length < expectedTyping && Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const first = (
    await http()
      .post(`/api/threads/${publicThread}/messages`)
      .set(as(civil.token))
      .send({
        body: `@${justice.name} no: two of five posts are filled.`,
        pseudonymous: true,
        replyToId: justiceOpens.id,
        mentions: [{ kind: 'member', id: justice.id }],
      })
      .expect(201)
  ).body as MessageView;
  const pseudonym = first.author.kind === 'pseudonym' ? first.author.pseudonym : '';
  const second = (
    await http()
      .post(`/api/threads/${safeSpace}/messages`)
      .set(as(civil.token))
      .send({ body: 'Our contact in Gao was threatened.', pseudonymous: true })
      .expect(201)
  ).body as MessageView;
  await http().patch(`/api/messages/${first.id}`).set(as(civil.token)).send({ body: 'No: two of five posts are filled.' }).expect(200);
  await http()
    .post(`/api/threads/${publicThread}/messages`)
    .set(as(partner.token))
    .send({ body: `@${pseudonym} which two?`, replyToId: first.id, mentions: [{ kind: 'pseudonym', pseudonym }] })
    .expect(201);
  await new Promise((resolve) => setTimeout(resolve, 200));

  for (const [label, token] of [
    ['public', null],
    ['justice', justice.token],
    ['partner', partner.token],
    ['secretariat', secretariat.token],
  ] as const) {
    const headers = token ? as(token) : {};
    keep(`GET messages as ${label}`, await http().get(`/api/threads/${publicThread}/messages`).set(headers));
    keep(`GET message as ${label}`, await http().get(`/api/messages/${first.id}`).set(headers));
    keep(`GET mentionable as ${label}`, await http().get(`/api/threads/${publicThread}/mentionable`).set(headers));
    keep(`GET threads as ${label}`, await http().get('/api/threads?pageSize=100').set(headers));
  }
  keep('GET safe space as secretariat', await http().get(`/api/threads/${safeSpace}/messages`).set(as(secretariat.token)));
  keep('notifications of justice', await http().get('/api/notifications').set(as(justice.token)));

  const flag = keep(
    'flag by justice',
    await http().post(`/api/messages/${first.id}/flags`).set(as(justice.token)).send({ reason: 'names an official' }).expect(201),
  );
  keep('moderation queue', await http().get('/api/moderation/flags').set(as(secretariat.token)).expect(200));
  const accountBefore = await http()
    .get(`/api/users?q=${encodeURIComponent('civil@suivi.demo')}`)
    .set(as(secretariat.token))
    .expect(200);
  const listBefore = await http().get('/api/users?pageSize=100').set(as(secretariat.token)).expect(200);
  keep(
    'resolve flag',
    await http()
      .post(`/api/moderation/flags/${(flag as unknown as { body: { id: string } }).body.id}/resolve`)
      .set(as(secretariat.token))
      .send({ decision: 'uphold', reason: 'names an official' })
      .expect(200),
  );
  keep(
    'sanction through the message',
    await http()
      .post(`/api/messages/${first.id}/sanction`)
      .set(as(secretariat.token))
      .send({ kind: 'mute', until: new Date(Date.now() + 3_600_000).toISOString(), reason: 'a pause' })
      .expect(201),
  );
  keep(
    'bar through the other message',
    await http()
      .post(`/api/messages/${second.id}/sanction`)
      .set(as(secretariat.token))
      .send({ kind: 'suspend', reason: 'repeated' })
      .expect(201),
  );
  const sanctions = keep('sanctions list', await http().get('/api/moderation/sanctions').set(as(secretariat.token)).expect(200));
  const mute = (JSON.parse(sanctions.text) as { items: Array<{ id: string; kind: string; messageId: string }> }).items.find(
    (s) => s.kind === 'mute' && s.messageId === first.id,
  );
  keep(
    'lift the mute from the list',
    await http()
      .post(`/api/moderation/sanctions/${mute?.id ?? 'missing'}/lift`)
      .set(as(secretariat.token))
      .send({ reason: 'muted by mistake' })
      .expect(200),
  );
  keep(
    'lift it again',
    await http()
      .post(`/api/moderation/sanctions/${mute?.id ?? 'missing'}/lift`)
      .set(as(secretariat.token))
      .send({ reason: 'twice' })
      .expect(409),
  );
  keep('sanctions list, ended', await http().get('/api/moderation/sanctions?state=ended').set(as(secretariat.token)).expect(200));
  keep(
    'unhide',
    await http().post(`/api/messages/${first.id}/unhide`).set(as(secretariat.token)).send({ reason: 'on appeal' }).expect(200),
  );
  keep('moderation queue, upheld', await http().get('/api/moderation/flags?state=upheld').set(as(secretariat.token)).expect(200));
  // The events of this walk (older ones record the demo accounts' creation, which names them).
  const audit = await http().get('/api/audit?limit=200').set(as(secretariat.token)).expect(200);
  for (const event of audit.body as Array<{ seq: number }>) {
    if (event.seq > startedAt) {
      payloads.push({ where: `audit log, event ${event.seq}`, text: JSON.stringify(event) });
    }
  }
  // The open data export is generated in the background (at start and at each checkpoint): a
  // checkpoint now, then the export once it covers the walk so far.
  await http().post('/api/audit/checkpoints').set(as(secretariat.token)).expect(201);
  let openData = await http().get('/api/export.json');
  for (const deadline = Date.now() + 60_000; !(openData.status === 200 && openData.text.includes(first.id)) && Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    openData = await http().get('/api/export.json');
  }
  keep('open data', openData);
  keep('dashboard', await http().get('/api/dashboard').expect(200));
  const accountAfter = await http()
    .get(`/api/users?q=${encodeURIComponent('civil@suivi.demo')}`)
    .set(as(secretariat.token))
    .expect(200);
  const listAfter = await http().get('/api/users?pageSize=100').set(as(secretariat.token)).expect(200);
  const me = (await http().get('/api/me').set(as(civil.token)).expect(200)).body as { email: string };

  // A takeover by whoever can issue a reset link: it must learn nothing of the pseudonymous past.
  const seen: Observed['afterReset']['payloads'] = [];
  const link = (await http().post(`/api/users/${civil.id}/reset-link`).set(as(secretariat.token)).expect(200)).body as { path: string };
  await http()
    .post('/api/auth/reset')
    .send({ token: new URL(link.path, baseUrl).searchParams.get('token'), newPassword: RESET_PASSWORD })
    .expect(204);
  const holder = (await http().post('/api/auth/login').send({ email: 'civil@suivi.demo', password: RESET_PASSWORD }).expect(200)).body as {
    accessToken: string;
  };
  const holderSocket = await watch('holder', holder.accessToken, [`thread:${publicThread}`, `thread:${safeSpace}`]);
  holderSocket.onAny((event: string, ...args: unknown[]) => seen.push({ where: `holder's socket: ${event}`, text: JSON.stringify(args) }));
  await http()
    .post(`/api/threads/${publicThread}/messages`)
    .set(as(partner.token))
    .send({ body: `@${pseudonym} still there?`, replyToId: first.id, mentions: [{ kind: 'pseudonym', pseudonym }] })
    .expect(201);
  keep('hide an earlier message', await http().post(`/api/messages/${first.id}/hide`).set(as(secretariat.token)).send({ reason: 'again' }));
  keep(
    'mute through an earlier message',
    await http()
      .post(`/api/messages/${second.id}/sanction`)
      .set(as(secretariat.token))
      .send({ kind: 'mute', until: new Date(Date.now() + 3_600_000).toISOString(), reason: 'after the reset' })
      .expect(201),
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
  const read = async (where: string, path: string, method: 'get' | 'patch' | 'delete' = 'get') => {
    const req = http()[method](path).set(as(holder.accessToken));
    const res = method === 'patch' ? await req.send({ body: 'mine again?' }) : await req;
    seen.push({ where: `holder: ${where}`, text: res.text });
  };
  await read('notifications', '/api/notifications?pageSize=100');
  await read('me', '/api/me');
  await read('restrictions', '/api/me/restrictions');
  await read('public thread', `/api/threads/${publicThread}/messages?limit=100`);
  await read('safe space', `/api/threads/${safeSpace}/messages?limit=100`);
  await read('the earlier message', `/api/messages/${first.id}`);
  await read('edit the earlier message', `/api/messages/${second.id}`, 'patch');
  await read('delete the earlier message', `/api/messages/${second.id}`, 'delete');
  await new Promise((resolve) => setTimeout(resolve, 200));
  sockets.forEach((s) => s.disconnect());

  return {
    writer: { id: civil.id, email: me.email, name: civil.name },
    pseudonymousMessageIds: [first.id, second.id],
    pseudonyms: [first, second].map((m) => (m.author.kind === 'pseudonym' ? m.author.pseudonym : 'missing')),
    typing: heardTyping(),
    threadIds: [publicThread, safeSpace],
    payloads,
    accountViews: { before: accountBefore.text, after: accountAfter.text, listBefore: listBefore.text, listAfter: listAfter.text },
    afterReset: { pseudonym, payloads: seen },
  };
}

/**
 * Where what the account read after the reset links it to its earlier pseudonymous messages: the
 * earlier pseudonym or one of those messages' ids outside a thread page, a `mine` on one of them,
 * or an edit or deletion of one that did not fail as for a stranger's.
 */
export function linksAfterReset(observed: Observed): string[] {
  const ids = observed.pseudonymousMessageIds;
  return observed.afterReset.payloads.flatMap(({ where, text }) => {
    const found: string[] = [];
    const threadPage = where.endsWith('thread') || where.endsWith('space') || where === 'holder: the earlier message';
    if (!threadPage && !where.includes('message.')) {
      if (text.includes(observed.afterReset.pseudonym)) {
        found.push(`${where} names the earlier pseudonym`);
      }
      ids.filter((id) => text.includes(id)).forEach((id) => found.push(`${where} names the earlier message ${id}`));
    }
    if (where.startsWith('holder: edit') || where.startsWith('holder: delete')) {
      if (!text.includes('"statusCode":403')) {
        found.push(`${where} was not refused as for a stranger's message: ${text.slice(0, 200)}`);
      }
    } else {
      mineAmong(text, ids).forEach((id) => found.push(`${where} reads ${id} as mine`));
    }
    return found;
  });
}

/** Where the writer's id, email or name shows up in these texts. */
export function leaks(observed: Observed, texts: Array<{ where: string; text: string }>): string[] {
  const needles = [observed.writer.id, observed.writer.email, observed.writer.name].filter((n) => n.length >= 3);
  return texts.flatMap(({ where, text }) => needles.filter((n) => text.includes(n)).map((n) => `${where} contains ${JSON.stringify(n)}`));
}

/** The ids among `ids` of the objects anywhere in this JSON text that say `mine: true`. */
function mineAmong(text: string, ids: string[]): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (record['mine'] === true && typeof record['id'] === 'string' && ids.includes(record['id'])) {
        found.push(record['id']);
      }
      Object.values(record).forEach(walk);
    }
  };
  try {
    walk(JSON.parse(text));
  } catch {
    // Not JSON: nothing to read as mine.
  }
  return found;
}
