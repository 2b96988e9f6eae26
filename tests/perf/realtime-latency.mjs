#!/usr/bin/env node
// Delivery latency of a message posted through REST to the sockets subscribed to its thread:
// 100 subscribers on one API process, then the same across two processes joined by Redis (posts
// through one, subscribers on the other). Runs the built API (`npx nx build api`) on the local
// PostgreSQL and Redis servers, in a scratch database it drops afterwards.
//
//   node tests/perf/realtime-latency.mjs [--subscribers 100] [--messages 200]
//
// Prints median and 99th percentile per setup, and writes tests/perf/results/realtime-latency.json.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import pg from 'pg';
import { io } from 'socket.io-client';

const here = dirname(fileURLToPath(import.meta.url));
const MAIN = resolve(here, '../../dist/apps/api/main.js');
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .join(' ')
    .split('--')
    .filter(Boolean)
    .map((a) => a.trim().split(/\s+/)),
);
const SUBSCRIBERS = Number(args.subscribers ?? 100);
const MESSAGES = Number(args.messages ?? 200);
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function admin(sql) {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function freePort() {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

async function startApi(env) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'suivi-latency-'));
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', WEB_DIR: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) {
        return {
          base,
          stop: () =>
            new Promise((done) => (child.once('exit', done), child.kill('SIGTERM'))).then(() =>
              rmSync(dataDir, { recursive: true, force: true }),
            ),
        };
      }
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('API did not start');
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function measure(label, postTo, listenOn) {
  const token = (
    await (
      await fetch(`${postTo.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'justice@suivi.demo', password: 'suivi-demo-2014' }),
      })
    ).json()
  ).accessToken;
  const thread = await (
    await fetch(`${postTo.base}/api/threads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await signIn(postTo, 'secretariat@suivi.demo')}` },
      body: JSON.stringify({ title: { en: `Latency ${label}` }, visibility: 'public' }),
    })
  ).json();
  const sentAt = new Map();
  const samples = [];
  const sockets = [];
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const socket = io(listenOn.base, { path: '/socket.io', transports: ['websocket'], reconnection: false });
    await new Promise((done, fail) => (socket.once('connect', done), socket.once('connect_error', fail)));
    socket.on('message.created', (m) => {
      const at = sentAt.get(m.body);
      if (at !== undefined) {
        samples.push(performance.now() - at);
      }
    });
    await socket.emitWithAck('subscribe', { room: `thread:${thread.id}` });
    sockets.push(socket);
  }
  for (let i = 0; i < MESSAGES; i++) {
    const body = `latency ${label} ${i} ${'x'.repeat(400)}`;
    sentAt.set(body, performance.now());
    const res = await fetch(`${postTo.base}/api/threads/${thread.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ body }),
    });
    if (res.status !== 201) {
      throw new Error(`post answered ${res.status}: ${await res.text()}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const expected = SUBSCRIBERS * MESSAGES;
  for (let i = 0; i < 100 && samples.length < expected; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  sockets.forEach((s) => s.disconnect());
  const sorted = samples.sort((a, b) => a - b);
  return {
    setup: label,
    subscribers: SUBSCRIBERS,
    messages: MESSAGES,
    delivered: samples.length,
    expected,
    medianMs: Number(percentile(sorted, 50).toFixed(2)),
    p99Ms: Number(percentile(sorted, 99).toFixed(2)),
  };
}

async function signIn(api, email) {
  const res = await fetch(`${api.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'suivi-demo-2014' }),
  });
  return (await res.json()).accessToken;
}

const name = `suivi_latency_${process.pid}`;
await admin(`CREATE DATABASE ${name}`);
const url = new URL(SERVER);
url.pathname = `/${name}`;
const shared = {
  DATABASE_URL: url.toString(),
  JWT_SECRET: randomBytes(32).toString('hex'),
  PSEUDONYM_KEY: randomBytes(32).toString('hex'),
  MESSAGES_PER_MINUTE: '1000000',
};
const results = [];
try {
  const single = await startApi(shared);
  results.push(await measure('one instance', single, single));
  await single.stop();
  const env = { ...shared, REDIS_URL: REDIS, REDIS_PREFIX: `latency-${process.pid}:` };
  const a = await startApi(env);
  const b = await startApi(env);
  results.push(await measure('two instances (Redis adapter), posted on A, received on B', a, b));
  await Promise.all([a.stop(), b.stop()]);
} finally {
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
console.table(results);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results/realtime-latency.json'), `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`);
