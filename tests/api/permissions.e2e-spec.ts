import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { OrganizationView } from '@suivi/contracts';

import { ALLOW_KEY, PUBLIC_KEY } from '../../apps/api/src/auth/policy';
import { bearer, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

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

interface Row {
  row: string;
  method: 'get' | 'post' | 'patch';
  path: (ctx: Context) => string;
  body?: (ctx: Context) => object;
  allowed: readonly Kind[];
}

interface Context {
  targetUserId: string;
  organizationId: string;
  /** A commitment owned by the government member's organisation (MJDH). */
  commitmentId: string;
  reportId: string;
  dialogueId: string;
  ownerId: string;
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
  { row: 'read one’s notifications', method: 'get', path: () => '/api/notifications', allowed: SIGNED_IN },
  {
    row: 'see newcomers of one’s own civil-society organisation',
    method: 'get',
    path: () => '/api/me/organization/newcomers',
    allowed: ['civil_society'],
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
    const [pjs] = await t.db.query(
      `SELECT c.id FROM commitments c JOIN organizations o ON o.id = c.owner_id WHERE o.acronym = 'MJDH' LIMIT 1`,
    );
    const [someReport] = await t.db.query(
      'SELECT id FROM progress_reports p WHERE NOT EXISTS (SELECT 1 FROM report_verifications v WHERE v.report_id = p.id) LIMIT 1',
    );
    const [dialogue] = await t.db.query('SELECT id FROM dialogues LIMIT 1');
    ctx = {
      targetUserId: target.id,
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
    sessions.set('government', await signIn(t, 'justice@suivi.demo'));
    sessions.set('civil_society', await signIn(t, 'civil@suivi.demo'));
    sessions.set('international_partner', await signIn(t, 'partner@suivi.demo'));
    sessions.set('academia', await signIn(t, scholar.email, 'a long matrix passphrase'));
    sessions.set('media', await signIn(t, 'observer@suivi.demo'));
    sessions.set('secretariat', secretariat);
  });
  afterAll(() => t?.close());

  const cases = ROWS.flatMap((row) => KINDS.map((kind) => ({ ...row, kind, allowed: row.allowed.includes(kind) })));

  it.each(cases)('$row — $kind: allowed=$allowed', async ({ method, path, body, kind, allowed }) => {
    const session = sessions.get(kind) ?? null;
    let request = t.http()[method](path(ctx));
    if (session) {
      request = request.set(bearer(session));
    }
    const res = await (body ? request.send(body(ctx)) : request);
    if (allowed) {
      expect({ status: res.status, body: res.body }).toEqual({ status: expect.any(Number), body: expect.anything() });
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(300);
    } else {
      expect(res.status).toBe(session ? 403 : 401);
      expect(res.body).toMatchObject({ statusCode: res.status, error: expect.any(String), message: expect.anything() });
    }
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
