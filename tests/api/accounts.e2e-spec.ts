import { JwtService } from '@nestjs/jwt';
import type { MeView, OrganizationView, UserAdminView } from '@suivi/contracts';

import { AuthService } from '../../apps/api/src/auth/auth.service';
import { TOKEN_ISSUER } from '../../apps/api/src/access/jwt.strategy';
import { personRoom } from '../../apps/api/src/events/live-channel';
import { RealtimeGateway } from '../../apps/api/src/realtime/realtime.gateway';
import { listen, SocketPool } from './support/sockets';
import { bearer, refreshCookie, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

const STRONG = 'baobab sous la pluie 2014';

describe('accounts, sessions and administration', () => {
  let t: TestApp;
  let secretariat: Session;
  let orgs: OrganizationView[];
  const orgKey = (acronymOrName: RegExp) => {
    const org = orgs.find(
      (o) => acronymOrName.test(o.acronym ?? '') || acronymOrName.test(o.name.en ?? '') || acronymOrName.test(o.name.fr ?? ''),
    );
    if (!org) {
      throw new Error(`no organisation matches ${acronymOrName}`);
    }
    return org.id;
  };
  let counter = 0;
  const email = () => `person${++counter}.${Date.now()}@example.org`;

  async function register(organizationId: string, overrides: Record<string, unknown> = {}) {
    const body = { email: email(), password: STRONG, displayName: `Person ${counter}`, organizationId, locale: 'fr', ...overrides };
    const res = await t.http().post('/api/auth/register').send(body);
    return { res, body };
  }
  async function userId(address: string): Promise<string> {
    const [row] = await t.db.query('SELECT id FROM users WHERE lower(email) = lower($1)', [address]);
    return row.id;
  }
  const decide = (id: string, action: 'approve' | 'suspend' | 'reinstate', session = secretariat) =>
    t.http().post(`/api/users/${id}/${action}`).set(bearer(session)).send({ reason: 'checked with the focal point' });
  /** A new, approved account of the ministry, signed in. */
  async function activeAccount(): Promise<Session & { email: string }> {
    const { body } = await register(orgKey(/MJDH/));
    await decide(await userId(body.email), 'approve').expect(200);
    return { ...(await signIn(t, body.email, STRONG)), email: body.email };
  }
  let url = '';
  const sockets = new SocketPool(() => url);
  /** Resolves to 'connected' or to the handshake's refusal ('unauthorized', 'unavailable'). */
  async function handshake(token: string): Promise<string> {
    url ||= await listen(t);
    try {
      (await sockets.connect(token)).disconnect();
      return 'connected';
    } catch (error) {
      return (error as Error).message;
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    secretariat = await signIn(t, 'secretariat@suivi.demo');
    orgs = (await t.http().get('/api/organizations').expect(200)).body;
  });
  afterAll(() => {
    sockets.closeAll();
    return t?.close();
  });

  describe('registration', () => {
    it.each([
      [{ email: 'not-an-email' }, 'email'],
      [{ password: 'short' }, 'password'],
      [{ password: 'password1234' }, 'password'],
      [{ organizationId: '00000000-0000-4000-8000-000000000000' }, 'organizationId'],
      [{ organizationId: 'x' }, 'organizationId'],
      [{ locale: 'de' }, 'locale'],
      [{ displayName: '' }, 'displayName'],
      [{ role: 'secretariat' }, 'role'],
    ])('refuses %j with a 400 naming %s', async (overrides, field) => {
      const { res } = await register(orgKey(/MJDH/), overrides);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });

    it('answers a duplicate exactly like a new registration, creates nothing, and tells the holder', async () => {
      const first = await register(orgKey(/MJDH/));
      expect(first.res.status).toBe(202);
      const [{ n: users }] = await t.db.query('SELECT count(*)::int AS n FROM users');
      const [{ n: events }] = await t.db.query('SELECT count(*)::int AS n FROM audit_events');
      const again = await t
        .http()
        .post('/api/auth/register')
        .send({ ...first.body, email: first.body.email.toUpperCase(), displayName: 'Someone else' });
      expect(again.status).toBe(202);
      expect(again.body).toEqual(first.res.body);
      expect((await t.db.query('SELECT count(*)::int AS n FROM users'))[0].n).toBe(users);
      // One audit event either way: the public chain length does not tell them apart.
      expect((await t.db.query('SELECT count(*)::int AS n FROM audit_events'))[0].n).toBe(events + 1);
      const [note] = await t.db.query(`SELECT payload FROM notifications WHERE user_id = $1 AND kind = 'account'`, [
        await userId(first.body.email),
      ]);
      expect(note.payload).toEqual({ event: 'registration_repeated' });
    });

    it('keeps a new account pending, signed in but acting as the public, until approved', async () => {
      const { body } = await register(orgKey(/MJDH/));
      const session = await signIn(t, body.email, STRONG);
      const me = (await t.http().get('/api/me').set(bearer(session)).expect(200)).body as MeView;
      expect(me).toMatchObject({ status: 'pending', awaiting: ['approval'] });
      await t.http().get('/api/users').set(bearer(session)).expect(403);
      await decide(session.userId, 'approve').expect(200);
      const after = (await t.http().get('/api/me').set(bearer(session)).expect(200)).body as MeView;
      expect(after).toMatchObject({ status: 'active', awaiting: [] });
    });

    it('lets a civil-society newcomer in only once a member of that organisation confirms', async () => {
      const observatoire = orgKey(/Observatoire/);
      const { body } = await register(observatoire);
      const id = await userId(body.email);
      const approved = (await decide(id, 'approve').expect(200)).body as UserAdminView;
      expect(approved).toMatchObject({ status: 'pending', awaitingConfirmation: true });
      const civil = await signIn(t, 'civil@suivi.demo');
      const newcomers = (await t.http().get('/api/me/organization/newcomers').set(bearer(civil)).expect(200)).body;
      expect(newcomers.map((n: { id: string }) => n.id)).toContain(id);

      // A member of another civil-society organisation may not confirm; nor may the government.
      const otherCso = orgs.find((o) => o.group === 'civil_society' && o.id !== observatoire);
      const outsider = await register(otherCso?.id ?? '');
      await decide(await userId(outsider.body.email), 'approve').expect(200);
      const outsiderSession = await signIn(t, outsider.body.email, STRONG);
      await t.http().post(`/api/users/${id}/confirm`).set(bearer(outsiderSession)).expect(403);
      await t
        .http()
        .post(`/api/users/${id}/confirm`)
        .set(bearer(await signIn(t, 'justice@suivi.demo')))
        .expect(403);
      await t.http().post(`/api/users/${id}/confirm`).expect(401);

      await t.http().post(`/api/users/${id}/confirm`).set(bearer(civil)).expect(204);
      const me = (
        await t
          .http()
          .get('/api/me')
          .set(bearer(await signIn(t, body.email, STRONG)))
          .expect(200)
      ).body as MeView;
      expect(me.status).toBe('active');
      const again = await t.http().post(`/api/users/${id}/confirm`).set(bearer(civil)).expect(409);
      // A colleague hears that nothing is awaited, never the account's status.
      expect(again.body.code).toBe('account_state');
      expect(again.body.params).toEqual({});
    });
  });

  describe('safe spaces stay closed when organisations change (review finding 6)', () => {
    async function newOrganization(group: string, name: string) {
      const res = await t
        .http()
        .post('/api/organizations')
        .set(bearer(secretariat))
        .send({ name: { en: `${name} ${++counter}` }, group })
        .expect(201);
      return res.body as OrganizationView & { version: number };
    }
    const confirm = (id: string, session: Session) => t.http().post(`/api/users/${id}/confirm`).set(bearer(session));

    it('refuses to change the group of an organisation that has any account, in any status (409 naming the group)', async () => {
      const withPending = await newOrganization('media', 'Radio with a pending account');
      await register(withPending.id);
      const withSuspended = await newOrganization('media', 'Radio with a suspended account');
      const { body } = await register(withSuspended.id);
      const suspendedId = await userId(body.email);
      await decide(suspendedId, 'approve').expect(200);
      await decide(suspendedId, 'suspend').expect(200);
      const ministry = orgs.find((o) => o.acronym === 'MJDH');
      for (const org of [withPending, withSuspended, { id: ministry?.id ?? '', version: undefined }]) {
        const res = await t
          .http()
          .patch(`/api/organizations/${org.id}`)
          .set(bearer(secretariat))
          .send({ group: 'civil_society', ...(org.version ? { version: org.version } : {}) });
        expect({ status: res.status, message: res.body.message }).toEqual({
          status: 409,
          message: expect.stringMatching(/^group: .*accounts.*create a new organisation/i),
        });
      }
      const after = (await t.http().get('/api/organizations').expect(200)).body as OrganizationView[];
      expect(after.find((o) => o.id === withPending.id)?.group).toBe('media');
      // With no account yet, the group may still be corrected.
      const empty = await newOrganization('media', 'Radio without accounts');
      await t
        .http()
        .patch(`/api/organizations/${empty.id}`)
        .set(bearer(secretariat))
        .send({ group: 'civil_society', version: empty.version })
        .expect(200);
    });

    it('lets an active member of another civil-society organisation vouch for the first member of a new one, shown without email, audited user.vouched', async () => {
      const collectif = await newOrganization('civil_society', 'Collectif des veilleurs');
      const { body } = await register(collectif.id);
      const id = await userId(body.email);
      const approved = (await decide(id, 'approve').expect(200)).body as UserAdminView;
      // The secretariat's approval alone no longer opens a safe space.
      expect(approved).toMatchObject({ status: 'pending', awaitingConfirmation: true, confirmationBy: 'vouch' });
      const newcomer = await signIn(t, body.email, STRONG);
      expect((await t.http().get('/api/me').set(bearer(newcomer)).expect(200)).body).toMatchObject({
        status: 'pending',
        awaiting: ['confirmation'],
      });

      const civil = await signIn(t, 'civil@suivi.demo');
      const newcomers = (await t.http().get('/api/me/organization/newcomers').set(bearer(civil)).expect(200)).body as Array<
        Record<string, unknown>
      >;
      expect(newcomers.find((n) => n['id'] === id)).toEqual({
        kind: 'vouch',
        id,
        displayName: body.displayName,
        organization: expect.objectContaining({ id: collectif.id, group: 'civil_society' }),
        createdAt: expect.any(String),
      });
      expect(JSON.stringify(newcomers)).not.toContain(body.email);

      await confirm(id, civil).expect(204);
      expect((await t.http().get('/api/me').set(bearer(newcomer)).expect(200)).body).toMatchObject({ status: 'active', awaiting: [] });
      const [event] = await t.db.query(`SELECT actor, data FROM audit_events WHERE entity_id = $1 AND action = 'user.vouched'`, [id]);
      expect(event?.actor).toBe(`user:${civil.userId}`);
      expect(JSON.parse(event.data)).toMatchObject({ userId: id, organizationId: collectif.id });
      await confirm(id, civil).expect(403);
    });

    it('refuses a fellow newcomer, the newcomer themself, a ministry, the secretariat, and a voucher for an organisation that already has an active member (403)', async () => {
      const collectif = await newOrganization('civil_society', 'Collectif de Ségou');
      const first = await register(collectif.id);
      const second = await register(collectif.id);
      const firstId = await userId(first.body.email);
      const secondId = await userId(second.body.email);
      await decide(firstId, 'approve').expect(200);
      await decide(secondId, 'approve').expect(200);
      const firstSession = await signIn(t, first.body.email, STRONG);
      const civil = await signIn(t, 'civil@suivi.demo');

      await confirm(secondId, firstSession).expect(403);
      await confirm(firstId, firstSession).expect(403);
      await confirm(secondId, await signIn(t, 'justice@suivi.demo')).expect(403);
      // Civil society has active members: the secretariat is not a voucher.
      await confirm(secondId, secretariat).expect(403);

      await confirm(firstId, civil).expect(204);
      // Now the organisation has an active member: its own members confirm, vouchers no longer may.
      await confirm(secondId, civil).expect(403);
      await confirm(secondId, firstSession).expect(204);
      const [row] = await t.db.query(`SELECT status FROM users WHERE id = $1`, [secondId]);
      expect(row.status).toBe('active');
    });

    it('moves someone into a civil-society organisation with no active member only through a voucher', async () => {
      const collectif = await newOrganization('civil_society', 'Collectif de Gao');
      const { body } = await register(orgKey(/MJDH/));
      const id = await userId(body.email);
      await decide(id, 'approve').expect(200);
      const moved = (
        await t
          .http()
          .patch(`/api/users/${id}`)
          .set(bearer(secretariat))
          .send({ organizationId: collectif.id, reason: 'moved' })
          .expect(200)
      ).body as UserAdminView;
      expect(moved).toMatchObject({ status: 'pending', awaitingConfirmation: true, confirmationBy: 'vouch' });
    });
  });

  describe('sign-in', () => {
    it('answers an unknown email and a wrong password the same way', async () => {
      const unknown = await t.http().post('/api/auth/login').send({ email: 'nobody@example.org', password: STRONG });
      const wrong = await t.http().post('/api/auth/login').send({ email: 'justice@suivi.demo', password: STRONG });
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
    });

    it('sets an httpOnly, SameSite=Strict refresh cookie scoped to the auth routes', async () => {
      const res = await t.http().post('/api/auth/login').send({ email: 'justice@suivi.demo', password: 'suivi-demo-2014' }).expect(200);
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('suivi_refresh='));
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      expect(cookie).toMatch(/Path=\/api\/auth/);
      expect(res.body.expiresIn).toBeLessThanOrEqual(15 * 60);
      expect(res.body.user).toMatchObject({ email: 'justice@suivi.demo', status: 'active' });
    });
  });

  describe('sessions', () => {
    it('rotates the refresh token, accepts the old one within the grace window, and revokes the family on later reuse', async () => {
      const first = await signIn(t, 'partner@suivi.demo');
      const rotated = await t.http().post('/api/auth/refresh').set('Cookie', first.cookie).expect(200);
      const second = refreshCookie(rotated.headers['set-cookie']);
      expect(second).not.toBe(first.cookie);
      // Two tabs, or a lost reply: the old token still works for a few seconds.
      await t.http().post('/api/auth/refresh').set('Cookie', first.cookie).expect(200);
      // Later, its reuse means theft: the whole family goes, the newest token included.
      await t.adminDb.query(`UPDATE sessions SET rotated_at = now() - interval '5 minutes' WHERE rotated_at IS NOT NULL AND user_id = $1`, [
        first.userId,
      ]);
      await t.http().post('/api/auth/refresh').set('Cookie', first.cookie).expect(401);
      await t.http().post('/api/auth/refresh').set('Cookie', second).expect(401);
    });

    it('ends the session on logout', async () => {
      const session = await signIn(t, 'observer@suivi.demo');
      await t.http().post('/api/auth/logout').set('Cookie', session.cookie).expect(204);
      await t.http().post('/api/auth/refresh').set('Cookie', session.cookie).expect(401);
      await t.http().post('/api/auth/refresh').expect(401);
    });

    it('signs out every other session when the password changes', async () => {
      const { body } = await register(orgKey(/MJDH/));
      await decide(await userId(body.email), 'approve').expect(200);
      const a = await signIn(t, body.email, STRONG);
      const b = await signIn(t, body.email, STRONG);
      await t
        .http()
        .post('/api/me/password')
        .set(bearer(a))
        .send({ currentPassword: 'wrong password here', newPassword: 'another long passphrase' })
        .expect(400);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const changed = await t
        .http()
        .post('/api/me/password')
        .set(bearer(a))
        .send({ currentPassword: STRONG, newPassword: 'another long passphrase' })
        .expect(200);
      await t.http().get('/api/me').set(bearer(b)).expect(401);
      await t.http().post('/api/auth/refresh').set('Cookie', b.cookie).expect(401);
      await t
        .http()
        .get('/api/me')
        .set({ Authorization: `Bearer ${changed.body.accessToken}` })
        .expect(200);
      await signIn(t, body.email, 'another long passphrase');
    });

    it('makes a suspension bite on the next request, and refuses sign-in and refresh', async () => {
      const { body } = await register(orgKey(/Observatoire/));
      const id = await userId(body.email);
      await decide(id, 'approve').expect(200);
      await t
        .http()
        .post(`/api/users/${id}/confirm`)
        .set(bearer(await signIn(t, 'civil@suivi.demo')))
        .expect(204);
      const session = await signIn(t, body.email, STRONG);
      await t.http().get('/api/me/organization/newcomers').set(bearer(session)).expect(200);
      await decide(id, 'suspend').expect(200);
      await t.http().get('/api/me/organization/newcomers').set(bearer(session)).expect(403);
      await t.http().post('/api/auth/refresh').set('Cookie', session.cookie).expect(401);
      const login = await t.http().post('/api/auth/login').send({ email: body.email, password: STRONG });
      expect(login.status).toBe(403);
      await decide(id, 'suspend').expect(409);
      const reinstated = (await decide(id, 'reinstate').expect(200)).body as UserAdminView;
      expect(reinstated.status).toBe('active');
    });
  });

  // Issue 12 (#14 of the security review): an access token names its session family (`sid`);
  // once the family has ended, its tokens are refused on their next request.
  describe('ended session families', () => {
    it('refuses an access token after its session signed out, over HTTP and at the socket handshake', async () => {
      const session = await activeAccount();
      await t.http().get('/api/me').set(bearer(session)).expect(200);
      await t.http().post('/api/auth/logout').set('Cookie', session.cookie).expect(204);
      expect((await t.http().get('/api/me').set(bearer(session))).status).toBe(401);
      expect(await handshake(session.token)).toBe('unauthorized');
    });

    it('refuses every access token of a family that refresh-token reuse revoked', async () => {
      const first = await activeAccount();
      const rotated = await t.http().post('/api/auth/refresh').set('Cookie', first.cookie).expect(200);
      const second = rotated.body.accessToken as string;
      await t
        .http()
        .get('/api/me')
        .set({ Authorization: `Bearer ${second}` })
        .expect(200);
      await t.adminDb.query(`UPDATE sessions SET rotated_at = now() - interval '5 minutes' WHERE rotated_at IS NOT NULL AND user_id = $1`, [
        first.userId,
      ]);
      await t.http().post('/api/auth/refresh').set('Cookie', first.cookie).expect(401);
      expect((await t.http().get('/api/me').set(bearer(first))).status).toBe(401);
      expect(
        (
          await t
            .http()
            .get('/api/me')
            .set({ Authorization: `Bearer ${second}` })
        ).status,
      ).toBe(401);
      expect(await handshake(second)).toBe('unauthorized');
    });

    it('refuses an access token of the family that changed the password, even one issued in the same second', async () => {
      const session = await activeAccount();
      await t.http().get('/api/me').set(bearer(session)).expect(200);
      const changed = await t
        .http()
        .post('/api/me/password')
        .set(bearer(session))
        .send({ currentPassword: STRONG, newPassword: 'another long passphrase' })
        .expect(200);
      // A token of the old family issued in the second of the change (a refresh racing the
      // change): the cut-off by issue time, to the second, lets it through; the family does not.
      const { sid } = JSON.parse(Buffer.from(session.token.split('.')[1], 'base64url').toString()) as { sid: string };
      const [{ cutoff }] = await t.db.query('SELECT extract(epoch FROM tokens_valid_after)::int AS cutoff FROM users WHERE id = $1', [
        session.userId,
      ]);
      const sameSecond = await t.running.app
        .get(JwtService)
        .signAsync(
          { sub: session.userId, sid, iat: cutoff },
          { secret: t.config.jwtSecret, expiresIn: 15 * 60, issuer: TOKEN_ISSUER, algorithm: 'HS256' },
        );
      expect(
        (
          await t
            .http()
            .get('/api/me')
            .set({ Authorization: `Bearer ${sameSecond}` })
        ).status,
      ).toBe(401);
      expect(await handshake(sameSecond)).toBe('unauthorized');
      await t
        .http()
        .get('/api/me')
        .set({ Authorization: `Bearer ${changed.body.accessToken}` })
        .expect(200);
    });
  });

  // Issue 12 (#13): a suspended account reads its own status and nothing else.
  describe('suspended accounts', () => {
    let suspended: Session & { email: string };
    beforeAll(async () => {
      suspended = await activeAccount();
      await decide(suspended.userId, 'suspend').expect(200);
    });

    it('still read their own status', async () => {
      const me = (await t.http().get('/api/me').set(bearer(suspended)).expect(200)).body as MeView;
      expect(me.status).toBe('suspended');
      expect((await t.http().get('/api/me/viewer').set(bearer(suspended)).expect(200)).body).toMatchObject({ status: 'suspended' });
    });

    it('may not change their profile (PATCH /me)', async () => {
      const res = await t.http().patch('/api/me').set(bearer(suspended)).send({ displayName: 'Renamed While Suspended' });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: expect.any(String), message: expect.anything() });
    });

    it('may not read their notifications', async () => {
      const res = await t.http().get('/api/notifications').set(bearer(suspended));
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: expect.any(String) });
    });

    it('may not change their password, and get no new session by trying', async () => {
      const res = await t
        .http()
        .post('/api/me/password')
        .set(bearer(suspended))
        .send({ currentPassword: STRONG, newPassword: 'a fresh start while suspended' });
      expect(res.status).toBe(403);
      expect(res.body.accessToken).toBeUndefined();
      expect(refreshCookie(res.headers['set-cookie'])).toBe('');
    });

    it('get no user room at the socket handshake', async () => {
      url ||= await listen(t);
      await sockets.connect(suspended.token);
      const inRoom = await t.running.app.get(RealtimeGateway).server.local.in(personRoom(suspended.userId)).fetchSockets();
      expect(inRoom).toHaveLength(0);
    });
  });

  // The review's INFO item: a shared device's browser cache must not keep what one person read.
  describe('cache headers', () => {
    it('marks answers that depend on who asks no-store', async () => {
      const session = await activeAccount();
      for (const path of ['/api/me', '/api/me/viewer', '/api/notifications']) {
        const res = await t.http().get(path).set(bearer(session)).expect(200);
        expect({ path, cacheControl: res.headers['cache-control'] }).toEqual({ path, cacheControl: 'no-store' });
      }
    });
  });

  describe('password reset link', () => {
    it('works once, for 24 hours, and only the newest link works', async () => {
      const id = await userId('observer@suivi.demo');
      await t
        .http()
        .post(`/api/users/${id}/reset-link`)
        .set(bearer(await signIn(t, 'justice@suivi.demo')))
        .expect(403);
      const old = (await t.http().post(`/api/users/${id}/reset-link`).set(bearer(secretariat)).expect(200)).body;
      const link = (await t.http().post(`/api/users/${id}/reset-link`).set(bearer(secretariat)).expect(200)).body;
      expect(link.path).toMatch(/^\/reset\?token=/);
      expect(new Date(link.expiresAt).getTime() - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
      const token = new URLSearchParams(link.path.split('?')[1]).get('token');
      const oldToken = new URLSearchParams(old.path.split('?')[1]).get('token');
      await t.http().post('/api/auth/reset').send({ token: oldToken, newPassword: 'mangoes of Sikasso 2015' }).expect(400);
      await t.http().post('/api/auth/reset').send({ token, newPassword: 'short' }).expect(400);
      await t.http().post('/api/auth/reset').send({ token, newPassword: 'mangoes of Sikasso 2015' }).expect(204);
      const again = await t.http().post('/api/auth/reset').send({ token, newPassword: 'mangoes of Sikasso 2016' }).expect(400);
      expect(JSON.stringify(again.body.message)).toContain('token');
      await signIn(t, 'observer@suivi.demo', 'mangoes of Sikasso 2015');
    });
  });

  describe('administration', () => {
    it('gives the secretariat role only to members of a secretariat organisation', async () => {
      const justice = await userId('justice@suivi.demo');
      const res = await t
        .http()
        .patch(`/api/users/${justice}`)
        .set(bearer(secretariat))
        .send({ role: 'secretariat', reason: 'trying' })
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain('role');
      await t.http().patch(`/api/users/${justice}`).set(bearer(secretariat)).send({ role: 'member' }).expect(400);
    });

    it('lists accounts with pending ones first, filtered', async () => {
      const page = (await t.http().get('/api/users?pageSize=100').set(bearer(secretariat)).expect(200)).body;
      const statuses = page.items.map((u: UserAdminView) => u.status);
      expect(statuses.indexOf('pending')).toBe(0);
      const active = (await t.http().get('/api/users?status=active').set(bearer(secretariat)).expect(200)).body;
      expect(active.items.every((u: UserAdminView) => u.status === 'active')).toBe(true);
      await t.http().get('/api/users?status=weird').set(bearer(secretariat)).expect(400);
    });

    it('records every decision in the audit chain with its actor and reason', async () => {
      const { body } = await register(orgKey(/MJDH/));
      const id = await userId(body.email);
      await decide(id, 'approve').expect(200);
      const [event] = await t.db.query(`SELECT actor, action, data FROM audit_events WHERE entity_id = $1 AND action = 'user.approved'`, [
        id,
      ]);
      expect(event.actor).toBe(`user:${secretariat.userId}`);
      expect(JSON.parse(event.data)).toMatchObject({
        reason: 'checked with the focal point',
        before: { status: 'pending' },
        after: { status: 'active' },
      });
      await decide(id, 'approve').expect(409);
    });

    it('creates and edits organisations, refusing a stale version', async () => {
      const created = (
        await t
          .http()
          .post('/api/organizations')
          .set(bearer(secretariat))
          .send({ name: { fr: 'Association des juristes de Mopti' }, group: 'civil_society' })
          .expect(201)
      ).body;
      expect(created).toMatchObject({ name: { fr: 'Association des juristes de Mopti' }, group: 'civil_society' });
      await t.http().post('/api/organizations').set(bearer(secretariat)).send({ name: {}, group: 'civil_society' }).expect(400);
      await t
        .http()
        .post('/api/organizations')
        .set(bearer(secretariat))
        .send({ name: { en: 'x' }, group: 'pirates' })
        .expect(400);
      const updated = (
        await t
          .http()
          .patch(`/api/organizations/${created.id}`)
          .set(bearer(secretariat))
          .send({ acronym: 'AJM', version: created.version })
          .expect(200)
      ).body;
      expect(updated.acronym).toBe('AJM');
      const stale = await t
        .http()
        .patch(`/api/organizations/${created.id}`)
        .set(bearer(secretariat))
        .send({ acronym: 'OLD', version: created.version })
        .expect(409);
      expect(stale.body.message).toBeTruthy();
    });
  });

  describe('hardening', () => {
    it('closes CORS by default', async () => {
      const res = await t
        .http()
        .options('/api/commitments')
        .set('Origin', 'https://evil.example')
        .set('Access-Control-Request-Method', 'GET');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('refuses oversized bodies with 413 and malformed JSON with 400', async () => {
      await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"email":').expect(400);
      const big = await t
        .http()
        .post('/api/auth/register')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ email: 'x'.repeat(2 * 1024 * 1024) }));
      expect(big.status).toBe(413);
    });
  });
});

