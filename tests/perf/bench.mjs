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
//            --before=<dist> (another build's dist, with apps/api/main.js and apps/web/browser: R1–R4
//            and W2–W3 also measure it, run by run with this build, on the same PostgreSQL database,
//            and the report gains a before/after section; --before-db=copy gives it its own copy)
//   npm run bench -- --quick --only=W2,W3,R4 --no-embedded --before=/work/bench-before/dist
//
// V1 and E1 (lib/chain.mjs): the accountability record's first start (record.baseline), full
// verification and R2 during one; the open data export's generation, and four downloads with R2
// while writers post. With --before, E1 also times the before build's per-request export.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';

import pg from 'pg';

import { benchPasswordHash, BENCH_EMAILS, BENCH_PASSWORD, generate, GENERATOR_VERSION } from './generate.mjs';
import { ACCEPTANCE_IDS, acceptance, beforeAfterEntry, CRITERION } from './lib/before-after.mjs';
import { frontEndSizes, lighthouse } from './lib/front.mjs';
import { load } from './lib/load.mjs';
import { median, sleep, startNode, waitForHttp } from './lib/proc.mjs';
import { idleSockets, realtimeBenchmarks } from './lib/sockets.mjs';
import { chainBenchmarks, load1, logEntries } from './lib/chain.mjs';
import { renderMarkdown } from './lib/report.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const PERF = join(ROOT, 'tests/perf');
const API_MAIN = join(ROOT, 'dist/apps/api/main.js');

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, ...v] = a.replace(/^--/, '').split('=');
    return [k, v.length ? v.join('=') : 'true'];
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
  before: args.before && args.before !== 'true' ? resolve(args.before) : null,
  beforeDb: args['before-db'] ?? 'shared',
};
/** The API builds a run measures: this checkout's dist ("after") and, with --before, another. */
const BUILDS = {
  after: { main: API_MAIN, web: join(ROOT, 'dist/apps/web/browser'), env: {} },
  ...(opts.before && {
    before: {
      main: join(opts.before, 'apps/api/main.js'),
      web: join(opts.before, 'apps/web/browser'),
      // The API bundle requires its packages at run time: a dist copied out of its checkout finds
      // them in this one's node_modules (after any node_modules beside or above the copy).
      env: { NODE_PATH: [join(ROOT, 'node_modules'), process.env.NODE_PATH].filter(Boolean).join(':') },
    },
  }),
};
const beforeDbName = `${opts.dbName}_before`;
/** Columns whose next API start binds the generated rows (`records.baseline` asked in app_settings). */
const pendingBaseline = new Set();
/**
 * The API does not own its tables in production: the PostgreSQL column migrates as --pg-url's role
 * (`main.js migrate`) and runs the API as this login role, a member of suivi_api, without a
 * password (the server must trust it as it trusts --pg-url's role on 127.0.0.1).
 */
const BENCH_APP_ROLE = 'suivi_bench_app';
const asAppRole = (url) => {
  const u = new URL(url);
  u.username = BENCH_APP_ROLE;
  u.password = '';
  return u.toString();
};
const wants = (id) => !opts.only || opts.only.has(id) || [...opts.only].some((o) => id.startsWith(o));
/** Whether any selected benchmark's id starts with `prefix` (R, W…). */
const wantsAny = (prefix) => !opts.only || [...opts.only].some((o) => o.startsWith(prefix) || prefix.startsWith(o));

const log = (line) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const secrets = { JWT_SECRET: randomBytes(36).toString('base64'), PSEUDONYM_KEY: randomBytes(36).toString('base64') };
const PORT_BASE = Number(args['port-base'] ?? 3800);
const PORTS = { app: PORT_BASE + 1, app2: PORT_BASE + 2, before: PORT_BASE + 3, bare: PORT_BASE + 11, io: PORT_BASE + 12 };
const results = {
  startedAt: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
  options: { ...opts, only: opts.only ? [...opts.only] : null },
  protocol:
    'API and references pinned to core 0 (taskset -c 0), load generator on core 1; each figure the median of the runs; app and reference runs interleaved.',
  datasets: {},
  /** Per column, the first start after a fresh dataset: the one that binds its rows (record.baseline). */
  firstStart: {},
  benchmarks: [],
  skipped: [],
};
if (opts.before) {
  results.protocol +=
    ' With --before: the before build runs beside this one (its own port, same core, same database), warmed like it, and each run measures both (before first, then second, in turn), then the reference.';
}

