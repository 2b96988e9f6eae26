import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { startApiProcess, type ApiProcess } from './support/api-process';

const MAIN = resolve(__dirname, '../../dist/apps/api/main.js');

function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string; ms: number }> {
  return new Promise((done) => {
    const began = Date.now();
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env['PATH'] ?? '', DATA_DIR: mkdtempSync(join(tmpdir(), 'suivi-start-')), LOG_LEVEL: 'silent', ...env },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Past this it is hanging, not starting slowly on a loaded machine: killed, it has no exit code.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stderr, ms: Date.now() - began });
    });
  });
}

describe('start-up configuration errors (built API)', () => {
  beforeAll(() => {
    if (!existsSync(MAIN)) {
      throw new Error(`${MAIN} is missing: build the API first (npx nx build api)`);
    }
  });

  it.each([
    [
      'an unreachable DATABASE_URL',
      { DATABASE_URL: 'postgres://suivi@127.0.0.1:1/suivi' },
      /^DATABASE_URL: cannot connect to 127\.0\.0\.1:1\/suivi/,
    ],
    ['a malformed DATABASE_URL', { DATABASE_URL: 'not a url' }, /^DATABASE_URL: is not a valid URL/],
    ['production without DATABASE_URL', { NODE_ENV: 'production' }, /^DATABASE_URL: required in production/],
    [
      'production without JWT_SECRET',
      { NODE_ENV: 'production', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' },
      /^JWT_SECRET: required in production/,
    ],
    [
      'production without PUBLIC_URL',
      {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
        JWT_SECRET: 'j'.repeat(40),
        PSEUDONYM_KEY: 'p'.repeat(40),
      },
      /^PUBLIC_URL: required in production/,
    ],
    [
      'production without SMTP_URL or MAIL_OUTBOX_DIR',
      {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
        JWT_SECRET: 'j'.repeat(40),
        PSEUDONYM_KEY: 'p'.repeat(40),
        PUBLIC_URL: 'https://suivi.example.org',
      },
      /^SMTP_URL: required in production/,
    ],
    ['a TIME_ZONE that is none', { TIME_ZONE: 'Mars/Olympus' }, /^TIME_ZONE: "Mars\/Olympus" is not a time zone/],
    ['a bad REMINDER_DAYS', { REMINDER_DAYS: '7,zero' }, /^REMINDER_DAYS: must be whole numbers/],
    ['a bad PORT', { PORT: 'eighty' }, /^PORT: /],
    ['a TRUST_PROXY that trusts every hop', { TRUST_PROXY: 'true' }, /^TRUST_PROXY: true would trust every hop/],
    ['a bad DOWNLOADS_PER_ADDRESS', { DOWNLOADS_PER_ADDRESS: '0' }, /^DOWNLOADS_PER_ADDRESS: must be a whole number of at least 1/],
  ])('stops on its own on %s, with one line naming the variable', async (_case, env, message) => {
    // Exit code 1, not a kill: it stopped by itself. How fast is the machine's business (a
    // 10 s bound failed under a load average of 11), not this test's.
    const result = await start(env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(message);
  });
});

/** The local addresses listening on `port`, read from the kernel's tables (Linux). */
function listeningAddresses(port: number): string[] {
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) {
      continue;
    }
    for (const line of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [address, hexPort] = local.split(':');
      // 0A: LISTEN. Addresses are in the kernel's byte order, 4 bytes at a time.
      if (state !== '0A' || parseInt(hexPort, 16) !== port) {
        continue;
      }
      const words = address.match(/.{8}/g) ?? [];
      const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
      found.push(bytes.length === 4 ? bytes.join('.') : bytes.every((b) => b === 0) ? '::' : `[${address}]`);
    }
  }
  return found;
}

/** Every path under `root` whose permission bits let anyone but the owner in. */
function openToOthers(root: string): string[] {
  const open: string[] = [];
  const visit = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) {
      return;
    }
    const expected = stat.isDirectory() ? 0o700 : 0o600;
    if ((stat.mode & 0o777 & ~expected) !== 0) {
      open.push(`${(stat.mode & 0o777).toString(8)} ${path.slice(root.length) || '/'}`);
    }
    if (stat.isDirectory()) {
      readdirSync(path).forEach((name) => visit(join(path, name)));
    }
  };
  visit(root);
  return open;
}

describe('the trying-out mode keeps to the machine (review finding 11)', () => {
  let api: ApiProcess | null = null;
  const parent = mkdtempSync(join(tmpdir(), 'suivi-trying-'));
  afterAll(async () => {
    await api?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  it('binds 127.0.0.1 without HOST, and keeps DATA_DIR 0700 with files 0600, tightening what was already there', async () => {
    // A folder left by an earlier version, open to everyone on the machine.
    const dataDir = join(parent, 'data');
    mkdirSync(join(dataDir, 'outbox'), { recursive: true });
    writeFileSync(join(dataDir, 'outbox', 'mail.eml'), 'To: civil@suivi.demo');
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'outbox'), 0o777);
    chmodSync(join(dataDir, 'outbox', 'mail.eml'), 0o666);

    api = await startApiProcess({ HOST: '', DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    const port = Number(new URL(api.baseUrl).port);
    // Some writes, so that the database writes files while it runs too.
    const login = await fetch(`${api.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'civil@suivi.demo', password: 'suivi-demo-2014' }),
    });
    expect(login.status).toBe(200);

    expect(listeningAddresses(port)).toEqual(['127.0.0.1']);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(existsSync(join(dataDir, 'pgdata'))).toBe(true);
    expect(openToOthers(dataDir)).toEqual([]);
    // A start prints no deprecation warning (Fastify's FSTDEP022 used to come with every one).
    expect(api.output()).not.toMatch(/FSTDEP|DeprecationWarning/);
  });
});

describe('the trying-out mode’s log reads as lines (issue 22)', () => {
  let api: ApiProcess | null = null;
  afterAll(async () => {
    await api?.stop();
  });

  it('prints the start in a few lines, one line per request, health checks left out, no JSON and no deprecation warning', async () => {
    api = await startApiProcess({ LOG_LEVEL: 'info' });
    const before = api.output().split('\n').filter(Boolean);
    for (const path of ['/api/info', '/api/health', '/api/commitments?pageSize=1']) {
      expect((await fetch(`${api.baseUrl}${path}`)).status).toBe(200);
    }
    // The request's line is written as its answer finishes.
    for (let i = 0; i < 50 && !/GET \/api\/commitments/.test(api.output()); i++) {
      await new Promise((done) => setTimeout(done, 100));
    }
    const lines = api.output().split('\n').filter(Boolean);
    expect(lines.filter((line) => line.startsWith('{'))).toEqual([]);
    expect(api.output()).not.toMatch(/FSTDEP|DeprecationWarning/);
    // Nest's inventory (about 170 lines of modules, controllers and routes) is one count.
    expect(before.length).toBeLessThan(30);
    expect(before.filter((line) => /routes mapped\)$/.test(line))).toHaveLength(1);
    expect(before.filter((line) => /Suivi is listening on http:\/\/127\.0\.0\.1:\d+/.test(line))).toHaveLength(1);
    const requests = lines.filter((line) => /^\d\d:\d\d:\d\d GET \//.test(line));
    expect(requests.map((line) => line.replace(/^\S+ /, '').replace(/ \d+ ms$/, ''))).toEqual([
      'GET /api/info 200',
      'GET /api/commitments?pageSize=1 200',
    ]);
  });
});
