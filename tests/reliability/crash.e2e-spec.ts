import { randomBytes } from 'node:crypto';

import { startApi, type ApiInstance } from './support/api-instance';
import { call, postMessage, publicThreads, signIn } from './support/client';
import { postgresDatabase, sleep } from './support/servers';

// The built API killed with SIGKILL in the middle of a stream of writes, then started again on
// the same data: everything it acknowledged is there and the audit chain still verifies. Both
// databases: the embedded one (PGlite's files in DATA_DIR, written by the killed process itself)
// and a PostgreSQL server.
const backends: Array<'embedded' | 'postgres'> = ['embedded', 'postgres'];

describe.each(backends)('SIGKILL in the middle of writes (%s)', (backend) => {
  let api: ApiInstance;
  let database: { url: string; drop(): Promise<void> } | null = null;

  beforeAll(async () => {
    database = backend === 'postgres' ? await postgresDatabase('crash') : null;
    api = await startApi({
      ...(database ? { DATABASE_URL: database.url } : {}),
      JWT_SECRET: randomBytes(32).toString('hex'),
      PSEUDONYM_KEY: randomBytes(32).toString('hex'),
    });
  }, 240_000);
  afterAll(async () => {
    await api?.destroy();
    await database?.drop();
  });

  it('keeps every acknowledged write and a valid audit chain after a restart', async () => {
    const base = api.baseUrl;
    const token = await signIn(base, 'secretariat@suivi.demo');
    const threads = await publicThreads(base, 3);
    const commitments = (await call<{ items: Array<{ id: string }> }>(base, 'GET', '/api/commitments?pageSize=3')).body.items;

    const messages: string[] = [];
    const reports: string[] = [];
    const other: string[] = [];
    let alive = true;
    let n = 0;
    const writer = async (worker: number) => {
      // Each worker writes until the process is gone (no answer at all).
      while (alive) {
        n += 1;
        const kind = n % 3 === 0 ? 'report' : 'message';
        const res =
          kind === 'report'
            ? await call<{ id: string }>(base, 'POST', `/api/commitments/${commitments[n % commitments.length].id}/reports`, {
                token,
                body: { kind: 'self_report', status: 'in_progress', narrative: { en: `crash ${worker}-${n}` } },
              })
            : await postMessage(base, token, threads[n % threads.length], `crash ${worker}-${n}`);
        if (res.status === 201) {
          (kind === 'report' ? reports : messages).push(res.body.id);
        } else if (res.status !== 0) {
          other.push(`${res.status}`);
        } else {
          return;
        }
      }
    };
    const writers = [1, 2, 3, 4].map(writer);
    // Kill while the writers are busy: after a first batch of acknowledgements, at a moment that
    // varies from run to run.
    const killAfter = 30 + Math.floor(Math.random() * 30);
    while (messages.length + reports.length < killAfter) {
      await sleep(10);
    }
    await api.kill('SIGKILL');
    alive = false;
    await Promise.all(writers);
    const acknowledged = messages.length + reports.length;

    const restartedAt = Date.now();
    await api.start();
    const restartMs = Date.now() - restartedAt;

    const missing: string[] = [];
    for (const id of messages) {
      const res = await call(base, 'GET', `/api/messages/${id}`);
      if (res.status !== 200) {
        missing.push(`message ${id}: ${res.status}`);
      }
    }
    for (const id of reports) {
      const res = await call(base, 'GET', `/api/reports/${id}`);
      if (res.status !== 200) {
        missing.push(`report ${id}: ${res.status}`);
      }
    }
    const verify = await call<{ valid: boolean; count: number }>(base, 'GET', '/api/audit/verify');
    process.stdout.write(
      `crash (${backend}): ${JSON.stringify({ acknowledged, messages: messages.length, reports: reports.length, missing: missing.length, restartMs, audit: verify.body })}\n`,
    );
    if (other.length) {
      process.stdout.write(
        `${api
          .output()
          .split('\n')
          .filter((line) => /"level":50/.test(line))
          .slice(0, 3)
          .join('\n')}\n`,
      );
    }
    expect(other).toEqual([]);
    expect(acknowledged).toBeGreaterThanOrEqual(30);
    expect(missing).toEqual([]);
    expect(verify.status).toBe(200);
    expect(verify.body.valid).toBe(true);
    // And it takes writes again.
    expect((await postMessage(base, token, threads[0], 'after the crash')).status).toBe(201);
  });
});
