import { randomBytes } from 'node:crypto';

import { startApi, type ApiInstance } from './support/api-instance';
import { call, postMessage, publicThreads, signIn } from './support/client';
import { postgresDatabase, sleep } from './support/servers';

// The built API killed with SIGKILL in the middle of a stream of writes, then started again on
// the same data: everything it acknowledged is there, with the notifications it set off (rows
// of the write's own transaction, issue 13), and the audit chain still verifies. Both
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

  it('keeps every acknowledged write, its notifications and a valid audit chain after a restart', async () => {
    const base = api.baseUrl;
    const token = await signIn(base, 'secretariat@suivi.demo');
    const threads = await publicThreads(base, 3);
    const commitments = (await call<{ items: Array<{ id: string }> }>(base, 'GET', '/api/commitments?pageSize=3')).body.items;
    // Someone to tell: a follower of the commitments (told of each report) whose message in each
    // thread every crash message answers (told of each reply).
    const justice = await signIn(base, 'justice@suivi.demo');
    const repliedTo: string[] = [];
    for (const [i, thread] of threads.entries()) {
      await call(base, 'POST', '/api/follows', { token: justice, body: { subjectType: 'commitment', subjectId: commitments[i].id } });
      repliedTo.push((await postMessage(base, justice, thread, 'Who will answer?')).body.id);
    }

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
            : await call<{ id: string }>(base, 'POST', `/api/threads/${threads[n % threads.length]}/messages`, {
                token,
                body: { body: `crash ${worker}-${n}`, replyToId: repliedTo[n % threads.length] },
              });
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
    // Every acknowledged write's notification, read back as its person reads them.
    const told = new Set<string>();
    const justiceAgain = await signIn(base, 'justice@suivi.demo');
    for (let page = 1; ; page++) {
      const res = await call<{ items: Array<{ kind: string; payload: Record<string, unknown> }>; total: number }>(
        base,
        'GET',
        `/api/notifications?pageSize=100&page=${page}`,
        { token: justiceAgain },
      );
      for (const n of res.body.items) {
        told.add(`${n.kind}:${String(n.payload['messageId'] ?? n.payload['reportId'])}`);
      }
      if (page * 100 >= res.body.total) {
        break;
      }
    }
    const untold = [...messages.map((id) => `reply:${id}`), ...reports.map((id) => `report:${id}`)].filter((key) => !told.has(key));
    const verify = await call<{ valid: boolean; count: number }>(base, 'GET', '/api/audit/verify');
    process.stdout.write(
      `crash (${backend}): ${JSON.stringify({ acknowledged, messages: messages.length, reports: reports.length, missing: missing.length, untold: untold.length, restartMs, audit: verify.body })}\n`,
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
    expect(untold).toEqual([]);
    expect(verify.status).toBe(200);
    expect(verify.body.valid).toBe(true);
    // And it takes writes again.
    expect((await postMessage(base, token, threads[0], 'after the crash')).status).toBe(201);
  });
});
