import { io } from 'socket.io-client';

import { createApp, type RunningApp } from '../../apps/api/src/bootstrap';
import { bearer, signIn, startTestApp, type TestApp } from './support/test-app';

// Two API instances on one PostgreSQL server and one Redis: only meaningful on real servers
// (the embedded database belongs to one process), so CI's second pass runs it.
const withServers = process.env['DATABASE_URL'] && process.env['REDIS_URL'] ? describe : describe.skip;

withServers('two API instances sharing PostgreSQL and Redis', () => {
  let a: TestApp;
  let b: RunningApp;

  beforeAll(async () => {
    a = await startTestApp({ env: { AUTH_ATTEMPTS_PER_ACCOUNT: '4' } });
    b = await createApp(a.config);
    await b.app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const viaB = () => {
    // supertest against instance B's server
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const request = require('supertest') as typeof import('supertest');
    return request(b.app.getHttpServer());
  };

  it('makes a suspension made on one instance bite on the other at once', async () => {
    const civil = await signIn(a, 'civil@suivi.demo');
    await viaB().get('/api/me/organization/newcomers').set(bearer(civil)).expect(200);
    const secretariat = await signIn(a, 'secretariat@suivi.demo');
    await a.http().post(`/api/users/${civil.userId}/suspend`).set(bearer(secretariat)).send({ reason: 'two instances' }).expect(200);
    const deadline = Date.now() + 2000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await viaB().get('/api/me/organization/newcomers').set(bearer(civil))).status;
      if (status === 403) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(403);
  });

  // Issue 12 (#14): the account cache also knows which session families ended; a sign-out on one
  // instance reaches the other's cache through Redis.
  it('refuses on the other instance, at once, an access token whose session signed out', async () => {
    const partner = await signIn(a, 'partner@suivi.demo');
    await viaB().get('/api/me').set(bearer(partner)).expect(200);
    await a.http().post('/api/auth/logout').set('Cookie', partner.cookie).expect(204);
    const deadline = Date.now() + 2000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await viaB().get('/api/me').set(bearer(partner))).status;
      if (status === 401) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(401);
    await b.app.listen({ port: 0, host: '127.0.0.1' });
    const address = b.app.getHttpServer().address();
    const socket = io(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: partner.token },
      reconnection: false,
    });
    const outcome = await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error) => resolve(error.message));
    });
    socket.disconnect();
    expect(outcome).toBe('unauthorized');
  });

  it('counts sign-in attempts across instances', async () => {
    for (const instance of [a.http, viaB, a.http, viaB]) {
      await instance().post('/api/auth/login').send({ email: 'observer@suivi.demo', password: 'wrong wrong wrong' }).expect(401);
    }
    await a.http().post('/api/auth/login').send({ email: 'observer@suivi.demo', password: 'suivi-demo-2014' }).expect(429);
  });
});
