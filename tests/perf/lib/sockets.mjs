// Real-time benchmarks: W1 (idle connections, memory) and W2–W5 (fan-out, ingest, event loop,
// Redis adapter), with socket.io-client swarms in the harness's process (the load generator's core).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import pg from 'pg';
import { io as connect } from 'socket.io-client';

import { load } from './load.mjs';
import { median, percentile, rssBytes, sleep, startNode, waitForHttp } from './proc.mjs';

function openOne(url, auth) {
  return new Promise((resolve, reject) => {
    const socket = connect(url, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 30_000,
      auth,
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/**
 * Opens `n` sockets (websocket transport, no reconnection), `batch` handshakes at a time; a
 * handshake refused under load (listen backlog full on a busy machine) is retried a few times.
 */
async function openSockets(url, n, { batch = 100, auth } = {}) {
  const sockets = [];
  const withRetry = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await openOne(url, auth);
      } catch (error) {
        if (attempt >= 5) {
          throw error;
        }
        await sleep(200 * attempt);
      }
    }
  };
  for (let start = 0; start < n; start += batch) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(batch, n - start) }, withRetry))));
  }
  return sockets;
}

function closeSockets(sockets) {
  for (const socket of sockets) {
    socket.close();
  }
}

async function memoryAfterGc(proc, file) {
  rmSync(file, { force: true });
  process.kill(proc.pid, 'SIGWINCH');
  for (let i = 0; i < 100; i++) {
    await sleep(100);
    try {
      const usage = JSON.parse(readFileSync(file, 'utf8'));
      return { ...usage, rss: rssBytes(proc.pid) };
    } catch {
      // not written yet
    }
  }
  throw new Error(`${proc.name} did not report its memory`);
}

/**
 * W1: memory per idle connection, API vs bare socket.io with the same options: resident set
 * growth, read after two forced collections (memory-probe.cjs) once the sockets are open.
 */
export async function idleSockets({ opts, startApp, record, log, PORTS, PERF, WORK, column }) {
  const n = opts.sockets;
  const memFile = join(WORK, 'memory.json');
  const measure = async (proc, url) => {
    // Warm the code paths (handshake, adapter) before the baseline reading.
    closeSockets(await openSockets(url, 50));
    await sleep(2000);
    const before = await memoryAfterGc(proc, memFile);
    const sockets = await openSockets(url, n);
    await sleep(3000);
    const after = await memoryAfterGc(proc, memFile);
    closeSockets(sockets);
    return {
      perConnection: (after.rss - before.rss) / n,
      heapPerConnection: (after.heapUsed + after.external - before.heapUsed - before.external) / n,
      before: before.rss,
      after: after.rss,
    };
  };
  const probe = ['--expose-gc', '-r', join(PERF, 'lib/memory-probe.cjs')];
  const app = [];
  const bare = [];
  for (let i = 0; i < opts.runs; i++) {
    log(`W1 run ${i + 1}: ${n} idle sockets to the API`);
    const proc = await startApp(column, { name: 'w1-api', nodeFlags: probe, env: { SUIVI_BENCH_MEM_FILE: memFile } });
    try {
      app.push(await measure(proc, `http://127.0.0.1:${PORTS.app}`));
    } finally {
      await proc.stop();
    }
    log(`W1 run ${i + 1}: ${n} idle sockets to bare socket.io`);
    const ref = startNode('w1-bare', [...probe, join(PERF, 'bare/io.mjs')], {
      cpu: 0,
      env: { PORT: String(PORTS.io), SUIVI_BENCH_MEM_FILE: memFile },
      logFile: join(WORK, 'w1-bare.log'),
    });
    try {
      await waitForHttp(`http://127.0.0.1:${PORTS.io}/health`, ref);
      bare.push(await measure(ref, `http://127.0.0.1:${PORTS.io}`));
    } finally {
      await ref.stop();
    }
  }
  const a = median(app.map((x) => x.perConnection));
  const b = median(bare.map((x) => x.perConnection));
  record({
    id: 'W1',
    column,
    what: `${n} idle socket.io connections (websocket, anonymous) to one API process vs a bare socket.io server with the same options; resident memory growth per connection after forced GC (heap + external per connection: API ${(median(app.map((x) => x.heapPerConnection)) / 1024).toFixed(1)} KiB, reference ${(median(bare.map((x) => x.heapPerConnection)) / 1024).toFixed(1)} KiB)`,
    target: '≤ 1.3× the reference',
    app: {
      bytesPerConnection: Math.round(a),
      runs: app.map((x) => Math.round(x.perConnection)),
      rssBefore: median(app.map((x) => x.before)),
    },
    reference: {
      bytesPerConnection: Math.round(b),
      runs: bare.map((x) => Math.round(x.perConnection)),
      rssBefore: median(bare.map((x) => x.before)),
    },
    ratio: a / b,
    met: a / b <= 1.3,
    summary: `${(a / 1024).toFixed(1)} KiB/connection vs ${(b / 1024).toFixed(1)} KiB/connection`,
  });
}

