// `npm run bench`: the benchmarks of issue 7 against bare references measured in the same run.
// The harness (and so the load generator) runs on core 1; every server it starts runs on core 0.
// Each figure is the median of --runs runs (3). Results: tests/perf/results/latest.{json,md}.
//
//   npm run bench                         full run (dataset at scale 1, 10 s per run, 10,000 sockets)
//   npm run bench -- --quick              short: dataset at scale 0.05, 3 s runs, 1,000 sockets, no Lighthouse
//   options: --only=R1,R2,W1,F1 --runs=3 --duration=10 --scale=1 --embedded-scale=1 --sockets=10000
//            --no-build --no-embedded --no-lighthouse --fresh (regenerate the datasets)
//            --port-base=3800 --work=/tmp/suivi-bench (to run beside another harness)
//            --profile (CPU profiles of the API processes in <work>/profiles; summarise them with
//            node tests/perf/profile-summary.mjs <file.cpuprofile>)
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';

import pg from 'pg';

import { benchPasswordHash, BENCH_EMAILS, BENCH_PASSWORD, generate, GENERATOR_VERSION } from './generate.mjs';
import { frontEndSizes, lighthouse } from './lib/front.mjs';
import { load } from './lib/load.mjs';
import { median, sleep, startNode, waitForHttp } from './lib/proc.mjs';
import { idleSockets, realtimeBenchmarks } from './lib/sockets.mjs';
import { renderMarkdown } from './lib/report.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const PERF = join(ROOT, 'tests/perf');
const API_MAIN = join(ROOT, 'dist/apps/api/main.js');

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'];
  }),
);
const quick = args.quick === 'true';
const WORK = resolve(args.work ?? '/tmp/suivi-bench');
const opts = {
  quick,
  runs: Number(args.runs ?? 3),
  duration: Number(args.duration ?? (quick ? 3 : 10)),
  scale: Number(args.scale ?? (quick ? 0.05 : 1)),
  embeddedScale: Number(args['embedded-scale'] ?? (quick ? 0.05 : 1)),
  sockets: Number(args.sockets ?? (quick ? 1000 : 10000)),
  only: args.only ? new Set(args.only.split(',')) : null,
  build: args['no-build'] !== 'true',
  embedded: args['no-embedded'] !== 'true',
  lighthouse: args['no-lighthouse'] !== 'true' && !quick,
  fresh: args.fresh === 'true',
  profile: args.profile === 'true',
  selftestRealtime: args['selftest-realtime'] === 'true',
  pgUrl: args['pg-url'] ?? 'postgres://postgres@127.0.0.1:5432',
  dbName: args.db ?? (quick ? 'suivi_bench_quick' : 'suivi_bench'),
};
const wants = (id) => !opts.only || opts.only.has(id) || [...opts.only].some((o) => id.startsWith(o));
/** Whether any selected benchmark's id starts with `prefix` (R, W…). */
const wantsAny = (prefix) => !opts.only || [...opts.only].some((o) => o.startsWith(prefix) || prefix.startsWith(o));

const log = (line) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const secrets = { JWT_SECRET: randomBytes(36).toString('base64'), PSEUDONYM_KEY: randomBytes(36).toString('base64') };
const PORT_BASE = Number(args['port-base'] ?? 3800);
const PORTS = { app: PORT_BASE + 1, app2: PORT_BASE + 2, bare: PORT_BASE + 11, io: PORT_BASE + 12 };
const results = {
  startedAt: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
  options: { ...opts, only: opts.only ? [...opts.only] : null },
  protocol:
    'API and references pinned to core 0 (taskset -c 0), load generator on core 1; each figure the median of the runs; app and reference runs interleaved.',
  datasets: {},
  benchmarks: [],
  skipped: [],
};

