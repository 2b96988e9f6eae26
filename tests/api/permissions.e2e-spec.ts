import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { OrganizationView } from '@suivi/contracts';

import { ALLOW_KEY, PUBLIC_KEY } from '../../apps/api/src/access/policy';
import { listen, SocketPool, subscribe } from './support/sockets';
import { bearer, bindFixture, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

/**
 * DESIGN.md's permissions table, row by row, against every kind of user: the allowed side
 * succeeds and the denied side gets 401 (anonymous) or 403. Rows whose routes arrive with later
 * features are added here with them.
 */
const KINDS = [
  'public',
  'pending',
  'suspended',
  'government',
  'civil_society',
  'international_partner',
  'academia',
  'media',
  'secretariat',
] as const;
type Kind = (typeof KINDS)[number];
const MEMBERS: Kind[] = ['government', 'civil_society', 'international_partner', 'academia', 'media', 'secretariat'];
const SIGNED_IN: Kind[] = KINDS.filter((k) => k !== 'public');
/** can.manageOwnAccount: a suspended account reads its own status and nothing else. */
const NOT_SUSPENDED: Kind[] = SIGNED_IN.filter((k) => k !== 'suspended');

interface Row {
  row: string;
  method: 'get' | 'post' | 'patch' | 'put';
  path: (ctx: Context) => string;
  body?: (ctx: Context) => object;
  allowed: readonly Kind[];
  /** What the allowed side answers when it is not a 2xx: past the rule, the request itself is refused. */
  allowedStatus?: number;
}

interface Context {
  targetUserId: string;
  organizationId: string;
  /** A commitment owned by the government member's organisation (MJDH). */
  commitmentId: string;
  reportId: string;
  dialogueId: string;
  ownerId: string;
  /** Threads: a commitment's public one; one for the dialogue's participants (the ministry and the civil-society organisation take part, the others do not); a civil-society safe space; one to lock. */
  publicThreadId: string;
  participantsThreadId: string;
  governmentThreadId: string;
  secretariatThreadId: string;
  groupThreadId: string;
  lockThreadId: string;
  /** Messages by the ministry's member: to flag, to hide, to sanction. */
  messageId: string;
  hideMessageId: string;
  /** A warning on the ministry's member, for the lift row (a warning keeps nobody from posting in the other rows). */
  sanctionId: string;
  /** Approved newcomers waiting for a confirmation: one to the demo's civil-society organisation, one to a new one with no active member. */
  ownNewcomerId: string;
  vouchNewcomerId: string;
  /** Rounds on dialogues of their own (a dialogue's rounds do not overlap): one planned, one open to close. */
  roundDialogueId: string;
  plannedRoundId: string;
  openRoundId: string;
  /** The government member's organisation (MJDH), for its focal points. */
  justiceOrganizationId: string;
}

const ROWS: Row[] = [
  { row: 'read commitments (public)', method: 'get', path: () => '/api/commitments', allowed: KINDS },
  { row: 'read the dashboard (public)', method: 'get', path: () => '/api/dashboard', allowed: KINDS },
  { row: 'verify the audit chain (public)', method: 'get', path: () => '/api/audit/verify', allowed: KINDS },
  { row: 'see one’s own account', method: 'get', path: () => '/api/me', allowed: SIGNED_IN },
  { row: 'see one’s own current rights', method: 'get', path: () => '/api/me/viewer', allowed: SIGNED_IN },
  {
    row: 'create organisations (secretariat)',
    method: 'post',
    path: () => '/api/organizations',
    body: () => ({ name: { en: `Org ${Math.random()}` }, group: 'media' }),
    allowed: ['secretariat'],
  },
  {
    row: 'edit organisations (secretariat)',
    method: 'patch',
    path: (c) => `/api/organizations/${c.organizationId}`,
    body: () => ({ acronym: 'TMP' }),
    allowed: ['secretariat'],
  },
  {
    row: 'create commitments (secretariat)',
    method: 'post',
    path: () => '/api/commitments',
    body: (c) => ({ dialogueId: c.dialogueId, title: { en: 'Matrix commitment' }, ownerId: c.ownerId }),
    allowed: ['secretariat'],
  },
  { row: 'list accounts (secretariat)', method: 'get', path: () => '/api/users', allowed: ['secretariat'] },
  { row: 'read the audit log (secretariat)', method: 'get', path: () => '/api/audit', allowed: ['secretariat'] },
  { row: 'publish a checkpoint (secretariat)', method: 'post', path: () => '/api/audit/checkpoints', allowed: ['secretariat'] },
  {
    // An event that does not exist: past the rule the secretariat gets 404, and nothing is erased.
    row: 'purge an audit event (secretariat)',
    method: 'post',
    path: () => '/api/audit/999999999/purge',
    body: () => ({ reason: 'permission matrix' }),
    allowed: ['secretariat'],
    allowedStatus: 404,
  },
  {
    row: 'issue a password-reset link (secretariat)',
    method: 'post',
    path: (c) => `/api/users/${c.targetUserId}/reset-link`,
    allowed: ['secretariat'],
  },
  {
    row: 'set roles (secretariat)',
    method: 'patch',
    path: (c) => `/api/users/${c.targetUserId}`,
    body: () => ({ role: 'member', reason: 'permission matrix' }),
    allowed: ['secretariat'],
  },
  {
    row: 'self-report on a commitment of one’s own organisation',
    method: 'post',
    path: (c) => `/api/commitments/${c.commitmentId}/reports`,
    body: () => ({ kind: 'self_report', status: 'in_progress', narrative: { en: 'matrix' } }),
    allowed: ['government', 'secretariat'],
  },
  {
    row: 'independent assessment of a commitment the writer’s organisation does not own',
    method: 'post',
    path: (c) => `/api/commitments/${c.commitmentId}/reports`,
    body: () => ({ kind: 'independent_assessment', status: 'stalled', narrative: { fr: 'matrice' } }),
    allowed: ['civil_society', 'secretariat'],
  },
  {
    row: 'verify reports (secretariat)',
    method: 'post',
    path: (c) => `/api/reports/${c.reportId}/verify`,
    body: () => ({}),
    allowed: ['secretariat'],
  },
  {
    row: 'follow',
    method: 'post',
    path: () => '/api/follows',
    body: (c) => ({ subjectType: 'commitment', subjectId: c.commitmentId }),
    allowed: MEMBERS,
  },
  { row: 'read one’s notifications', method: 'get', path: () => '/api/notifications', allowed: NOT_SUSPENDED },
  { row: 'mark one’s notifications read', method: 'post', path: () => '/api/notifications', allowed: NOT_SUSPENDED },
  { row: 'list what one follows', method: 'get', path: () => '/api/me/follows', allowed: NOT_SUSPENDED },
  {
    row: 'change one’s profile',
    method: 'patch',
    path: () => '/api/me',
    body: () => ({ locale: 'en' }),
    allowed: NOT_SUSPENDED,
  },
  {
    // A wrong current password: the rule lets the request through, the password check refuses it.
    row: 'change one’s password',
    method: 'post',
    path: () => '/api/me/password',
    body: () => ({ currentPassword: 'not the current password', newPassword: 'a long matrix passphrase 2' }),
    allowed: NOT_SUSPENDED,
    allowedStatus: 400,
  },
  {
    row: 'see newcomers of one’s own civil-society organisation',
    method: 'get',
    path: () => '/api/me/organization/newcomers',
    allowed: ['civil_society'],
  },
  {
    row: 'confirm a newcomer of one’s own civil-society organisation',
    method: 'post',
    path: (c) => `/api/users/${c.ownNewcomerId}/confirm`,
    allowed: ['civil_society'],
  },
  {
    row: 'vouch for the first member of another civil-society organisation',
    method: 'post',
    path: (c) => `/api/users/${c.vouchNewcomerId}/confirm`,
    allowed: ['civil_society'],
  },
  {
    row: 'post in public threads',
    method: 'post',
    path: (c) => `/api/threads/${c.publicThreadId}/messages`,
    body: () => ({ body: 'matrix message' }),
    allowed: MEMBERS,
  },
  {
    row: 'flag a message',
    method: 'post',
    path: (c) => `/api/messages/${c.messageId}/flags`,
    body: () => ({ reason: 'matrix flag' }),
    allowed: MEMBERS,
  },
  {
    row: 'read a dialogue’s participants thread',
    method: 'get',
    path: (c) => `/api/threads/${c.participantsThreadId}/messages`,
    allowed: ['government', 'civil_society', 'secretariat'],
  },
  {
    row: 'post in a dialogue’s participants thread',
    method: 'post',
    path: (c) => `/api/threads/${c.participantsThreadId}/messages`,
    body: () => ({ body: 'participants only' }),
    allowed: ['government', 'civil_society', 'secretariat'],
  },
  {
    row: 'read group:civil_society threads',
    method: 'get',
    path: (c) => `/api/threads/${c.groupThreadId}/messages`,
    allowed: ['civil_society', 'secretariat'],
  },
  {
    row: 'post in group:civil_society threads',
    method: 'post',
    path: (c) => `/api/threads/${c.groupThreadId}/messages`,
    body: () => ({ body: 'safe space' }),
    allowed: ['civil_society', 'secretariat'],
  },
  {
    row: 'pseudonymous posting',
    method: 'post',
    path: (c) => `/api/threads/${c.publicThreadId}/messages`,
    body: () => ({ body: 'under a pseudonym', pseudonymous: true }),
    allowed: ['civil_society'],
  },
  {
    row: 'see one’s own pseudonym in a thread before posting under it',
    method: 'get',
    path: (c) => `/api/threads/${c.publicThreadId}/pseudonym`,
    allowed: ['civil_society'],
  },
  {
    row: 'keep read marks on a thread (unread counts)',
    method: 'post',
    path: (c) => `/api/threads/${c.publicThreadId}/read`,
    body: () => ({ upTo: 1 }),
    allowed: MEMBERS,
  },
  {
    row: 'open a thread (secretariat)',
    method: 'post',
    path: () => '/api/threads',
    body: () => ({ title: { en: 'Matrix channel' }, visibility: 'public' }),
    allowed: ['secretariat'],
  },
  { row: 'read the moderation queue (secretariat)', method: 'get', path: () => '/api/moderation/flags', allowed: ['secretariat'] },
  {
    row: 'hide a message (secretariat)',
    method: 'post',
    path: (c) => `/api/messages/${c.hideMessageId}/hide`,
    body: () => ({ reason: 'matrix' }),
    allowed: ['secretariat'],
  },
  {
    row: 'lock a thread (secretariat)',
    method: 'post',
    path: (c) => `/api/threads/${c.lockThreadId}/lock`,
    body: () => ({ reason: 'matrix' }),
    allowed: ['secretariat'],
  },
  {
    row: 'sanction a message’s author (secretariat)',
    method: 'post',
    path: (c) => `/api/messages/${c.messageId}/sanction`,
    body: () => ({ kind: 'warning', reason: 'matrix' }),
    allowed: ['secretariat'],
  },
  {
    row: 'open a reporting round (secretariat)',
    method: 'post',
    path: (c) => `/api/dialogues/${c.roundDialogueId}/rounds`,
    body: () => ({ title: { en: 'Matrix round' }, opensOn: '2032-01-01', dueOn: '2032-01-15', inviteAssessments: false }),
    allowed: ['secretariat'],
  },
  {
    row: 'edit a reporting round (secretariat)',
    method: 'patch',
    path: (c) => `/api/rounds/${c.plannedRoundId}`,
    body: () => ({ title: { en: 'Matrix round, renamed' }, version: 1 }),
    allowed: ['secretariat'],
  },
  {
    row: 'close a reporting round (secretariat)',
    method: 'post',
    path: (c) => `/api/rounds/${c.openRoundId}/close`,
    allowed: ['secretariat'],
  },
  { row: 'read a dialogue’s rounds (public)', method: 'get', path: (c) => `/api/dialogues/${c.roundDialogueId}/rounds`, allowed: KINDS },
  {
    row: 'read a round, its requests and their states (public)',
    method: 'get',
    path: (c) => `/api/rounds/${c.plannedRoundId}`,
    allowed: KINDS,
  },
  { row: 'read GET /me/work', method: 'get', path: () => '/api/me/work', allowed: MEMBERS },
  { row: 'read one’s email preferences', method: 'get', path: () => '/api/me/email-preferences', allowed: MEMBERS },
  {
    row: 'set one’s email preferences',
    method: 'put',
    path: () => '/api/me/email-preferences',
    body: () => ({ preferences: { activity: 'weekly' } }),
    allowed: MEMBERS,
  },
  {
    row: 'read the mails that could not be delivered (secretariat)',
    method: 'get',
    path: () => '/api/mail/failures',
    allowed: ['secretariat'],
  },
  {
    row: 'see an organisation’s focal points (its members, the secretariat)',
    method: 'get',
    path: (c) => `/api/organizations/${c.justiceOrganizationId}/focal-points`,
    allowed: ['government', 'secretariat'],
  },
  {
    row: 'name an organisation’s focal points (its members, the secretariat)',
    method: 'put',
    path: (c) => `/api/organizations/${c.justiceOrganizationId}/focal-points`,
    body: () => ({ userIds: [] }),
    allowed: ['government', 'secretariat'],
  },
  { row: 'see one’s own restrictions', method: 'get', path: () => '/api/me/restrictions', allowed: NOT_SUSPENDED },
  { row: 'list sanctions (secretariat)', method: 'get', path: () => '/api/moderation/sanctions', allowed: ['secretariat'] },
  {
    row: 'lift a sanction (secretariat)',
    method: 'post',
    path: (c) => `/api/moderation/sanctions/${c.sanctionId}/lift`,
    body: () => ({ reason: 'matrix' }),
    allowed: ['secretariat'],
  },
];

describe('permission matrix', () => {
  let t: TestApp;
  const sessions = new Map<Kind, Session | null>();
  let ctx: Context;

  beforeAll(async () => {
    t = await startTestApp();
    const secretariat = await signIn(t, 'secretariat@suivi.demo');
    const orgs = (await t.http().get('/api/organizations').expect(200)).body as OrganizationView[];
    const academia = orgs.find((o) => o.group === 'academia');
    const government = orgs.find((o) => o.group === 'government');
    const newAccount = async (organizationId: string, tag: string) => {
      const email = `${tag}.${Date.now()}@example.org`;
      await t
        .http()
        .post('/api/auth/register')
        .send({ email, password: 'a long matrix passphrase', displayName: tag, organizationId, locale: 'en' })
        .expect(202);
      const [{ id }] = await t.db.query('SELECT id FROM users WHERE email = $1', [email]);
      return { email, id: id as string };
    };
    const approve = (id: string, action = 'approve') =>
      t.http().post(`/api/users/${id}/${action}`).set(bearer(secretariat)).send({ reason: 'matrix' }).expect(200);

    const pending = await newAccount(government?.id ?? '', 'pending');
    const suspended = await newAccount(government?.id ?? '', 'suspended');
    await approve(suspended.id);
    const scholar = await newAccount(academia?.id ?? '', 'scholar');
    await approve(scholar.id);
    const target = await newAccount(government?.id ?? '', 'target');
    const [civilOrganisation] = await t.db.query(`SELECT organization_id AS id FROM users WHERE email = 'civil@suivi.demo'`);
    const ownNewcomer = await newAccount(civilOrganisation.id, 'own-newcomer');
    await approve(ownNewcomer.id);
    const collectif = await t
      .http()
      .post('/api/organizations')
      .set(bearer(secretariat))
      .send({ name: { fr: 'Collectif de la matrice' }, group: 'civil_society' })
      .expect(201);
    const vouchNewcomer = await newAccount(collectif.body.id, 'vouch-newcomer');
    await approve(vouchNewcomer.id);
    const [pjs] = await t.db.query(
      `SELECT c.id FROM commitments c JOIN organizations o ON o.id = c.owner_id WHERE o.acronym = 'MJDH' LIMIT 1`,
    );
    const [someReport] = await t.db.query(
      'SELECT id FROM progress_reports p WHERE NOT EXISTS (SELECT 1 FROM report_verifications v WHERE v.report_id = p.id) LIMIT 1',
    );
    const [dialogue] = await t.db.query('SELECT id FROM dialogues LIMIT 1');
    const [civilOrg] = await t.db.query(`SELECT organization_id AS id FROM users WHERE email = 'civil@suivi.demo'`);
    const [justiceOrg] = await t.db.query(`SELECT organization_id AS id FROM users WHERE email = 'justice@suivi.demo'`);
    await t.adminDb.query('DELETE FROM dialogue_participants WHERE dialogue_id = $1', [dialogue.id]);
    await t.adminDb.query('INSERT INTO dialogue_participants (dialogue_id, organization_id) VALUES ($1, $2), ($1, $3)', [
      dialogue.id,
      justiceOrg.id,
      civilOrg.id,
    ]);
    await bindFixture(t, [{ type: 'dialogue', id: dialogue.id }]);
    const justice = await signIn(t, 'justice@suivi.demo');
    const newThread = async (body: object) =>
      (
        await t
          .http()
          .post('/api/threads')
          .set(bearer(secretariat))
          .send({ title: { en: 'Matrix' }, ...body })
          .expect(201)
      ).body.id as string;
    const [publicThread] = await t.db.query(`SELECT id FROM threads WHERE subject_type = 'commitment' AND subject_id = $1`, [pjs.id]);
    const say = async (thread: string, body: string) =>
      (await t.http().post(`/api/threads/${thread}/messages`).set(bearer(justice)).send({ body }).expect(201)).body.id as string;
    const messageId = await say(publicThread.id, 'to flag and sanction');
    const warning = await t
      .http()
      .post(`/api/messages/${messageId}/sanction`)
      .set(bearer(secretariat))
      .send({ kind: 'warning', reason: 'matrix lift' })
      .expect(201);
    const roundDialogue = async () =>
      (
        await t
          .http()
          .post('/api/dialogues')
          .set(bearer(secretariat))
          .send({ title: { en: 'Matrix rounds' }, startDate: '2026-01-10', endDate: '2026-01-11' })
          .expect(201)
      ).body.id as string;
    const roundDialogueId = await roundDialogue();
    const plannedRound = await t
      .http()
      .post(`/api/dialogues/${roundDialogueId}/rounds`)
      .set(bearer(secretariat))
      .send({ title: { en: 'Planned' }, opensOn: '2031-01-01', dueOn: '2031-01-15', inviteAssessments: false })
      .expect(201);
    const today = new Date().toISOString().slice(0, 10);
    const openRound = await t
      .http()
      .post(`/api/dialogues/${await roundDialogue()}/rounds`)
      .set(bearer(secretariat))
      .send({ title: { en: 'Open' }, opensOn: today, dueOn: today, inviteAssessments: false })
      .expect(201);
    ctx = {
      roundDialogueId,
      plannedRoundId: plannedRound.body.id as string,
      openRoundId: openRound.body.id as string,
      justiceOrganizationId: justiceOrg.id as string,
      publicThreadId: publicThread.id,
      participantsThreadId: await newThread({ visibility: 'participants', dialogueId: dialogue.id }),
      groupThreadId: await newThread({ visibility: 'group:civil_society' }),
      governmentThreadId: await newThread({ visibility: 'group:government' }),
      secretariatThreadId: await newThread({ visibility: 'secretariat' }),
      lockThreadId: await newThread({ visibility: 'public' }),
      messageId,
      sanctionId: warning.body.id as string,
      hideMessageId: await say(publicThread.id, 'to hide'),
      targetUserId: target.id,
      ownNewcomerId: ownNewcomer.id,
      vouchNewcomerId: vouchNewcomer.id,
      organizationId: academia?.id ?? '',
      commitmentId: pjs.id,
      reportId: someReport.id,
      dialogueId: dialogue.id,
      ownerId: government?.id ?? '',
    };

    sessions.set('public', null);
    sessions.set('pending', await signIn(t, pending.email, 'a long matrix passphrase'));
    sessions.set('suspended', await signIn(t, suspended.email, 'a long matrix passphrase'));
    await approve(suspended.id, 'suspend');
    sessions.set('government', justice);
    sessions.set('civil_society', await signIn(t, 'civil@suivi.demo'));
    sessions.set('international_partner', await signIn(t, 'partner@suivi.demo'));
    sessions.set('academia', await signIn(t, scholar.email, 'a long matrix passphrase'));
    sessions.set('media', await signIn(t, 'observer@suivi.demo'));
    sessions.set('secretariat', secretariat);
  });
  afterAll(() => {
    pool.closeAll();
    return t?.close();
  });
  let url = '';
  const pool = new SocketPool(() => url);

  const cases = ROWS.flatMap((row) => KINDS.map((kind) => ({ ...row, kind, allowed: row.allowed.includes(kind) })));

  it.each(cases)('$row — $kind: allowed=$allowed', async ({ method, path, body, kind, allowed, allowedStatus }) => {
    const session = sessions.get(kind) ?? null;
    let request = t.http()[method](path(ctx));
    if (session) {
      request = request.set(bearer(session));
    }
    const res = await (body ? request.send(body(ctx)) : request);
    if (allowed && allowedStatus) {
      expect(res.status).toBe(allowedStatus);
    } else if (allowed) {
      expect({ status: res.status, body: res.body }).toEqual({ status: expect.any(Number), body: expect.anything() });
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(300);
    } else {
      expect(res.status).toBe(session ? 403 : 401);
      expect(res.body).toMatchObject({ statusCode: res.status, error: expect.any(String), message: expect.anything() });
    }
  });

  // The same rules over socket.io: who may listen to a thread's room, for every visibility.
  const ROOMS: Array<{ visibility: string; thread: (c: Context) => string; allowed: readonly Kind[] }> = [
    { visibility: 'public', thread: (c) => c.publicThreadId, allowed: KINDS },
    { visibility: 'participants', thread: (c) => c.participantsThreadId, allowed: ['government', 'civil_society', 'secretariat'] },
    { visibility: 'group:civil_society', thread: (c) => c.groupThreadId, allowed: ['civil_society', 'secretariat'] },
    { visibility: 'group:government', thread: (c) => c.governmentThreadId, allowed: ['government', 'secretariat'] },
    { visibility: 'secretariat', thread: (c) => c.secretariatThreadId, allowed: ['secretariat'] },
  ];
  const roomCases = ROOMS.flatMap((room) => KINDS.map((kind) => ({ ...room, kind, allowed: room.allowed.includes(kind) })));

  it.each(roomCases)('listen to a $visibility thread — $kind: allowed=$allowed', async ({ thread, kind, allowed }) => {
    url ||= await listen(t);
    const socket = await pool.connect(sessions.get(kind)?.token);
    const ack = await subscribe(socket, `thread:${thread(ctx)}`);
    if (allowed) {
      expect(ack).toEqual({ ok: true });
    } else {
      expect(ack).toMatchObject({ ok: false, error: expect.stringMatching(sessions.get(kind) ? /^forbidden/ : /^unauthorized/) });
    }
    socket.disconnect();
  });

  // The secretariat's live moderation room: the same rule as the moderation routes.
  it.each(KINDS.map((kind) => ({ kind, allowed: kind === 'secretariat' })))(
    'listen to the moderation room — $kind: allowed=$allowed',
    async ({ kind, allowed }) => {
      url ||= await listen(t);
      const socket = await pool.connect(sessions.get(kind)?.token);
      const ack = await subscribe(socket, 'moderation');
      if (allowed) {
        expect(ack).toEqual({ ok: true });
      } else {
        expect(ack).toMatchObject({ ok: false, error: expect.stringMatching(sessions.get(kind) ? /^forbidden/ : /^unauthorized/) });
      }
      socket.disconnect();
    },
  );

  /** Every GET route of the API, as `/api/<controller path>/<handler path>`, with its rule or @Public. */
  function getRoutes(): Array<{ route: string; isPublic: boolean }> {
    const modules = t.running.app.get(ModulesContainer);
    const scanner = new MetadataScanner();
    const found: Array<{ route: string; isPublic: boolean }> = [];
    for (const wrapper of [...modules.values()].flatMap((m) => [...m.controllers.values()])) {
      const instance = wrapper.instance as object | undefined;
      if (!instance) {
        continue;
      }
      const prototype = Object.getPrototypeOf(instance) as object;
      const controller = prototype.constructor;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[name] as object;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined || Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.GET) {
          continue;
        }
        const parts = ['api', Reflect.getMetadata(PATH_METADATA, controller) as string, path].flatMap((p) => p.split('/')).filter(Boolean);
        const isPublic = Reflect.getMetadata(PUBLIC_KEY, handler) === true || Reflect.getMetadata(PUBLIC_KEY, controller) === true;
        found.push({ route: `/${parts.join('/')}`, isPublic });
      }
    }
    return found;
  }

  // DESIGN.md, Sessions: an answer that depends on who asks is `no-store`; a public one `no-cache`.
  // Every GET route, anonymously and as every kind of account: wherever an account's answer
  // differs from the public's, it must be no-store (a shared device's browser keeps nothing).
  it('marks every answer that depends on who asks no-store, and public answers no-cache', async () => {
    const [recommendation] = await t.db.query('SELECT id FROM recommendations LIMIT 1');
    const ids: Record<string, string[]> = {
      commitments: [ctx.commitmentId],
      threads: [ctx.publicThreadId, ctx.groupThreadId, ctx.participantsThreadId],
      messages: [ctx.messageId],
      dialogues: [ctx.dialogueId],
      recommendations: [recommendation.id],
      reports: [ctx.reportId],
      rounds: [ctx.plannedRoundId],
      organizations: [ctx.justiceOrganizationId],
      // No evidence in the demo data: an unknown file, the same 404 for everyone.
      files: ['00000000-0000-4000-8000-000000000000'],
    };
    const unmapped: string[] = [];
    const urls = getRoutes().flatMap(({ route, isPublic }) => {
      if (!route.includes(':id')) {
        return [{ url: route, isPublic }];
      }
      const samples = ids[route.split('/')[2]];
      if (!samples) {
        unmapped.push(route);
        return [];
      }
      return samples.map((id) => ({ url: route.replace(':id', id), isPublic }));
    });
    expect(unmapped).toEqual([]);
    expect(urls.length).toBeGreaterThan(30);
    // The open-data export says when it was made; nothing else in an answer moves by itself.
    const answer = (res: { status: number; text: string }) => `${res.status} ${res.text.replace(/"generatedAt":"[^"]*"/g, '')}`;
    const problems: string[] = [];
    for (const { url: path, isPublic } of urls) {
      const anonymous = await t.http().get(path);
      const expected = isPublic ? 'no-cache' : 'no-store';
      if (anonymous.headers['cache-control'] !== expected) {
        problems.push(`${path} anonymous: ${anonymous.headers['cache-control']} (expected ${expected})`);
      }
      for (const kind of SIGNED_IN) {
        const res = await t
          .http()
          .get(path)
          .set(bearer(sessions.get(kind) as Session));
        const personal = !isPublic || answer(res) !== answer(anonymous);
        if (personal && res.headers['cache-control'] !== 'no-store') {
          problems.push(
            `${path} as ${kind}: ${res.headers['cache-control']}, answering ${res.status} where the public gets ${anonymous.status}`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('covers every member kind in DESIGN.md', () => {
    expect(MEMBERS.every((k) => KINDS.includes(k))).toBe(true);
  });

  it('declares a policy on every route (@Public or @Allow): a route without one fails here', () => {
    const modules = t.running.app.get(ModulesContainer);
    const scanner = new MetadataScanner();
    const missing: string[] = [];
    let routes = 0;
    const controllers = [...modules.values()].flatMap((m) => [...m.controllers.values()]);
    for (const wrapper of controllers) {
      const instance = wrapper.instance as object | undefined;
      if (!instance) {
        continue;
      }
      const prototype = Object.getPrototypeOf(instance) as object;
      const controller = prototype.constructor;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[name] as object;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) {
          continue;
        }
        routes++;
        const declared = [PUBLIC_KEY, ALLOW_KEY].some(
          (key) => Reflect.getMetadata(key, handler) !== undefined || Reflect.getMetadata(key, controller) !== undefined,
        );
        if (!declared) {
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
          missing.push(
            `${controller.name}.${name} (${method} ${Reflect.getMetadata(PATH_METADATA, controller)}/${Reflect.getMetadata(PATH_METADATA, handler)})`,
          );
        }
      }
    }
    expect(routes).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });
});
