// `npm run bench:mail`: the daily digest for everyone at the benchmark's scale (issue 21).
//
// The benchmark's dataset (generate.mjs; 2,000 people at --scale=1) on PostgreSQL; each person
// has three notices held for their daily digest, as a day of activity on followed commitments
// leaves them. The built API runs on core 0 with a real SMTP server (smtp-server, in this process
// on core 1) as its SMTP_URL; the clock (NODE_ENV=test: its offset is read from the database) is
// moved to 08:00 in Bamako the next morning, and the sweep and the outbox worker do the rest.
// Measured: how long until the last digest is on the server, mails per second, the API's peak
// resident memory, and the p99 of the commitments list (GET /api/commitments) before and while
// the digests go, as a ratio measured in one run. Results: tests/perf/results/mail-digest.{json,md}.
//
//   npm run bench:mail -- [--scale=1] [--pg-url=postgres://postgres@127.0.0.1:5432] [--fresh]
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';

import pg from 'pg';
import { SMTPServer } from 'smtp-server';

import { benchPasswordHash, generate, GENERATOR_VERSION } from './generate.mjs';
import { load } from './lib/load.mjs';
import { rssBytes, sleep, startNode, waitForHttp } from './lib/proc.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const API_MAIN = join(ROOT, 'dist/apps/api/main.js');
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, ...v] = a.replace(/^--/, '').split('=');
    return [k, v.length ? v.join('=') : 'true'];
  }),
);
const scale = Number(args.scale ?? 1);
const pgUrl = args['pg-url'] ?? 'postgres://postgres@127.0.0.1:5432';
const dbName = `suivi_bench_mail_${String(scale).replace('.', '_')}`;
const dbUrl = `${pgUrl}/${dbName}`;
const PORT = 3790;
const log = (line) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const load1 = () => Number(loadavg()[0].toFixed(2));
mkdirSync('/tmp/suivi-bench', { recursive: true });

async function prepare() {
  const admin = new pg.Client({ connectionString: `${pgUrl}/postgres` });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName])).rowCount > 0;
  if (exists && args.fresh !== 'true') {
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const marker = (await client.query(`SELECT value FROM app_settings WHERE key = 'bench.dataset'`)).rows[0]?.value;
    await client.end();
    if (marker?.version === GENERATOR_VERSION && marker?.scale === scale) {
      await admin.end();
      execFileSync(process.execPath, [API_MAIN, 'migrate'], {
        env: { PATH: process.env.PATH, NODE_ENV: 'production', MIGRATION_DATABASE_URL: dbUrl },
      });
      log(`dataset ${dbName} reused (${marker.users} people)`);
      return marker;
    }
  }
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.query(
    `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'suivi_api') THEN CREATE ROLE suivi_api NOLOGIN; END IF; END $$`,
  );
  await admin.end();
  execFileSync(process.execPath, [API_MAIN, 'migrate'], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', MIGRATION_DATABASE_URL: dbUrl },
  });
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  log(`generating the dataset at scale ${scale}`);
  const counts = await generate(client, { scale, passwordHash: await benchPasswordHash(), log: (l) => log(`  ${l}`) });
  const marker = { version: GENERATOR_VERSION, scale, generatedAt: new Date().toISOString(), ...counts };
  await client.query(`INSERT INTO app_settings (key, value) VALUES ('bench.dataset', $1)`, [JSON.stringify(marker)]);
  await client.end();
  return marker;
}

/** A day of followed activity: three notices per active person, held for their daily digest; the clock back at today. */
async function holdNotices() {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  await client.query(
    `DELETE FROM mail_outbox; DELETE FROM notifications WHERE payload ? 'benchMail'; DELETE FROM app_settings WHERE key = 'test.clock_offset_ms'`,
  );
  await client.query(`UPDATE users SET status = 'active' WHERE status <> 'active' AND role = 'member'`);
  const { rows } = await client.query(
    `WITH picked AS (
       SELECT u.id AS user_id, c.id AS commitment_id, c.title_en, c.title_fr
         FROM users u
         CROSS JOIN LATERAL (SELECT id, title_en, title_fr FROM commitments
                              ORDER BY id OFFSET abs(hashtext(u.id::text)) % greatest(1, (SELECT count(*) FROM commitments) - 3) LIMIT 3) c
        WHERE u.status = 'active'),
     noticed AS (
       INSERT INTO notifications (user_id, kind, subject_type, subject_id, payload)
       SELECT user_id, 'report', 'commitment', commitment_id,
              jsonb_build_object('benchMail', true, 'title', jsonb_strip_nulls(jsonb_build_object('en', title_en, 'fr', title_fr)))
         FROM picked RETURNING id, user_id)
     INSERT INTO mail_outbox (occasion_key, kind, category, user_id, notification_id, due_at, digest)
     SELECT 'notice:' || id, 'notice', 'activity', user_id, id, now() - interval '2 hours', 'daily' FROM noticed
     RETURNING user_id`,
  );
  await client.end();
  return { held: rows.length, people: new Set(rows.map((r) => r.user_id)).size };
}

