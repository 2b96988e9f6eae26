#!/usr/bin/env node
// The suites whose verdict depends on the database (API end-to-end, reliability), run on both:
// first on the embedded PostgreSQL (PGlite, the trying-out mode), then on the PostgreSQL and Redis
// servers (production's shape: the API as the application role, several instances through Redis).
// Everything else `npm test` runs (build, lint, unit, browser) proves the same on either, so it
// runs once. Every suite runs even after one fails, so one run shows every failure.
//
// The servers: DATABASE_URL and REDIS_URL when set, else this machine's (127.0.0.1:5432, trust
// auth, database `test`; 127.0.0.1:6379). Without them the second pass is skipped with a warning,
// except under CI=true, where a missing server fails the run.
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';

const SUITES = ['test:api', 'test:reliability'];
const servers = {
  DATABASE_URL: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
  REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
};

function reachable(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || defaultPort) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(3000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function run(pass, env) {
  const failed = [];
  for (const suite of SUITES) {
    const started = Date.now();
    console.log(`\n=== ${suite} on ${pass}`);
    const result = spawnSync('npm', ['run', suite], { stdio: 'inherit', env });
    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(
      `=== ${suite} on ${pass}: ${result.status === 0 ? 'passed' : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds} s`,
    );
    if (result.status !== 0) {
      failed.push(`${suite} on ${pass}`);
    }
  }
  return failed;
}

const embeddedEnv = { ...process.env };
delete embeddedEnv.DATABASE_URL;
delete embeddedEnv.REDIS_URL;
const failed = run('the embedded database', embeddedEnv);

const [database, redis] = await Promise.all([reachable(servers.DATABASE_URL, 5432), reachable(servers.REDIS_URL, 6379)]);
if (database && redis) {
  failed.push(...run('the PostgreSQL and Redis servers', { ...process.env, ...servers }));
} else {
  const missing = [!database && `PostgreSQL at ${servers.DATABASE_URL}`, !redis && `Redis at ${servers.REDIS_URL}`]
    .filter(Boolean)
    .join(' and ');
  if (process.env.CI === 'true') {
    failed.push(`the servers' pass (${missing} not reachable)`);
  } else {
    console.warn(
      `\n!!! The servers' pass was skipped: ${missing} not reachable. Set DATABASE_URL and REDIS_URL, or start them (README, "Test it").`,
    );
  }
}

if (failed.length) {
  console.error(`\nFailed: ${failed.join('; ')}`);
  process.exit(1);
}