describe('vouching at the starting point: no civil-society organisation has an active member (review finding 6)', () => {
  let t: TestApp;
  let first: Session;
  let second: Session;
  const civilSocietyOrganisations: string[] = [];

  async function newcomer(organizationId: string, tag: string): Promise<string> {
    const email = `${tag}.${Date.now()}@example.org`;
    await t
      .http()
      .post('/api/auth/register')
      .send({ email, password: STRONG, displayName: `Newcomer ${tag}`, organizationId, locale: 'fr' })
      .expect(202);
    const [row] = await t.db.query('SELECT id FROM users WHERE email = $1', [email]);
    return row.id;
  }
  const approve = (id: string, session: Session) =>
    t.http().post(`/api/users/${id}/approve`).set(bearer(session)).send({ reason: 'a new deployment' });
  const confirm = (id: string, session: Session) => t.http().post(`/api/users/${id}/confirm`).set(bearer(session));

  beforeAll(async () => {
    t = await startTestApp();
    first = await signIn(t, 'secretariat@suivi.demo');
    // The demo's only active civil-society member leaves: the deployment is back at its start.
    const [civil] = await t.db.query(`SELECT id FROM users WHERE email = 'civil@suivi.demo'`);
    await t.http().post(`/api/users/${civil.id}/suspend`).set(bearer(first)).send({ reason: 'starting point' }).expect(200);
    // A second secretariat account.
    const [secretariatOrg] = await t.db.query(`SELECT id FROM organizations WHERE stakeholder_group = 'secretariat' LIMIT 1`);
    const secondId = await newcomer(secretariatOrg.id, 'second-secretariat');
    await approve(secondId, first).expect(200);
    await t.http().patch(`/api/users/${secondId}`).set(bearer(first)).send({ role: 'secretariat', reason: 'second key' }).expect(200);
    const [{ email }] = await t.db.query('SELECT email FROM users WHERE id = $1', [secondId]);
    second = await signIn(t, email, STRONG);
    for (const row of await t.db.query(`SELECT id FROM organizations WHERE stakeholder_group = 'civil_society' ORDER BY acronym`)) {
      civilSocietyOrganisations.push(row.id);
    }
  });
  afterAll(() => t?.close());

  it('admits a first member by two different secretariat accounts, one approving and the other confirming, in either order', async () => {
    const [a, b] = civilSocietyOrganisations;
    const one = await newcomer(a, 'one');
    const two = await newcomer(b, 'two');

    // One account approving and confirming is refused, whichever it does first.
    const approved = (await approve(one, first).expect(200)).body as UserAdminView;
    expect(approved).toMatchObject({ status: 'pending', awaitingConfirmation: true, confirmationBy: 'secretariat' });
    await confirm(one, first).expect(403);
    await confirm(two, second).expect(204);
    await approve(two, second).expect(403);

    // The other account completes each: the second newcomer opens the first safe space.
    expect((await approve(two, first).expect(200)).body).toMatchObject({ status: 'active' });
    const [event] = await t.db.query(`SELECT actor FROM audit_events WHERE entity_id = $1 AND action = 'user.confirmed'`, [two]);
    expect(event?.actor).toBe(`user:${second.userId}`);

    // From then on civil society vouches: the secretariat no longer confirms, the new member does.
    await confirm(one, second).expect(403);
    const [{ email }] = await t.db.query('SELECT email FROM users WHERE id = $1', [two]);
    await confirm(one, await signIn(t, email, STRONG)).expect(204);
    const [row] = await t.db.query('SELECT status FROM users WHERE id = $1', [one]);
    expect(row.status).toBe('active');
  });
});