function record(entry) {
  results.benchmarks.push(entry);
  const ratio = entry.ratio !== undefined && entry.ratio !== null ? ` ratio ${entry.ratio.toFixed(2)}` : '';
  log(
    `${entry.id} [${entry.column}] ${entry.summary}${ratio}${entry.met === undefined || entry.met === null ? '' : entry.met ? ' — met' : ' — MISSED'}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Databases

function appEnv(column, extra = {}) {
  const base = {
    ...secrets,
    PORT: String(PORTS.app),
    HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'info',
    // The benchmarks post as one account, far past a person's posting limit (20 a minute).
    MESSAGES_PER_MINUTE: '100000000',
    REDIS_URL: '',
    WEB_DIR: join(ROOT, 'dist/apps/web/browser'),
  };
  if (column === 'postgres') {
    // As in production.
    return { ...base, NODE_ENV: 'production', DATABASE_URL: `${opts.pgUrl}/${opts.dbName}`, ...extra };
  }
  // Production refuses the embedded database, so its column runs in development mode (same code
  // paths: NODE_ENV only switches required secrets, demo data and proxy trust).
  return { ...base, NODE_ENV: 'development', DATABASE_URL: '', DATA_DIR: join(WORK, 'embedded'), ...extra };
}

async function portInUse(port) {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch (error) {
    return error?.cause?.code !== 'ECONNREFUSED';
  }
}

async function startApp(column, { name = 'api', preload = [], nodeFlags = [], env = {}, port = PORTS.app } = {}) {
  if (await portInUse(port)) {
    throw new Error(`port ${port} is already in use: stop what listens there (a previous run's server?)`);
  }
  // --profile: a V8 CPU profile of every API process, written when it stops (node tests/perf/profile-summary.mjs reads them).
  const profile = opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(WORK, 'profiles')}`] : [];
  const proc = startNode(name, [...profile, ...nodeFlags, ...preload.flatMap((p) => ['-r', p]), API_MAIN], {
    env: appEnv(column, { PORT: String(port), ...env }),
    cpu: 0,
    logFile: join(WORK, `${name}-${column}.log`),
  });
  await waitForHttp(`http://127.0.0.1:${port}/api/health`, proc, 120_000);
  return proc;
}

async function datasetMarker(client) {
  const { rows } = await client.query(`SELECT value FROM app_settings WHERE key = 'bench.dataset'`).catch(() => ({ rows: [] }));
  return rows[0]?.value ?? null;
}

async function preparePostgres() {
  const admin = new pg.Client({ connectionString: `${opts.pgUrl}/postgres` });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.dbName])).rowCount > 0;
  if (exists && !opts.fresh) {
    const client = new pg.Client({ connectionString: `${opts.pgUrl}/${opts.dbName}` });
    await client.connect();
    const marker = await datasetMarker(client);
    await client.end();
    if (marker?.scale === opts.scale && marker?.version === GENERATOR_VERSION) {
      await admin.end();
      log(`PostgreSQL dataset ${opts.dbName} reused (scale ${opts.scale}, generated ${marker.generatedAt})`);
      results.datasets.postgres = marker;
      return;
    }
  }
  await admin.query(`DROP DATABASE IF EXISTS ${opts.dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${opts.dbName}`);
  await admin.end();
  log(`migrating ${opts.dbName} (the API runs its migrations at start)`);
  await (await startApp('postgres', { name: 'migrate' })).stop();
  const client = new pg.Client({ connectionString: `${opts.pgUrl}/${opts.dbName}` });
  await client.connect();
  try {
    const counts = await generate(client, { scale: opts.scale, passwordHash: await benchPasswordHash(), log: (l) => log(`  ${l}`) });
    const marker = { version: GENERATOR_VERSION, scale: opts.scale, generatedAt: new Date().toISOString(), ...counts };
    await client.query(`INSERT INTO app_settings (key, value) VALUES ('bench.dataset', $1)`, [JSON.stringify(marker)]);
    results.datasets.postgres = marker;
  } finally {
    await client.end();
  }
}