/**
 * Posts `count` messages of about 500 bytes to `postUrl` one after another and returns every
 * subscriber's post→receive latency (ms), matched on a marker in the body.
 */
async function fanOut(sockets, post, count) {
  const sent = new Map();
  const latencies = [];
  const onMessage = (payload) => {
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const marker = /bench-fanout-(\d+)-/.exec(text)?.[1];
    const t0 = marker !== undefined ? sent.get(Number(marker)) : undefined;
    if (t0 !== undefined) {
      latencies.push(performance.now() - t0);
    }
  };
  for (const socket of sockets) {
    socket.on('message.created', onMessage);
  }
  const filler = 'Le pôle judiciaire spécialisé a reçu trois nouveaux dossiers ; the hearings start next week. ';
  for (let i = 0; i < count; i++) {
    const body = `bench-fanout-${i}- ${filler.repeat(5)}`.slice(0, 480);
    sent.set(i, performance.now());
    const res = await post(body);
    if (res.status >= 300) {
      throw new Error(`post answered ${res.status}: ${await res.text()}`);
    }
    await res.arrayBuffer();
    await sleep(100);
  }
  await sleep(1000);
  for (const socket of sockets) {
    socket.off('message.created', onMessage);
  }
  return { latencies, expected: count * sockets.length };
}

async function subscribeAll(sockets, room) {
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise((resolve, reject) => {
          socket.timeout(30_000).emit('subscribe', { room }, (error, ack) => {
            if (error || !ack?.ok) {
              reject(new Error(`subscribe ${room}: ${error?.message ?? ack?.error}`));
            } else {
              resolve();
            }
          });
        }),
    ),
  );
}

async function eventLoop(proc, file) {
  rmSync(file, { force: true });
  process.kill(proc.pid, 'SIGWINCH');
  for (let i = 0; i < 50; i++) {
    await sleep(100);
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      // not written yet
    }
  }
  return null;
}

/**
 * W2–W5 need the messages API (POST /api/threads/:id/messages, socket `subscribe` to
 * `thread:<id>`, `message.created`). Skipped, with a line saying so, while the route answers 404.
 * With `before` ({ start, port, record }: bench.mjs's --before), W2 and W3 also measure the other
 * build, started beside this one, each run measuring it first.
 */