async function main() {
  const dataset = await prepare();
  const { held, people } = await holdNotices();
  log(`${held} notices held for ${people} people's daily digest`);

  const received = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let bytes = 0;
      stream.on('data', (c) => (bytes += c.length));
      stream.on('end', () => {
        received.push({ at: Date.now(), to: session.envelope.rcptTo[0]?.address, bytes });
        callback();
      });
    },
  });
  await new Promise((r) => smtp.listen(0, '127.0.0.1', r));
  const smtpPort = smtp.server.address().port;

  const api = startNode('api-mail', [API_MAIN], {
    cpu: 0,
    env: {
      NODE_ENV: 'test',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR: '/tmp/suivi-bench/mail-data',
      DATABASE_URL: dbUrl,
      REDIS_URL: '',
      SEED_DEMO: 'false',
      JWT_SECRET: randomBytes(32).toString('hex'),
      PSEUDONYM_KEY: 'bench-pseudonym-key-0000000000000000',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      PUBLIC_URL: 'https://suivi.example.org',
      ROUND_TICK_EVERY: '2',
      MAIL_POLL_EVERY: '1',
      LOG_LEVEL: 'warn',
      WEB_DIR: '',
    },
  });
  try {
    await waitForHttp(`http://127.0.0.1:${PORT}/api/health`, api, 120_000);
    const listUrl = `http://127.0.0.1:${PORT}/api/commitments?pageSize=20`;
    await load({ url: listUrl, connections: 4, duration: 3 });
    const idleRss = rssBytes(api.pid);
    const loadBefore = load1();
    const before = await load({ url: listUrl, connections: 8, duration: 10 });
    log(`list before: p99 ${before.p99} ms, ${Math.round(before.rps)} req/s (load ${loadBefore})`);

    // 08:00:30 in Bamako tomorrow: the digests' hour.
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
    const offset = Date.parse(`${tomorrow}T08:00:30Z`) - Date.now();
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const started = Date.now();
    await client.query(
      `INSERT INTO app_settings (key, value) VALUES ('test.clock_offset_ms', to_jsonb($1::bigint)) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [offset],
    );
    let peakRss = idleRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssBytes(api.pid))), 100);
    const done = (async () => {
      const deadline = Date.now() + 15 * 60_000;
      while (received.length < people && Date.now() < deadline) {
        await sleep(100);
      }
    })();
    const during = await load({ url: listUrl, connections: 8, until: done });
    await done;
    clearInterval(sampler);
    const loadDuring = load1();
    const [{ sent, digests }] = (
      await client.query(
        `SELECT count(*) FILTER (WHERE kind = 'digest' AND state = 'sent')::int AS sent, count(*) FILTER (WHERE kind = 'digest')::int AS digests FROM mail_outbox`,
      )
    ).rows;
    await client.end();
    const first = received[0]?.at ?? NaN;
    const last = received.at(-1)?.at ?? NaN;
    const result = {
      at: new Date().toISOString(),
      scale,
      dataset: { people: dataset.users, commitments: dataset.commitments, reports: dataset.reports, messages: dataset.messages },
      held,
      people,
      received: received.length,
      digestRows: digests,
      digestsSent: sent,
      secondsToLast: (last - started) / 1000,
      secondsSending: (last - first) / 1000,
      mailsPerSecond: received.length / ((last - first) / 1000),
      meanMailBytes: Math.round(received.reduce((a, m) => a + m.bytes, 0) / Math.max(1, received.length)),
      rssIdleMb: Math.round(idleRss / 2 ** 20),
      rssPeakMb: Math.round(peakRss / 2 ** 20),
      list: { before, during, p99Ratio: during.p99 / before.p99 },
      loadAverage: { before: loadBefore, during: loadDuring },
    };
    log(JSON.stringify(result, null, 2));
    const dir = join(ROOT, 'tests/perf/results');
    writeFileSync(join(dir, 'mail-digest.json'), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(
      join(dir, 'mail-digest.md'),
      [
        `# Daily digest for everyone (issue 21), ${result.at.slice(0, 10)}, scale ${scale}`,
        '',
        `| figure | value |`,
        `| --- | --- |`,
        `| people with a digest (3 notices each) | ${people} |`,
        `| digests received by the SMTP server | ${result.received} |`,
        `| from the clock's 08:00 to the last digest | ${result.secondsToLast.toFixed(1)} s |`,
        `| mails per second while sending | ${result.mailsPerSecond.toFixed(1)} |`,
        `| mean mail size | ${result.meanMailBytes} bytes |`,
        `| API resident memory, idle → peak | ${result.rssIdleMb} MB → ${result.rssPeakMb} MB |`,
        `| list p99 before / while sending | ${before.p99} ms / ${during.p99} ms (×${result.list.p99Ratio.toFixed(2)}) |`,
        `| list requests/s before / while sending | ${Math.round(before.rps)} / ${Math.round(during.rps)} |`,
        `| 1-minute load average before / after | ${loadBefore} / ${loadDuring} |`,
        '',
      ].join('\n'),
    );
  } finally {
    await api.stop();
    smtp.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