/** The embedded database: migrated by the API itself, then filled through PGlite's own socket server. */
async function prepareEmbedded() {
  const dataDir = join(WORK, 'embedded');
  if (existsSync(dataDir) && !opts.fresh) {
    const marker = await withEmbedded(dataDir, (client) => datasetMarker(client));
    if (marker?.scale === opts.embeddedScale && marker?.version === GENERATOR_VERSION) {
      log(`embedded dataset reused (scale ${opts.embeddedScale}, generated ${marker.generatedAt})`);
      results.datasets.embedded = marker;
      return;
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
  log('migrating the embedded database');
  await (await startApp('embedded', { name: 'migrate' })).stop();
  await withEmbedded(dataDir, async (client) => {
    const counts = await generate(client, {
      scale: opts.embeddedScale,
      passwordHash: await benchPasswordHash(),
      log: (l) => log(`  ${l}`),
    });
    const marker = { version: GENERATOR_VERSION, scale: opts.embeddedScale, generatedAt: new Date().toISOString(), ...counts };
    await client.query(`INSERT INTO app_settings (key, value) VALUES ('bench.dataset', $1)`, [JSON.stringify(marker)]);
    results.datasets.embedded = marker;
  });
}

async function withEmbedded(dataDir, fn) {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create({ dataDir: join(dataDir, 'pgdata') });
  const socketDir = join(WORK, 'pglite-socket');
  mkdirSync(socketDir, { recursive: true });
  const server = new PGLiteSocketServer({ db, path: join(socketDir, '.s.PGSQL.5432'), maxConnections: 2 });
  await server.start();
  const client = new pg.Client({ host: socketDir, port: 5432, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
    await server.stop();
    await db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP benchmarks

const R2_PATH = '/api/commitments?pageSize=50&status=in_progress&theme=justice_judiciary&sort=-updated';
const R3_TERMS = [
  ['fr', 'pôle judiciaire'],
  ['fr', 'frontières'],
  ['en', 'trafficking networks'],
  ['en', 'corruption investigators'],
];
const r3Path = (term) => `/api/commitments?pageSize=50&q=${encodeURIComponent(term)}`;

async function login(port) {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: BENCH_EMAILS.member, password: BENCH_PASSWORD }),
  });
  if (!res.ok) {
    throw new Error(`bench sign-in failed: ${res.status} ${await res.text()}`);
  }
  return (await res.json()).accessToken;
}

/** Starts the API once with the SQL recorder, makes the R2 and R3 requests, returns their SQL. */
async function captureQueries(column) {
  const file = join(WORK, `captured-${column}.jsonl`);
  rmSync(file, { force: true });
  const app = await startApp(column, {
    name: 'capture',
    preload: [join(PERF, 'lib/capture-sql.cjs')],
    env: { SUIVI_BENCH_SQL_FILE: file, SUIVI_BENCH_SQL_MARK: 'total_count' },
  });
  const queries = {};
  const lines = () => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);
  const take = async (name, path) => {
    const before = lines().length;
    const res = await fetch(`http://127.0.0.1:${PORTS.app}${path}`);
    const body = await res.json();
    const after = lines();
    if (after.length <= before) {
      throw new Error(`no SQL captured for ${path}`);
    }
    queries[name] = { ...JSON.parse(after[after.length - 1]), path, items: body.items.length, total: body.total };
  };
  try {
    await take('r2', R2_PATH);
    for (const [i, [, term]] of R3_TERMS.entries()) {
      await take(`r3-${i}`, r3Path(term));
    }
    const dash = await fetch(`http://127.0.0.1:${PORTS.app}/api/dashboard`);
    writeFileSync(join(WORK, `dashboard-${column}.json`), await dash.text());
  } finally {
    await app.stop();
  }
  writeFileSync(join(WORK, `queries-${column}.json`), JSON.stringify(queries, null, 2));
  return queries;
}

/** Runs target and reference alternately, `runs` times each, after a short warm-up of both. */
async function compare(target, reference) {
  const warm = { duration: Math.min(2, opts.duration) };
  await load({ ...target, ...warm });
  if (reference) {
    await load({ ...reference, ...warm });
  }
  const t = [];
  const r = [];
  for (let i = 0; i < opts.runs; i++) {
    t.push(await load({ ...target, duration: opts.duration }));
    if (reference) {
      r.push(await load({ ...reference, duration: opts.duration }));
    }
  }
  const summarise = (runs) =>
    runs.length
      ? {
          rps: median(runs.map((x) => x.rps)),
          p50: median(runs.map((x) => x.p50)),
          p99: median(runs.map((x) => x.p99)),
          unexpected: runs.reduce((a, x) => a + x.unexpected, 0),
          bytesPerRequest: median(runs.map((x) => x.bytesPerRequest)),
          runs: runs.map((x) => ({ rps: Math.round(x.rps), p99: x.p99 })),
        }
      : null;
  return { app: summarise(t), reference: summarise(r) };
}