describe('sign-in throttling', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { AUTH_ATTEMPTS_PER_ACCOUNT: '3', AUTH_ATTEMPTS_PER_ADDRESS: '6' } });
  });
  afterAll(() => t?.close());

  it('answers 429 with Retry-After after repeated failures on one account, then per address', async () => {
    for (let i = 0; i < 3; i++) {
      await t.http().post('/api/auth/login').send({ email: 'justice@suivi.demo', password: 'not the password' }).expect(401);
    }
    const blocked = await t.http().post('/api/auth/login').send({ email: 'justice@suivi.demo', password: 'suivi-demo-2014' }).expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body).toMatchObject({ statusCode: 429 });
    // Other accounts from the same address: limited by the address counter.
    await t.http().post('/api/auth/login').send({ email: 'partner@suivi.demo', password: 'suivi-demo-2014' }).expect(200);
    await t.http().post('/api/auth/login').send({ email: 'observer@suivi.demo', password: 'nope nope nope' }).expect(401);
    await t.http().post('/api/auth/login').send({ email: 'civil@suivi.demo', password: 'nope nope nope' }).expect(429);
  });

  // Issue 12 (#12): POST /me/password is an oracle for the current password. Sessions come
  // straight from the service: the sign-in counters are spent by the test above.
  it('throttles wrong current passwords on POST /me/password per account, then per address', async () => {
    const auth = t.running.app.get(AuthService);
    const sessionOf = async (email: string) => {
      const [{ id }] = await t.db.query('SELECT id FROM users WHERE email = $1', [email]);
      return { Authorization: `Bearer ${(await auth.startSession(id)).accessToken}` };
    };
    const guess = (headers: Record<string, string>, i: number) =>
      t
        .http()
        .post('/api/me/password')
        .set(headers)
        .send({ currentPassword: `wrong guess number ${i}`, newPassword: 'a long new passphrase' });
    const guessUntilRefused = async (headers: Record<string, string>) => {
      for (let i = 1; i <= 40; i++) {
        const res = await guess(headers, i);
        if (res.status !== 400) {
          return { attempt: i, res };
        }
      }
      return { attempt: 41, res: null };
    };
    const account = await guessUntilRefused(await sessionOf('justice@suivi.demo'));
    expect(account.res?.status).toBe(429);
    expect(Number(account.res?.headers['retry-after'])).toBeGreaterThan(0);
    expect(account.res?.body).toMatchObject({ statusCode: 429 });
    expect(account.attempt).toBe(4);
    // Another account from the same address: refused before its own three guesses are spent.
    const address = await guessUntilRefused(await sessionOf('secretariat@suivi.demo'));
    expect(address.res?.status).toBe(429);
    expect(address.attempt).toBeLessThanOrEqual(3);
  });
});
