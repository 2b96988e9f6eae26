import { randomBytes } from 'node:crypto';

import { Client } from 'pg';
import { io } from 'socket.io-client';

import { startApi, type ApiInstance } from './support/api-instance';
import { call, postMessage, publicThreads, signIn } from './support/client';
import { sleep, startPostgres, type ThrowawayPostgres } from './support/servers';

// The API on a PostgreSQL server of the test's own, stopped and started again while traffic
// flows. Meaningless on the embedded database (it lives inside the API process).
describe('PostgreSQL restarted under load', () => {
  let pg: ThrowawayPostgres;
  let api: ApiInstance;

  beforeAll(async () => {
    pg = await startPostgres();
    api = await startApi({
      DATABASE_URL: pg.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      PSEUDONYM_KEY: randomBytes(32).toString('hex'),
    });
  }, 240_000);
  afterAll(async () => {
    await api?.destroy();
    await pg?.destroy();
  });

  // 'fast' is a clean shutdown (connections told, 57P01); 'immediate' is PostgreSQL's crash stop
  // (connections cut, recovery from the WAL at start).
  it.each(['fast', 'immediate'] as const)(
    'answers 503 while the database is down (%s stop), never 500, loses no acknowledged write, and recovers by itself',
    async (mode) => {
      const base = api.baseUrl;
      const logFrom = api.output().length;
      const token = await signIn(base, 'secretariat@suivi.demo');
      // Signed in, but not yet seen by the account cache: its first request comes in the outage.
      const coldToken = await signIn(base, mode === 'fast' ? 'partner@suivi.demo' : 'observer@suivi.demo');
      const threads = await publicThreads(base, 3);
      const commitments = (await call<{ items: Array<{ id: string }> }>(base, 'GET', '/api/commitments?pageSize=3')).body.items;

      const statuses = new Map<string, Map<number, number>>();
      const count = (what: string, status: number) => {
        const byStatus = statuses.get(what) ?? new Map<number, number>();
        byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
        statuses.set(what, byStatus);
      };
      const acknowledgedMessages: string[] = [];
      const acknowledgedReports: string[] = [];
      const unexpected: string[] = [];
      // The window in which the database is stopped or starting: 503 is the right answer there.
      let phase: 'up' | 'down' | 'back' = 'up';
      const expectOk = (what: string, status: number, ok: number) => {
        count(`${phase} ${what}`, status);
        // 0 (no answer) and 5xx other than 503 are failures in any phase; outside the outage, so is 503.
        if (status !== ok && !(status === 503 && phase !== 'up')) {
          unexpected.push(`${phase} ${what} → ${status}`);
        }
      };

      let running = true;
      let n = 0;
      const writer = async (worker: number) => {
        while (running) {
          n += 1;
          const res = await postMessage(base, token, threads[n % threads.length], `restart ${worker}-${n}`);
          expectOk('POST message', res.status, 201);
          if (res.status === 201) {
            acknowledgedMessages.push(res.body.id);
          }
          const report = await call<{ id: string }>(base, 'POST', `/api/commitments/${commitments[n % commitments.length].id}/reports`, {
            token,
            body: { kind: 'self_report', status: 'in_progress', narrative: { en: `restart ${worker}-${n}` } },
          });
          expectOk('POST report', report.status, 201);
          if (report.status === 201) {
            acknowledgedReports.push(report.body.id);
          }
          await sleep(20);
        }
      };
      const reader = async () => {
        while (running) {
          expectOk('GET commitments', (await call(base, 'GET', '/api/commitments?pageSize=20&sort=due')).status, 200);
          expectOk('GET dashboard', (await call(base, 'GET', '/api/dashboard')).status, 200);
          await sleep(20);
        }
      };
      const load = [writer(1), writer(2), reader()];

      await sleep(3_000);
      phase = 'down';
      await pg.stop(mode);
      const healthWhileDown: Array<{ status: number; body: unknown }> = [];
      const downUntil = Date.now() + 6_000;
      while (Date.now() < downUntil) {
        const res = await call(base, 'GET', '/api/health', { timeoutMs: 10_000 });
        healthWhileDown.push(res);
        await sleep(250);
      }
      const downWrite = await postMessage(base, token, threads[0], 'while the database is down');
      // A failure to read the account is the server's, not a signed-out caller's: 503, never 401.
      const coldWrite = await postMessage(base, coldToken, threads[0], 'first request, database down');
      const coldRead = await call(base, 'GET', '/api/me', { token: coldToken });
      // Likewise for a live connection: "unavailable", which the web app retries with the same
      // token, not "unauthorized", which made it give the token up and listen signed out.
      const coldHandshake = await handshakeError(base, coldToken);

      await pg.start();
      const backAt = Date.now();
      phase = 'back';
      let healthyAfterMs = -1;
      let writableAfterMs = -1;
      while (Date.now() - backAt < 30_000 && (healthyAfterMs < 0 || writableAfterMs < 0)) {
        if (healthyAfterMs < 0 && (await call(base, 'GET', '/api/health')).status === 200) {
          healthyAfterMs = Date.now() - backAt;
        }
        if (writableAfterMs < 0) {
          const res = await postMessage(base, token, threads[0], 'after the restart');
          if (res.status === 201) {
            acknowledgedMessages.push(res.body.id);
            writableAfterMs = Date.now() - backAt;
          }
        }
        await sleep(100);
      }
      // A few seconds of normal traffic after recovery, in which only success is acceptable.
      await sleep(2_000);
      phase = 'up';
      await sleep(2_000);
      running = false;
      await Promise.all(load);

      const summary = {
        statuses: Object.fromEntries([...statuses].map(([k, v]) => [k, Object.fromEntries(v)])),
        healthyAfterMs,
        writableAfterMs,
        acknowledgedMessages: acknowledgedMessages.length,
        acknowledgedReports: acknowledgedReports.length,
      };
      process.stdout.write(`postgres restart (${mode}): ${JSON.stringify(summary)}\n`);
      if (unexpected.length) {
        // What the API logged about the requests that failed wrongly.
        process.stdout.write(
          `${api
            .output()
            .split('\n')
            .filter((line) => /"level":50/.test(line))
            .slice(0, 5)
            .join('\n')}\n`,
        );
      }

      expect(healthWhileDown.length).toBeGreaterThan(0);
      expect(healthWhileDown.every((h) => h.status === 503)).toBe(true);
      expect(healthWhileDown.map((h) => h.body)).toContainEqual({ status: 'degraded', database: 'down' });
      expect(downWrite.status).toBe(503);
      expect([coldWrite.status, coldRead.status]).toEqual([503, 503]);
      expect(coldHandshake).toBe('unavailable');
      expect(unexpected).toEqual([]);
      expect(healthyAfterMs).toBeGreaterThanOrEqual(0);
      expect(healthyAfterMs).toBeLessThanOrEqual(10_000);
      expect(writableAfterMs).toBeGreaterThanOrEqual(0);
      expect(writableAfterMs).toBeLessThanOrEqual(10_000);

      const db = new Client({ connectionString: pg.url });
      await db.connect();
      try {
        const messages = await db.query<{ id: string }>('SELECT id FROM messages WHERE id = ANY($1::uuid[])', [acknowledgedMessages]);
        expect(messages.rowCount).toBe(acknowledgedMessages.length);
        const reports = await db.query<{ id: string }>('SELECT id FROM progress_reports WHERE id = ANY($1::uuid[])', [acknowledgedReports]);
        expect(reports.rowCount).toBe(acknowledgedReports.length);
      } finally {
        await db.end();
      }
      const verify = await call<{ valid: boolean }>(base, 'GET', '/api/audit/verify');
      expect(verify.status).toBe(200);
      expect(verify.body.valid).toBe(true);
      // The outage is logged as a few warnings, not as an error with a stack per failed request.
      const lines = api.output().slice(logFrom).split('\n');
      expect(lines.filter((line) => /"msg":"request failed"/.test(line))).toEqual([]);
      const outageLines = lines.filter((line) => /database unavailable/.test(line)).length;
      expect(outageLines).toBeGreaterThanOrEqual(1);
      expect(outageLines).toBeLessThanOrEqual(5);
    },
  );
});

/** The handshake's refusal, or null when it connects. */
function handshakeError(base: string, token: string): Promise<string | null> {
  const socket = io(base, { path: '/socket.io', transports: ['websocket'], reconnection: false, auth: { token } });
  return new Promise<string | null>((resolve) => {
    socket.once('connect', () => resolve(null));
    socket.once('connect_error', (error: Error) => resolve(error.message));
  }).finally(() => socket.close());
}
