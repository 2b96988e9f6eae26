import { randomBytes } from 'node:crypto';

import type { MessageView } from '@suivi/contracts';
import { io, type Socket } from 'socket.io-client';

import { startApi, type ApiInstance } from './support/api-instance';
import { postMessage, publicThreads, signIn } from './support/client';
import { postgresDatabase, sleep, startRedis, type ThrowawayRedis } from './support/servers';

// Two built API processes on one PostgreSQL database and a Redis server of the test's own, which
// the test kills and restarts: each instance keeps serving its own sockets meanwhile, says so
// once in its log, and both join up again when Redis is back.
describe('Redis down under two instances', () => {
  let redis: ThrowawayRedis;
  let database: { url: string; drop(): Promise<void> };
  const apis: ApiInstance[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    database = await postgresDatabase('redis');
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: `rel-${process.pid}:`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      PSEUDONYM_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'info',
    };
    // One after the other: the first migrates and loads the demo data.
    apis.push(await startApi(env));
    apis.push(await startApi(env));
  }, 300_000);
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    // Both stopped, then one verification of the database they shared.
    await Promise.all(apis.map((a) => a.kill('SIGTERM')));
    await Promise.all(apis.map((a, i) => a.destroy({ verifyRecord: i === 0 })));
    await redis?.destroy();
    await database?.drop();
  });

  const connect = async (api: ApiInstance) => {
    const socket = io(api.baseUrl, { path: '/socket.io', transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  };
  const received = (socket: Socket) => {
    const ids: string[] = [];
    socket.on('message.created', (m: MessageView) => ids.push(m.id));
    return ids;
  };
  const within = async (ms: number, check: () => boolean) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (check()) {
        return true;
      }
      await sleep(50);
    }
    return check();
  };

  it('serves each instance alone while Redis is down, logs it once, and joins again when it returns', async () => {
    const [a, b] = apis;
    const [thread] = await publicThreads(a.baseUrl, 1);
    const tokenA = await signIn(a.baseUrl, 'justice@suivi.demo');
    const tokenB = await signIn(b.baseUrl, 'partner@suivi.demo');
    const onA = [await connect(a), await connect(a)];
    const onB = [await connect(b), await connect(b)];
    const seenA = onA.map(received);
    const seenB = onB.map(received);
    for (const socket of [...onA, ...onB]) {
      expect(await socket.emitWithAck('subscribe', { room: `thread:${thread}` })).toEqual({ ok: true });
    }
    const everyone = [...seenA, ...seenB];

    const before = await postMessage(a.baseUrl, tokenA, thread, 'before the outage');
    expect(before.status).toBe(201);
    expect(await within(10_000, () => everyone.every((s) => s.includes(before.body.id)))).toBe(true);

    await redis.kill();
    await sleep(1_500);
    const during: Array<{ on: 'A' | 'B'; id: string }> = [];
    for (let i = 0; i < 6; i++) {
      const onWhich = i % 2 === 0 ? 'A' : 'B';
      const res = await postMessage(onWhich === 'A' ? a.baseUrl : b.baseUrl, onWhich === 'A' ? tokenA : tokenB, thread, `outage ${i}`);
      if (res.status !== 201) {
        process.stdout.write(`instance ${onWhich} said:\n${(onWhich === 'A' ? a : b).output().slice(-3000)}\n`);
      }
      expect({ i, status: res.status, body: res.status === 201 ? 'ok' : res.body }).toEqual({ i, status: 201, body: 'ok' });
      during.push({ on: onWhich, id: res.body.id });
      await sleep(300);
    }
    // Each instance's own subscribers get what was posted through it.
    const local = await within(10_000, () => during.every(({ on, id }) => (on === 'A' ? seenA : seenB).every((s) => s.includes(id))));
    expect(local).toBe(true);
    // Reads and new sockets keep working too.
    expect((await fetch(`${b.baseUrl}/api/commitments?pageSize=5`)).status).toBe(200);
    const lateOnA = await connect(a);
    expect(await lateOnA.emitWithAck('subscribe', { room: `thread:${thread}` })).toEqual({ ok: true });

    await redis.start();
    const backAt = Date.now();
    // Both instances rejoin: a message posted on either reaches every socket again.
    let rejoinedAfterMs = -1;
    while (Date.now() - backAt < 30_000 && rejoinedAfterMs < 0) {
      const probeA = await postMessage(a.baseUrl, tokenA, thread, 'after the outage (A)');
      const probeB = await postMessage(b.baseUrl, tokenB, thread, 'after the outage (B)');
      if (
        probeA.status === 201 &&
        probeB.status === 201 &&
        (await within(2_000, () => everyone.every((s) => s.includes(probeA.body.id) && s.includes(probeB.body.id))))
      ) {
        rejoinedAfterMs = Date.now() - backAt;
      }
    }
    process.stdout.write(`redis down: ${JSON.stringify({ postedDuringOutage: during.length, rejoinedAfterMs })}\n`);
    expect(rejoinedAfterMs).toBeGreaterThanOrEqual(0);

    for (const api of apis) {
      // Each connection of an instance reconnects on its own schedule: the adapter's may be back
      // before the one that logs.
      expect(await within(20_000, () => /Redis is back/.test(api.output()))).toBe(true);
      const lines = api.output().split('\n');
      // The loss is logged once per instance, its return once, and no request failed meanwhile.
      expect(lines.filter((l) => /Redis is unreachable/.test(l))).toHaveLength(1);
      expect(lines.filter((l) => /Redis is back/.test(l)).length).toBeGreaterThanOrEqual(1);
      expect(lines.filter((l) => /"level":50/.test(l))).toEqual([]);
    }
  });
});
