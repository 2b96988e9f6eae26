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
  /** The writer's account as the secretariat sees it, before and after being sanctioned through a pseudonymous message. */
  accountViews: { before: string; after: string; listBefore: string; listAfter: string };
}

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
  writerSocket.emit('typing', { threadId: publicThread, pseudonymous: true });
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
  keep('open data', await http().get('/api/export.json').expect(200));
  keep('dashboard', await http().get('/api/dashboard').expect(200));
  const accountAfter = await http()
    .get(`/api/users?q=${encodeURIComponent('civil@suivi.demo')}`)
    .set(as(secretariat.token))
    .expect(200);
  const listAfter = await http().get('/api/users?pageSize=100').set(as(secretariat.token)).expect(200);
  await new Promise((resolve) => setTimeout(resolve, 200));
  sockets.forEach((s) => s.disconnect());

  const me = (await http().get('/api/me').set(as(civil.token)).expect(200)).body as { email: string };
  return {
    writer: { id: civil.id, email: me.email, name: civil.name },
    pseudonymousMessageIds: [first.id, second.id],
    threadIds: [publicThread, safeSpace],
    payloads,
    accountViews: { before: accountBefore.text, after: accountAfter.text, listBefore: listBefore.text, listAfter: listAfter.text },
  };
}

/** Where the writer's id, email or name shows up in these texts. */
export function leaks(observed: Observed, texts: Array<{ where: string; text: string }>): string[] {
  const needles = [observed.writer.id, observed.writer.email, observed.writer.name].filter((n) => n.length >= 3);
  return texts.flatMap(({ where, text }) => needles.filter((n) => text.includes(n)).map((n) => `${where} contains ${JSON.stringify(n)}`));
}