export async function realtimeBenchmarks({
  opts,
  startApp: startRealApp,
  record,
  log,
  PORTS,
  PERF,
  WORK,
  results,
  login,
  dbUrl,
  before = null,
}) {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const { rows: threadRows } = await db.query(
    `SELECT t.id FROM threads t WHERE t.visibility = 'public' AND NOT t.locked AND t.subject_type = 'commitment' ORDER BY t.id LIMIT 10`,
  );
  const { rows: authorRows } = await db.query(`SELECT id FROM users WHERE email = 'bench.member@bench.suivi.test'`);
  await db.end();
  // --selftest-realtime: the bare ingest server stands in for the API (same route and events under
  // /api), to check this code before the messages API exists. Its figures are not the API's.
  const startApp = opts.selftestRealtime
    ? async (_column, { name, preload = [], env = {}, port = PORTS.app }) => {
        const proc = startNode(name, [...preload.flatMap((p) => ['-r', p]), join(PERF, 'bare/ingest.mjs')], {
          cpu: 0,
          env: { ...env, PORT: String(port), BARE_PREFIX: '/api', DATABASE_URL: dbUrl, BARE_AUTHOR_ID: authorRows[0].id },
          logFile: join(WORK, `${name}.log`),
        });
        await waitForHttp(`http://127.0.0.1:${port}/api/health`, proc);
        return proc;
      }
    : startRealApp;
  const column = opts.selftestRealtime ? 'selftest: bare stand-in, not the API' : 'postgres';
  const eldFile = join(WORK, 'event-loop.json');
  const eldFileBefore = join(WORK, 'event-loop-before.json');
  const appUrl = `http://127.0.0.1:${PORTS.app}`;
  const beforeUrl = before ? `http://127.0.0.1:${before.port}` : null;
  const app = await startApp('postgres', {
    name: 'w-api',
    preload: [join(PERF, 'lib/event-loop-probe.cjs')],
    env: { SUIVI_BENCH_ELD_FILE: eldFile },
  });
  let stopped = false;
  let beforeApp = null;
  try {
    beforeApp =
      before && !opts.selftestRealtime
        ? await before.start('postgres', {
            name: 'w-api',
            preload: [join(PERF, 'lib/event-loop-probe.cjs')],
            env: { SUIVI_BENCH_ELD_FILE: eldFileBefore },
          })
        : null;
    const token = await login(PORTS.app);
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const beforeAuth = beforeApp ? { authorization: `Bearer ${await login(before.port)}`, 'content-type': 'application/json' } : null;
    const postTo =
      (base, threadId, headers = auth) =>
      (body) =>
        fetch(`${base}/threads/${threadId}/messages`, { method: 'POST', headers, body: JSON.stringify({ body }) });
    const probe = await postTo(`${appUrl}/api`, threadRows[0].id)('bench probe: is the messages API there?');
    await probe.arrayBuffer();
    if (probe.status === 404) {
      const reason = 'the messages API is not in this build: POST /api/threads/:id/messages answered 404';
      for (const id of ['W2', 'W3', 'W4', 'W5']) {
        results.skipped.push({ id, reason });
      }
      log(`W2–W5 skipped: ${reason}`);
      return;
    }
    if (probe.status >= 300) {
      throw new Error(`POST /api/threads/:id/messages answered ${probe.status}`);
    }
    if (beforeApp) {
      const res = await postTo(`${beforeUrl}/api`, threadRows[0].id, beforeAuth)('bench probe: is the messages API there?');
      await res.arrayBuffer();
      if (res.status >= 300) {
        results.beforeAfter?.notes.push(`W2, W3 not compared: the before build answered ${res.status} to POST /api/threads/:id/messages.`);
        log(`W2, W3 before/after skipped: the before build answered ${res.status} to a post`);
        await beforeApp.stop();
        beforeApp = null;
      }
    }
    const subscribers = opts.quick ? 200 : 1000;
    const count = opts.quick ? 10 : 30;

    // W2: fan-out to `subscribers` sockets in one thread, app vs bare socket.io broadcast.
    const bareIo = startNode('w2-bare', [join(PERF, 'bare/io.mjs')], {
      cpu: 0,
      env: { PORT: String(PORTS.io) },
      logFile: join(WORK, 'w2-bare.log'),
    });
    await waitForHttp(`http://127.0.0.1:${PORTS.io}/health`, bareIo);
    const room = `thread:${threadRows[0].id}`;
    const appSockets = await openSockets(appUrl, subscribers);
    const bareSockets = await openSockets(`http://127.0.0.1:${PORTS.io}`, subscribers);
    const beforeSockets = beforeApp ? await openSockets(beforeUrl, subscribers) : [];
    await subscribeAll(appSockets, room);
    await subscribeAll(bareSockets, room);
    await subscribeAll(beforeSockets, room);
    const w2 = { app: [], bare: [], delivered: [], appRuns: [], beforeRuns: [] };
    /** One fan-out run's figures for the before/after comparison. */
    const fanOutFigures = (x) => ({
      p50: percentile(x.latencies, 50),
      p99: percentile(x.latencies, 99),
      missed: x.expected - x.latencies.length,
    });
    await eventLoop(app, eldFile);
    if (beforeApp) {
      await eventLoop(beforeApp, eldFileBefore);
    }
    const w2Before = async () =>
      w2.beforeRuns.push(fanOutFigures(await fanOut(beforeSockets, postTo(`${beforeUrl}/api`, threadRows[0].id, beforeAuth), count)));
    for (let i = 0; i < opts.runs; i++) {
      // Before first on even runs, second on odd ones (as in W3).
      if (beforeApp && i % 2 === 0) {
        await w2Before();
      }
      const a = await fanOut(appSockets, postTo(`${appUrl}/api`, threadRows[0].id), count);
      w2.app.push(percentile(a.latencies, 99));
      w2.appRuns.push(fanOutFigures(a));
      if (beforeApp && i % 2 === 1) {
        await w2Before();
      }
      w2.delivered.push(`${a.latencies.length}/${a.expected}`);
      const b = await fanOut(
        bareSockets,
        (body) =>
          fetch(`http://127.0.0.1:${PORTS.io}/broadcast/${encodeURIComponent(room)}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              id: crypto.randomUUID(),
              threadId: threadRows[0].id,
              seq: i,
              body,
              author: { kind: 'member', name: 'Bench' },
            }),
          }),
        count,
      );
      w2.bare.push(percentile(b.latencies, 99));
    }
    const eldW2 = await eventLoop(app, eldFile);
    const eldW2Before = beforeApp ? await eventLoop(beforeApp, eldFileBefore) : null;
    closeSockets(appSockets);
    closeSockets(bareSockets);
    closeSockets(beforeSockets);
    await bareIo.stop();
    const w2App = median(w2.app);
    const w2Bare = median(w2.bare);
    record({
      id: 'W2',
      column,
      what: `fan-out of one ~480-byte message posted through REST to ${subscribers} subscribers of a thread (${count} messages per run), post→receive p99, vs a bare socket.io broadcast of the same payload posted over HTTP`,
      target: 'p99 ≤ 1.5× the reference and ≤ 60 ms',
      app: { p99: w2App, runs: w2.app, delivered: w2.delivered },
      reference: { p99: w2Bare, runs: w2.bare },
      ratio: w2App / w2Bare,
      met: w2App / w2Bare <= 1.5 && w2App <= 60,
      summary: `p99 ${w2App.toFixed(1)} ms vs ${w2Bare.toFixed(1)} ms`,
    });
    if (beforeApp) {
      const figures = (runs, eld) => ({
        throughput: null,
        p50: median(runs.map((r) => r.p50)),
        p99: median(runs.map((r) => r.p99)),
        unexpected: runs.reduce((n, r) => n + r.missed, 0),
        runs: runs.map((r) => ({ p50: r.p50, p99: r.p99 })),
        eventLoopP99: eld?.p99 ?? null,
      });
      before.record({
        id: 'W2',
        column,
        what: `fan-out post→receive latency, ${subscribers} subscribers, ${count} messages per run (unexpected: deliveries that did not arrive)`,
        before: figures(w2.beforeRuns, eldW2Before),
        after: figures(w2.appRuns, eldW2),
        referenceRatio: w2App / w2Bare,
        referenceTarget: 'p99 ≤ 1.5× the reference and ≤ 60 ms',
      });
    }

    // W3: 10 threads × 100 subscribers, posts continuously (10 connections) for the run's duration.
    const threads = threadRows.slice(0, 10).map((t) => t.id);
    const perThread = opts.quick ? 20 : 100;
    const swarm = async (base) => {
      const all = [];
      for (const id of threads) {
        const sockets = await openSockets(base, perThread);
        await subscribeAll(sockets, `thread:${id}`);
        all.push(...sockets);
      }
      return all;
    };
    const body = JSON.stringify({
      body: `bench ingest ${'Le débat radio sur le trafic a été très suivi à Gao. '.repeat(4)}`.slice(0, 300),
    });
    const requests = (prefix, headers = auth) =>
      threads.map((id) => ({ method: 'POST', path: `${prefix}/threads/${id}/messages`, body, headers }));
    const ingest = startNode('w3-bare', [join(PERF, 'bare/ingest.mjs')], {
      cpu: 0,
      env: { PORT: String(PORTS.bare), DATABASE_URL: dbUrl, BARE_AUTHOR_ID: authorRows[0].id },
      logFile: join(WORK, 'w3-bare.log'),
    });
    await waitForHttp(`http://127.0.0.1:${PORTS.bare}/health`, ingest);
    const appSwarm = await swarm(appUrl);
    const bareSwarm = await swarm(`http://127.0.0.1:${PORTS.bare}`);
    const beforeSwarm = beforeApp ? await swarm(beforeUrl) : [];
    const w3 = { app: [], bare: [], before: [] };
    await eventLoop(app, eldFile);
    if (beforeApp) {
      await eventLoop(beforeApp, eldFileBefore);
    }
    const w3Before = () =>
      load({ url: beforeUrl, connections: 10, duration: opts.duration, requests: requests('/api', beforeAuth), expectStatus: 201 });
    for (let i = 0; i < opts.runs; i++) {
      // Before first on even runs, second on odd ones: neither build always follows the other's writes.
      if (beforeApp && i % 2 === 0) {
        w3.before.push(await w3Before());
      }
      w3.app.push(await load({ url: appUrl, connections: 10, duration: opts.duration, requests: requests('/api'), expectStatus: 201 }));
      if (beforeApp && i % 2 === 1) {
        w3.before.push(await w3Before());
      }
      w3.bare.push(
        await load({
          url: `http://127.0.0.1:${PORTS.bare}`,
          connections: 10,
          duration: opts.duration,
          requests: requests(''),
          expectStatus: 201,
        }),
      );
    }
    const eldW3 = await eventLoop(app, eldFile);
    const eldW3Before = beforeApp ? await eventLoop(beforeApp, eldFileBefore) : null;
    closeSockets(appSwarm);
    closeSockets(bareSwarm);
    closeSockets(beforeSwarm);
    await ingest.stop();
    const okRate = (runs) => median(runs.map((r) => (r.rps * (r.requests - r.unexpected)) / Math.max(1, r.requests)));
    const a3 = okRate(w3.app);
    const b3 = okRate(w3.bare);
    const p99 = median(w3.app.map((r) => r.p99));
    record({
      id: 'W3',
      column,
      what: `chat ingest: ${threads.length} threads × ${perThread} subscribers, messages posted continuously through REST (10 connections) vs bare Fastify + pg + socket.io doing the same inserts and audit append`,
      target: '≥ 60% of the reference messages/s; p99 of the POST ≤ 100 ms',
      app: { messagesPerSecond: a3, p99, runs: w3.app.map((r) => ({ rps: Math.round(r.rps), p99: r.p99, unexpected: r.unexpected })) },
      reference: { messagesPerSecond: b3, p99: median(w3.bare.map((r) => r.p99)) },
      ratio: a3 / b3,
      met: a3 / b3 >= 0.6 && p99 <= 100,
      summary: `${Math.round(a3)} msg/s p99 ${p99} ms vs ${Math.round(b3)} msg/s`,
    });
    if (beforeApp) {
      const figures = (runs, eld) => ({
        throughput: okRate(runs),
        p50: median(runs.map((r) => r.p50)),
        p99: median(runs.map((r) => r.p99)),
        unexpected: runs.reduce((n, r) => n + r.unexpected, 0),
        runs: runs.map((r) => ({ throughput: (r.rps * (r.requests - r.unexpected)) / Math.max(1, r.requests), p50: r.p50, p99: r.p99 })),
        eventLoopP99: eld?.p99 ?? null,
      });
      before.record({
        id: 'W3',
        column,
        what: `chat ingest, ${threads.length} threads × ${perThread} subscribers, 10 connections posting (messages/s answered 201; p50/p99 of the POST)`,
        unit: 'msg/s',
        before: figures(w3.before, eldW3Before),
        after: figures(w3.app, eldW3),
        referenceRatio: a3 / b3,
        referenceTarget: '≥ 60% of the reference messages/s; p99 of the POST ≤ 100 ms',
      });
      await beforeApp.stop();
      beforeApp = null;
    }
    const worst = Math.max(eldW2?.p99 ?? NaN, eldW3?.p99 ?? NaN);
    record({
      id: 'W4',
      column,
      what: 'event-loop delay of the API process during W2 and W3 (perf_hooks.monitorEventLoopDelay at 10 ms resolution, less that interval, preloaded probe)',
      target: 'p99 ≤ 20 ms',
      app: { w2: eldW2, w3: eldW3 },
      met: worst <= 20,
      summary: `p99 ${eldW2?.p99.toFixed(1)} ms (W2), ${eldW3?.p99.toFixed(1)} ms (W3)`,
    });
    await app.stop();
    stopped = true;
    if (opts.selftestRealtime) {
      return;
    }

    // W5: two instances joined by the Redis adapter; subscribers on B, posts to A.
    const prefix = `suivi-bench-${Date.now()}:`;
    const redis = { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: prefix };
    const a = await startApp('postgres', { name: 'w5-a', env: redis });
    const b = await startApp('postgres', { name: 'w5-b', env: redis, port: PORTS.app2 });
    try {
      const tokenA = await login(PORTS.app);
      const post = (body) =>
        fetch(`${appUrl}/api/threads/${threadRows[0].id}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokenA}`, 'content-type': 'application/json' },
          body: JSON.stringify({ body }),
        });
      const sockets = await openSockets(`http://127.0.0.1:${PORTS.app2}`, subscribers);
      await subscribeAll(sockets, room);
      const runs = [];
      for (let i = 0; i < opts.runs; i++) {
        runs.push(percentile((await fanOut(sockets, post, count)).latencies, 99));
      }
      closeSockets(sockets);
      const w5 = median(runs);
      record({
        id: 'W5',
        column,
        what: `W2 across two API instances joined by the Redis adapter (post to one, ${subscribers} subscribers on the other) vs W2 on one instance without Redis`,
        target: 'p99 ≤ 1.2× one instance',
        app: { p99: w5, runs },
        reference: { p99: w2App },
        ratio: w5 / w2App,
        met: w5 / w2App <= 1.2,
        summary: `p99 ${w5.toFixed(1)} ms vs ${w2App.toFixed(1)} ms`,
      });
    } finally {
      await a.stop();
      await b.stop();
    }
  } finally {
    await beforeApp?.stop();
    if (!stopped) {
      await app.stop();
    }
  }
}