/** A before/after comparison (results.beforeAfter), logged like a benchmark. */
function recordComparison(fields) {
  const entry = beforeAfterEntry(fields);
  results.beforeAfter.benchmarks.push(entry);
  const r = (x) => (x === null ? '–' : x.toFixed(2));
  log(
    `${entry.id} before/after: throughput ${r(entry.throughputRatio)}, p99 ${r(entry.p99Ratio)}${entry.referenceRatio !== null ? `, after vs reference ${r(entry.referenceRatio)}` : ''}${entry.met === null ? '' : entry.met ? ' — met' : ' — MISSED'}${entry.notes.length ? ` (${entry.notes.join('; ')})` : ''}`,
  );
}

/** An HTTP comparison's summary (compare()) in the shape beforeAfterEntry takes. */
const httpFigures = (s) => ({
  throughput: s.rps,
  p50: s.p50,
  p99: s.p99,
  unexpected: s.unexpected,
  runs: s.runs.map((r) => ({ throughput: r.rps, p50: r.p50, p99: r.p99 })),
});

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
    // The harness reads the log's JSON lines (lib/chain.mjs), in development mode too.
    LOG_FORMAT: 'json',
    // The benchmarks post as one account, far past a person's posting limit (20 a minute).
    MESSAGES_PER_MINUTE: '100000000',
    // E1 downloads the open data export in loops from one address, far past the public's 20 per 10 minutes.
    DOWNLOADS_PER_ADDRESS: '100000000',
    REDIS_URL: '',
    WEB_DIR: join(ROOT, 'dist/apps/web/browser'),
  };
  if (column === 'postgres') {
    // As in production.
    // Mail goes to files in a folder of the run (MAIL_OUTBOX_DIR), as production requires a destination.
    return {
      ...base,
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://suivi.example.org',
      MAIL_OUTBOX_DIR: join(WORK, 'outbox'),
      DATABASE_URL: asAppRole(`${opts.pgUrl}/${opts.dbName}`),
      ...extra,
    };
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

async function startApp(column, { name = 'api', preload = [], nodeFlags = [], env = {}, port = PORTS.app, build = 'after' } = {}) {
  if (await portInUse(port)) {
    throw new Error(`port ${port} is already in use: stop what listens there (a previous run's server?)`);
  }
  const b = BUILDS[build];
  const procName = build === 'after' ? name : `${name}-${build}`;
  // --profile: a V8 CPU profile of every API process, written when it stops (node tests/perf/profile-summary.mjs reads them).
  const profile = opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(WORK, 'profiles', build === 'after' ? '' : build)}`] : [];
  const db =
    build === 'before' && column === 'postgres' && opts.beforeDb === 'copy'
      ? { DATABASE_URL: asAppRole(`${opts.pgUrl}/${beforeDbName}`) }
      : {};
  // The first start after a fresh dataset binds its rows before it listens: V1 reports its time.
  const baseline = build === 'after' && pendingBaseline.has(column);
  const logFile = join(WORK, `${procName}-${column}.log`);
  const startLoad = load1();
  const started = Date.now();
  const proc = startNode(procName, [...profile, ...nodeFlags, ...preload.flatMap((p) => ['-r', p]), b.main], {
    env: appEnv(column, { PORT: String(port), WEB_DIR: b.web, ...b.env, ...db, ...env }),
    cpu: 0,
    logFile,
  });
  await waitForHttp(`http://127.0.0.1:${port}/api/health`, proc, baseline ? 60 * 60_000 : 120_000);
  if (baseline) {
    pendingBaseline.delete(column);
    const bound = logEntries(logFile, 'records written before records were bound are now bound (record.baseline)')[0];
    const verified = logEntries(logFile, 'full verification of the audit chain passed')[0];
    results.firstStart[column] = {
      ms: Date.now() - started,
      records: bound?.records ?? null,
      verifyMs: verified?.ms ?? null,
      events: verified?.count ?? null,
      load1: startLoad,
      load1After: load1(),
      process: procName,
    };
    log(
      `[${column}] first start after a fresh dataset: healthy in ${((Date.now() - started) / 1000).toFixed(1)} s, ${bound?.records ?? '?'} records bound (record.baseline), first full verification ${verified?.ms ?? '?'} ms of ${verified?.count ?? '?'} events (load ${startLoad} → ${load1()})`,
    );
  }
  return proc;
}

