import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { Client } from 'pg';

import { leaks, pseudonymousScenario, type Observed } from './support/pseudonymous-scenario';
import { listen } from './support/sockets';
import { startTestApp, type TestApp } from './support/test-app';

// DESIGN.md, "Safe participation": no REST answer, socket event, audit entry, export or log line
// carries the real author of a pseudonymous message — the secretariat's views included.

describe('pseudonymity: responses, events and the audit chain', () => {
  let t: TestApp;
  let observed: Observed;

  beforeAll(async () => {
    t = await startTestApp();
    observed = await pseudonymousScenario(await listen(t));
  });
  afterAll(() => t?.close());

  it('saw the walk through (a scan of nothing proves nothing)', () => {
    const wheres = observed.payloads.map((p) => p.where);
    expect(wheres).toEqual(expect.arrayContaining(['moderation queue', 'sanction through the message', 'open data']));
    expect(wheres.filter((w) => w.startsWith('audit log, event')).length).toBeGreaterThan(8);
    expect(wheres.filter((w) => w.startsWith('socket justice: message.'))).not.toHaveLength(0);
    expect(wheres.some((w) => w === 'socket justice: typing')).toBe(true);
    expect(observed.payloads.find((p) => p.where === 'GET messages as secretariat')?.text).toContain('two of five posts');
  });

  it('names the writer in no response and no socket event, for any reader', () => {
    expect(leaks(observed, observed.payloads)).toEqual([]);
  });

  it('records pseudonymous writes in the chain under the pseudonym, with no trace of the person', async () => {
    const rows = (await t.db.query(
      `SELECT seq, actor, action, canonical, data FROM audit_events
        WHERE entity_id = ANY($1) OR subject = ANY($2) OR action LIKE 'sanction.%' OR action LIKE 'flag.%' ORDER BY seq`,
      [observed.pseudonymousMessageIds, observed.threadIds.map((id) => `thread:${id}`)],
    )) as Array<{ seq: string; actor: string; action: string; canonical: string; data: string }>;
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['message.created', 'message.edited', 'flag.upheld', 'sanction.created']));
    expect(rows.filter((r) => r.action === 'message.created' && r.actor.startsWith('pseudonym:'))).toHaveLength(2);
    expect(
      leaks(
        observed,
        rows.map((r) => ({ where: `audit ${r.seq} ${r.action}`, text: `${r.actor} ${r.canonical} ${r.data}` })),
      ),
    ).toEqual([]);
  });

  it('shows the restriction in no account view: the secretariat sees the same account before and after', () => {
    expect(observed.accountViews.after).toBe(observed.accountViews.before);
    expect(observed.accountViews.listAfter).toBe(observed.accountViews.listBefore);
  });
});

const MAIN = resolve(__dirname, '../../dist/apps/api/main.js');

describe('pseudonymity: the log output of the built API', () => {
  let child: ChildProcess | null = null;
  let output = '';
  let dataDir = '';
  let dropDatabase: (() => Promise<void>) | null = null;
  let observed: Observed;
  let startedAt = 0;

  beforeAll(async () => {
    if (!existsSync(MAIN)) {
      throw new Error(`${MAIN} is missing: build the API first (npx nx build api)`);
    }
    dataDir = mkdtempSync(join(tmpdir(), 'suivi-logs-'));
    const port = await freePort();
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      // Everything the API can say, request logs included.
      LOG_LEVEL: 'trace',
      WEB_DIR: '',
    };
    const server = process.env['DATABASE_URL'];
    if (server) {
      const name = `suivi_logs_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
      await admin(server, `CREATE DATABASE ${name}`);
      const url = new URL(server);
      url.pathname = `/${name}`;
      env['DATABASE_URL'] = url.toString();
      dropDatabase = () => admin(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
    if (process.env['REDIS_URL']) {
      env['REDIS_URL'] = process.env['REDIS_URL'];
      env['REDIS_PREFIX'] = `logs-${process.pid}:`;
    }
    child = spawn(process.execPath, [MAIN], { env });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const base = `http://127.0.0.1:${port}`;
    await waitForHealth(base, () => output);
    // The start-up banner lists the demo accounts; the walk starts after it.
    startedAt = output.length;
    observed = await pseudonymousScenario(base);
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((done) => child?.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logged the walk through (request lines are there)', () => {
    expect(output).toMatch(/"url":"\/api\/threads\/[0-9a-f-]+\/messages"/);
    expect(output).toMatch(/"url":"\/api\/messages\/[0-9a-f-]+\/sanction"/);
  });

  it('never names the pseudonymous writer in a log line', () => {
    const lines = output
      .slice(startedAt)
      .split('\n')
      .map((text, i) => ({ where: `log line ${i + 1} of the walk: ${text.slice(0, 300)}`, text }));
    expect(lines.length).toBeGreaterThan(20);
    expect(leaks(observed, lines)).toEqual([]);
  });
});

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForHealth(base: string, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`the API did not start:\n${log().slice(-2000)}`);
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