async function httpBenchmarks(column) {
  if (!['R1', 'R2', 'R3', 'R4'].some(wants)) {
    return;
  }
  log(`[${column}] capturing the SQL of the list and search requests`);
  const queries = await captureQueries(column);
  const app = await startApp(column);
  const withBare = column === 'postgres';
  const bare = startNode('bare-http', [join(PERF, 'bare/http.mjs')], {
    cpu: 0,
    env: {
      PORT: String(PORTS.bare),
      BARE_SQL_FILE: join(WORK, `queries-${column}.json`),
      BARE_JSON_FILE: join(WORK, `dashboard-${column}.json`),
      DATABASE_URL: withBare ? `${opts.pgUrl}/${opts.dbName}` : '',
    },
    logFile: join(WORK, `bare-http-${column}.log`),
  });
  await waitForHttp(`http://127.0.0.1:${PORTS.bare}/hello`, bare);
  const appUrl = `http://127.0.0.1:${PORTS.app}`;
  const bareUrl = `http://127.0.0.1:${PORTS.bare}`;
  try {
    const token = await login(PORTS.app);
    const auth = { authorization: `Bearer ${token}` };

    if (wants('R1')) {
      const m = await compare(
        { url: `${appUrl}/api/me/viewer`, connections: 50, headers: auth },
        { url: `${bareUrl}/hello`, connections: 50 },
      );
      const ratio = m.app.rps / m.reference.rps;
      record({
        id: 'R1',
        column,
        what: 'authenticated GET /api/me/viewer (global guards, validation pipe, request log; account cache, no database) vs bare Fastify hello world, 50 connections',
        target: '≥ 65% of the reference requests/s',
        app: m.app,
        reference: m.reference,
        ratio,
        met: ratio >= 0.65,
        summary: `${Math.round(m.app.rps)} req/s vs ${Math.round(m.reference.rps)} req/s`,
      });
    }

    if (wants('R2')) {
      const target = { url: `${appUrl}${R2_PATH}`, connections: 32 };
      const m = await compare(target, withBare ? { url: `${bareUrl}/sql/r2`, connections: 32 } : null);
      const ratio = m.reference ? m.app.rps / m.reference.rps : null;
      const p99Ratio = m.reference ? m.app.p99 / Math.max(1, m.reference.p99) : null;
      record({
        id: 'R2',
        column,
        what: `GET ${R2_PATH} (${queries.r2.items} of ${queries.r2.total} rows), 32 connections, ${withBare ? 'vs bare Fastify + pg running the captured SQL' : 'no reference (a bare pg client of the embedded database would go through the API process that hosts it)'}`,
        target: '≥ 50% of the reference requests/s; p99 ≤ 2× its p99 and ≤ 100 ms',
        app: m.app,
        reference: m.reference,
        ratio,
        p99Ratio,
        met: withBare ? ratio >= 0.5 && p99Ratio <= 2 && m.app.p99 <= 100 : m.app.p99 <= 100 ? null : false,
        summary: `${Math.round(m.app.rps)} req/s p99 ${m.app.p99} ms${m.reference ? ` vs ${Math.round(m.reference.rps)} req/s p99 ${m.reference.p99} ms` : ''}`,
        sql: queries.r2.text.replace(/\s+/g, ' ').trim(),
      });
    }

    if (wants('R3')) {
      const requests = R3_TERMS.map(([, term]) => ({ method: 'GET', path: r3Path(term) }));
      const bareRequests = R3_TERMS.map((_, i) => ({ method: 'GET', path: `/sql/r3-${i}` }));
      const m = await compare(
        { url: appUrl, connections: 16, requests },
        withBare ? { url: bareUrl, connections: 16, requests: bareRequests } : null,
      );
      record({
        id: 'R3',
        column,
        what: `full-text search q= (${R3_TERMS.map(([l, t]) => `${l}: "${t}"`).join(', ')}), page of 50 by relevance, 16 connections${withBare ? '; reference: bare Fastify + pg, same SQL' : ''}`,
        target: 'p99 ≤ 100 ms',
        app: m.app,
        reference: m.reference,
        ratio: m.reference ? m.app.rps / m.reference.rps : null,
        met: m.app.p99 <= 100,
        summary: `p99 ${m.app.p99} ms, ${Math.round(m.app.rps)} req/s${m.reference ? ` (reference p99 ${m.reference.p99} ms, ${Math.round(m.reference.rps)} req/s)` : ''}`,
        matches: R3_TERMS.map(([, t], i) => ({ term: t, total: queries[`r3-${i}`].total })),
      });
    }

    if (wants('R4')) {
      const first = await fetch(`${appUrl}/api/dashboard`);
      const etag = first.headers.get('etag');
      const size = (await first.arrayBuffer()).byteLength;
      const m = await compare({ url: `${appUrl}/api/dashboard`, connections: 50 }, { url: `${bareUrl}/json`, connections: 50 });
      const ratio = m.app.rps / m.reference.rps;
      record({
        id: 'R4',
        column,
        what: `GET /api/dashboard (${Math.round(size / 1024)} KB of JSON) vs bare Fastify returning the same JSON, 50 connections`,
        target: '≥ 70% of the reference requests/s',
        app: m.app,
        reference: m.reference,
        ratio,
        met: ratio >= 0.7,
        summary: `${Math.round(m.app.rps)} req/s vs ${Math.round(m.reference.rps)} req/s`,
        bytes: size,
      });
      const n = await compare(
        { url: `${appUrl}/api/dashboard`, connections: 50, headers: { 'if-none-match': etag }, expectStatus: 304 },
        null,
      );
      record({
        id: 'R4-304',
        column,
        what: 'GET /api/dashboard with If-None-Match (304, no body) vs the same bare JSON reference',
        target: '(informative)',
        app: n.app,
        reference: m.reference,
        ratio: n.app.rps / m.reference.rps,
        met: null,
        summary: `${Math.round(n.app.rps)} req/s (304) vs ${Math.round(m.reference.rps)} req/s`,
      });
    }
  } finally {
    await app.stop();
    await bare.stop();
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  mkdirSync(WORK, { recursive: true });
  log(`options ${JSON.stringify(results.options)}`);
  if (opts.build) {
    log('building api and web (production)');
    execFileSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'api', 'web', '--parallel=2'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' },
    });
  }
  const columns = ['postgres', ...(opts.embedded ? ['embedded'] : [])];
  const needsData = wantsAny('R') || wantsAny('W') || (opts.lighthouse && wantsAny('F'));
  if (needsData) {
    await preparePostgres();
    if (opts.embedded) {
      await prepareEmbedded();
    }
  }
  for (const column of columns) {
    await httpBenchmarks(column);
  }
  if (wants('W1')) {
    await idleSockets({ opts, startApp, record, log, PORTS, PERF, WORK, column: 'postgres' });
  }
  if (['W2', 'W3', 'W4', 'W5'].some(wants)) {
    await realtimeBenchmarks({ opts, startApp, record, log, PORTS, PERF, WORK, results, login, dbUrl: `${opts.pgUrl}/${opts.dbName}` });
  }
  if (wants('F1')) {
    for (const entry of frontEndSizes(join(ROOT, 'dist/apps/web'))) {
      record(entry);
    }
  }
  if (opts.lighthouse && (wants('F2') || wants('F3'))) {
    await lighthouse({ opts, startApp, record, log, results, PORTS, WORK, wants });
  } else if (wants('F2')) {
    results.skipped.push({ id: 'F2/F3', reason: opts.quick ? 'Lighthouse is left out of --quick runs' : 'run without --no-lighthouse' });
  }
  results.finishedAt = new Date().toISOString();
  const outDir = join(PERF, 'results');
  mkdirSync(outDir, { recursive: true });
  const name = quick ? 'quick' : 'latest';
  writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  const md = renderMarkdown(results);
  writeFileSync(join(outDir, `${name}.md`), md);
  process.stdout.write(`\n${md}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