async function migrationNames(dbUrl) {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    return (await client.query('SELECT name FROM migrations ORDER BY id')).rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

/**
 * The before build, on its own port. At start it runs the migrations it knows that the database
 * lacks, and TypeORM passes over executed ones it does not know (the after build's newer ones).
 * Should it run one on the shared database (a migration the after build lacks), that database is
 * no longer the after build's: its dataset marker goes (the next run regenerates it) and the run
 * stops, pointing to --before-db=copy.
 */
async function startBefore(column, options = {}) {
  const shared = column === 'postgres' && opts.beforeDb !== 'copy';
  const dbUrl = `${opts.pgUrl}/${opts.dbName}`;
  const known = shared ? await migrationNames(dbUrl) : null;
  const proc = await startApp(column, { ...options, build: 'before', port: PORTS.before });
  if (shared) {
    const added = (await migrationNames(dbUrl)).filter((n) => !known.includes(n));
    if (added.length) {
      await proc.stop();
      const client = new pg.Client({ connectionString: dbUrl });
      await client.connect();
      await client.query(`DELETE FROM app_settings WHERE key = 'bench.dataset'`);
      await client.end();
      throw new Error(
        `the before build ran migrations the after build lacks on ${opts.dbName} (${added.join(', ')}): run again with --before-db=copy (the dataset will be regenerated)`,
      );
    }
  }
  return proc;
}

/** Whether the generator asked the API's next start to bind the bulk rows (record.baseline). */
async function baselineAsked(client) {
  const { rows } = await client.query(`SELECT 1 FROM app_settings WHERE key = 'records.baseline'`).catch(() => ({ rows: [] }));
  return rows.length > 0;
}

async function datasetMarker(client) {
  const { rows } = await client.query(`SELECT value FROM app_settings WHERE key = 'bench.dataset'`).catch(() => ({ rows: [] }));
  return rows[0]?.value ?? null;
}

/** The migrate step of a deployment, as the owner: the production API refuses a schema behind its build. */
function migratePostgres() {
  execFileSync(process.execPath, [API_MAIN, 'migrate'], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', MIGRATION_DATABASE_URL: `${opts.pgUrl}/${opts.dbName}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function preparePostgres() {
  const admin = new pg.Client({ connectionString: `${opts.pgUrl}/postgres` });
  await admin.connect();
  await admin.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'suivi_api') THEN CREATE ROLE suivi_api NOLOGIN; END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${BENCH_APP_ROLE}') THEN CREATE ROLE ${BENCH_APP_ROLE} LOGIN IN ROLE suivi_api; END IF;
    END $$`);
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.dbName])).rowCount > 0;
  if (exists && !opts.fresh) {
    const client = new pg.Client({ connectionString: `${opts.pgUrl}/${opts.dbName}` });
    await client.connect();
    const marker = await datasetMarker(client);
    const asked = await baselineAsked(client);
    await client.end();
    if (marker?.scale === opts.scale && marker?.version === GENERATOR_VERSION) {
      if (asked) {
        pendingBaseline.add('postgres');
      }
      await admin.end();
      migratePostgres();
      log(`PostgreSQL dataset ${opts.dbName} reused (scale ${opts.scale}, generated ${marker.generatedAt})`);
      results.datasets.postgres = marker;
      return;
    }
  }
  await admin.query(`DROP DATABASE IF EXISTS ${opts.dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${opts.dbName}`);
  await admin.end();
  log(`migrating ${opts.dbName} (main.js migrate, as the owner)`);
  migratePostgres();
  const client = new pg.Client({ connectionString: `${opts.pgUrl}/${opts.dbName}` });
  await client.connect();
  try {
    const counts = await generate(client, { scale: opts.scale, passwordHash: await benchPasswordHash(), log: (l) => log(`  ${l}`) });
    const marker = { version: GENERATOR_VERSION, scale: opts.scale, generatedAt: new Date().toISOString(), ...counts };
    await client.query(`INSERT INTO app_settings (key, value) VALUES ('bench.dataset', $1)`, [JSON.stringify(marker)]);
    results.datasets.postgres = marker;
    if (await baselineAsked(client)) {
      pendingBaseline.add('postgres');
    }
  } finally {
    await client.end();
  }
}

/** The embedded database: migrated by the API itself, then filled through PGlite's own socket server. */
async function prepareEmbedded() {
  const dataDir = join(WORK, 'embedded');
  if (existsSync(dataDir) && !opts.fresh) {
    const [marker, asked] = await withEmbedded(dataDir, async (client) => [await datasetMarker(client), await baselineAsked(client)]);
    if (marker?.scale === opts.embeddedScale && marker?.version === GENERATOR_VERSION) {
      if (asked) {
        pendingBaseline.add('embedded');
      }
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
    if (await baselineAsked(client)) {
      pendingBaseline.add('embedded');
    }
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

/** Ten public, unlocked commitment threads (W3's), read before the API starts (the embedded database opens in one process). */
async function publicThreads(column) {
  const sql = `SELECT t.id FROM threads t WHERE t.visibility = 'public' AND NOT t.locked AND t.subject_type = 'commitment' ORDER BY t.id LIMIT 10`;
  if (column === 'embedded') {
    return withEmbedded(join(WORK, 'embedded'), async (client) => (await client.query(sql)).rows.map((r) => r.id));
  }
  const client = new pg.Client({ connectionString: `${opts.pgUrl}/${opts.dbName}` });
  await client.connect();
  try {
    return (await client.query(sql)).rows.map((r) => r.id);
  } finally {
    await client.end();
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

/**
 * Runs target and reference alternately, `runs` times each, after a short warm-up of both. With
 * `before` (the same request to the --before build), each run measures it too, first or second in turn.
 */
async function compare(target, reference, before = null) {
  const warm = { duration: Math.min(2, opts.duration) };
  if (before) {
    await load({ ...before, ...warm });
  }
  await load({ ...target, ...warm });
  if (reference) {
    await load({ ...reference, ...warm });
  }
  const t = [];
  const r = [];
  const bf = [];
  for (let i = 0; i < opts.runs; i++) {
    // Before, after on even runs; after, before on odd ones: neither build always runs straight
    // after the other's burst of writes (an order effect showed in quick runs).
    if (before && i % 2 === 0) {
      bf.push(await load({ ...before, duration: opts.duration }));
    }
    t.push(await load({ ...target, duration: opts.duration }));
    if (before && i % 2 === 1) {
      bf.push(await load({ ...before, duration: opts.duration }));
    }
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
          runs: runs.map((x) => ({ rps: Math.round(x.rps), p50: x.p50, p99: x.p99 })),
        }
      : null;
  return { app: summarise(t), reference: summarise(r), before: summarise(bf) };
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
  const beforeUrl = `http://127.0.0.1:${PORTS.before}`;
  // --before: the other build beside this one (the embedded database opens in one process only).
  let before = null;
  try {
    before = opts.before && column === 'postgres' ? await startBefore(column) : null;
    const token = await login(PORTS.app);
    const auth = { authorization: `Bearer ${token}` };
    const beforeAuth = before ? { authorization: `Bearer ${await login(PORTS.before)}` } : null;
    /** The after build's target for the before build: its URL, and its own sign-in. */
    const onBefore = (target) =>
      before && {
        ...target,
        url: target.url.replace(appUrl, beforeUrl),
        ...(target.headers?.authorization && { headers: { ...target.headers, ...beforeAuth } }),
      };
    const compared = (entry, m, extra = {}) => {
      if (m.before) {
        recordComparison({
          id: entry.id,
          column,
          what: entry.what,
          unit: 'req/s',
          before: httpFigures(m.before),
          after: httpFigures(m.app),
          referenceRatio: entry.ratio,
          referenceTarget: entry.target,
          ...extra,
        });
      }
    };

    if (wants('R1')) {
      const target = { url: `${appUrl}/api/me/viewer`, connections: 50, headers: auth };
      const m = await compare(target, { url: `${bareUrl}/hello`, connections: 50 }, onBefore(target));
      const ratio = m.app.rps / m.reference.rps;
      const entry = {
        id: 'R1',
        column,
        what: 'authenticated GET /api/me/viewer (global guards, validation pipe, request log; account cache, no database) vs bare Fastify hello world, 50 connections',
        target: '≥ 65% of the reference requests/s',
        app: m.app,
        reference: m.reference,
        ratio,
        met: ratio >= 0.65,
        summary: `${Math.round(m.app.rps)} req/s vs ${Math.round(m.reference.rps)} req/s`,
      };
      record(entry);
      compared(entry, m);
    }

    if (wants('R2')) {
      const target = { url: `${appUrl}${R2_PATH}`, connections: 32 };
      const m = await compare(target, withBare ? { url: `${bareUrl}/sql/r2`, connections: 32 } : null, onBefore(target));
      const ratio = m.reference ? m.app.rps / m.reference.rps : null;
      const p99Ratio = m.reference ? m.app.p99 / Math.max(1, m.reference.p99) : null;
      const entry = {
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
      };
      record(entry);
      compared(entry, m);
    }

    if (wants('R3')) {
      const requests = R3_TERMS.map(([, term]) => ({ method: 'GET', path: r3Path(term) }));
      const bareRequests = R3_TERMS.map((_, i) => ({ method: 'GET', path: `/sql/r3-${i}` }));
      const target = { url: appUrl, connections: 16, requests };
      const m = await compare(target, withBare ? { url: bareUrl, connections: 16, requests: bareRequests } : null, onBefore(target));
      const entry = {
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
      };
      record(entry);
      compared(entry, m);
    }

    if (wants('R4')) {
      const dashboard = async (url) => {
        const res = await fetch(`${url}/api/dashboard`);
        return { etag: res.headers.get('etag'), size: (await res.arrayBuffer()).byteLength };
      };
      const { etag, size } = await dashboard(appUrl);
      const beforeDashboard = before ? await dashboard(beforeUrl) : null;
      const target = { url: `${appUrl}/api/dashboard`, connections: 50 };
      const m = await compare(target, { url: `${bareUrl}/json`, connections: 50 }, onBefore(target));
      const ratio = m.app.rps / m.reference.rps;
      const entry = {
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
      };
      record(entry);
      compared(entry, m, {
        bytes: { before: beforeDashboard?.size, after: size },
        notes:
          beforeDashboard && beforeDashboard.size !== size
            ? [`the dashboards differ: ${beforeDashboard.size} bytes before, ${size} after`]
            : [],
      });
      const target304 = { url: `${appUrl}/api/dashboard`, connections: 50, headers: { 'if-none-match': etag }, expectStatus: 304 };
      const n = await compare(target304, null, before && { ...onBefore(target304), headers: { 'if-none-match': beforeDashboard.etag } });
      const entry304 = {
        id: 'R4-304',
        column,
        what: 'GET /api/dashboard with If-None-Match (304, no body) vs the same bare JSON reference',
        target: '(informative)',
        app: n.app,
        reference: m.reference,
        ratio: n.app.rps / m.reference.rps,
        met: null,
        summary: `${Math.round(n.app.rps)} req/s (304) vs ${Math.round(m.reference.rps)} req/s`,
      };
      record(entry304);
      compared(entry304, n);
    }
  } finally {
    await before?.stop();
    await app.stop();
    await bare.stop();
  }
}

// ---------------------------------------------------------------------------------------------

/** --before: checks the other build and opens results.beforeAfter. */
async function prepareBefore() {
  if (!['shared', 'copy'].includes(opts.beforeDb)) {
    throw new Error(`--before-db=${opts.beforeDb}: shared (the default) or copy`);
  }
  if (!existsSync(BUILDS.before.main)) {
    throw new Error(`--before=${opts.before}: no apps/api/main.js there (give a dist directory, as nx build writes it)`);
  }
  if (!existsSync(join(BUILDS.before.web, 'index.html'))) {
    log(`--before: no apps/web/browser/index.html in ${opts.before}: the before build serves no web app`);
  }
  const git = (...a) => {
    try {
      return execFileSync('git', ['-C', ROOT, ...a], { encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  };
  // The commit of the before build, from the COMMIT file beside or inside its dist (first line), if any.
  const commitFile = [join(opts.before, '..', 'COMMIT'), join(opts.before, 'COMMIT')].find((f) => existsSync(f));
  const compared = ['R1', 'R2', 'R3', 'R4', 'W2', 'W3'].filter(wants);
  results.beforeAfter = {
    before: { dir: opts.before, commit: commitFile ? readFileSync(commitFile, 'utf8').split('\n')[0].trim() : null },
    after: {
      dir: join(ROOT, 'dist'),
      commit: git('rev-parse', 'HEAD'),
      dirty: Boolean(git('status', '--porcelain', '--', 'apps', 'libs', 'migrations')),
    },
    database:
      opts.beforeDb === 'copy'
        ? `the before build on ${beforeDbName}, a copy of ${opts.dbName} made at the start of the run`
        : `both builds on ${opts.dbName}`,
    protocol:
      `Both builds run at once on core 0, on their own ports, ${opts.beforeDb === 'copy' ? `the before build on its own copy of the database (CREATE DATABASE … TEMPLATE)` : 'on one PostgreSQL database'}, nothing reset between runs (as for the app and its reference); ` +
      `each of the ${opts.runs} runs measures both builds, the before build first on odd runs and second on even ones (so neither always follows the other's writes), then the bare reference. Each figure is the median of the runs.`,
    criterion: CRITERION,
    benchmarks: [],
    notes: [],
  };
  if (opts.embedded && compared.some((id) => id.startsWith('R'))) {
    results.beforeAfter.notes.push('The embedded column is not compared: one embedded database opens in one process only.');
  }
  // W4 and W5 run whenever any of W2–W5 does (one real-time session).
  const realtime = ['W2', 'W3', 'W4', 'W5'].some(wants);
  const notCompared = ['W1', 'W4', 'W5', 'V1', 'F1', 'F2', 'F3'].filter((id) => wants(id) || (realtime && (id === 'W4' || id === 'W5')));
  if (notCompared.length) {
    results.beforeAfter.notes.push(`${notCompared.join(', ')}: measured for the after build only.`);
  }
  if (wants('E1')) {
    results.beforeAfter.notes.push(
      "E1: the before build's GET /api/export.json (built per request) is timed on its own, as E1-before (PostgreSQL only), not run by run with this build's.",
    );
  }
  log(
    `--before ${opts.before} (commit ${results.beforeAfter.before.commit ?? 'unknown'}); compared: ${compared.join(', ') || 'nothing selected'}`,
  );
}

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
  const needsData = wantsAny('R') || wantsAny('W') || wantsAny('V') || wantsAny('E') || (opts.lighthouse && wantsAny('F'));
  if (opts.before) {
    await prepareBefore();
  }
  if (needsData) {
    await preparePostgres();
    if (opts.embedded) {
      await prepareEmbedded();
    }
    if (opts.before && opts.beforeDb === 'copy') {
      const admin = new pg.Client({ connectionString: `${opts.pgUrl}/postgres` });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${beforeDbName} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${beforeDbName} TEMPLATE ${opts.dbName}`);
      await admin.end();
      log(`the before build gets ${beforeDbName}, a copy of ${opts.dbName}`);
    }
  }
  for (const column of columns) {
    await httpBenchmarks(column);
  }
  if (wants('V1') || wants('E1')) {
    for (const column of columns) {
      await chainBenchmarks({
        column,
        opts,
        startApp,
        startBefore: opts.before ? startBefore : null,
        record,
        log,
        results,
        PORTS,
        WORK,
        wants,
        threads: await publicThreads(column),
        R2_PATH,
      });
    }
  }
  if (wants('W1')) {
    await idleSockets({ opts, startApp, record, log, PORTS, PERF, WORK, column: 'postgres' });
  }
  if (['W2', 'W3', 'W4', 'W5'].some(wants)) {
    await realtimeBenchmarks({
      opts,
      startApp,
      record,
      log,
      PORTS,
      PERF,
      WORK,
      results,
      login,
      dbUrl: `${opts.pgUrl}/${opts.dbName}`,
      // --before: W2 and W3 also measure the before build, run by run with this one.
      before: opts.before ? { start: startBefore, port: PORTS.before, record: recordComparison } : null,
    });
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
  if (results.beforeAfter) {
    results.beforeAfter.acceptance = acceptance(results.beforeAfter.benchmarks, ACCEPTANCE_IDS);
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
