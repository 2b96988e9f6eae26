import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';

const PG_BIN = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

/** Every child this module started, killed on exit whatever happened to the test. */
const children = new Set<ChildProcess>();
const scratchDirs = new Set<string>();
process.on('exit', () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
  }
  for (const dir of scratchDirs) {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Killed from outside (a CI timeout, Ctrl-C), Node runs no 'exit' handler: stop the servers first.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of children) {
      child.kill('SIGKILL');
    }
    for (const dir of scratchDirs) {
      rmSync(dir, { recursive: true, force: true });
    }
    process.kill(process.pid, signal);
  });
}

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

async function until(what: string, check: () => Promise<boolean>, ms: number, log: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) {
      return;
    }
    await sleep(100);
  }
  throw new Error(`${what} within ${ms} ms\n${log().slice(-2000)}`);
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals, ms = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill(signal);
  });
}

/**
 * A PostgreSQL 15 server of the test's own (never the machine's shared one), in a temporary
 * directory, trust authentication, on a free port, that a test may stop and start at will. As root
 * it runs as the `postgres` OS user, since PostgreSQL refuses to run as root.
 */
export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  output(): string;
  /** Stops the server: 'fast' (clients disconnected, clean shutdown) or 'immediate' (like a crash). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  destroy(): Promise<void>;
}

export async function startPostgres(): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'suivi-rel-pg-'));
  scratchDirs.add(dir);
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? postgresUser() : null;
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
  }
  const data = join(dir, 'data');
  const env = { PATH: process.env['PATH'] ?? '', LC_ALL: 'C', LANG: 'C', HOME: dir };
  const init = spawnSync(
    join(PG_BIN, 'initdb'),
    ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
    { env, uid: owner?.uid, gid: owner?.gid, encoding: 'utf8', timeout: 120_000 },
  );
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    scratchDirs.delete(dir);
    throw new Error(`initdb failed (${init.status ?? init.signal}): ${init.stderr}${init.stdout}`);
  }
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | null = null;
  let output = '';

  const start = async () => {
    child = track(
      spawn(
        join(PG_BIN, 'postgres'),
        // fsync off: the tests stop the server, never the machine; commits still survive a stop.
        ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'],
        { env, uid: owner?.uid, gid: owner?.gid, stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    );
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started = child;
    await until(
      'the throwaway PostgreSQL did not accept connections',
      async () => {
        if (started.exitCode !== null) {
          throw new Error(`postgres exited with ${started.exitCode}`);
        }
        const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
        try {
          await client.connect();
          await client.query('SELECT 1');
          return true;
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      60_000,
      () => output,
    );
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    if (child) {
      // SIGINT is PostgreSQL's fast shutdown, SIGQUIT its immediate one.
      await stopChild(child, mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
      child = null;
    }
  };
  try {
    await start();
  } catch (error) {
    await stop('immediate');
    rmSync(dir, { recursive: true, force: true });
    scratchDirs.delete(dir);
    throw error;
  }
  return {
    url,
    port,
    output: () => output,
    stop,
    start,
    async destroy() {
      await stop('immediate');
      rmSync(dir, { recursive: true, force: true });
      scratchDirs.delete(dir);
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error('running as root needs a `postgres` OS user to run PostgreSQL (Debian creates it with the postgresql package)');
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** A Redis server of the test's own, without persistence, that a test may kill and restart on the same port. */
export interface ThrowawayRedis {
  url: string;
  port: number;
  /** Kills it at once (SIGKILL), as a crashed or unreachable Redis. */
  kill(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startRedis(): Promise<ThrowawayRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  let output = '';
  const start = async () => {
    child = track(
      spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started = child;
    await until(
      'the throwaway Redis did not start',
      async () => {
        if (started.exitCode !== null) {
          throw new Error(`redis-server exited with ${started.exitCode}`);
        }
        return /Ready to accept connections/.test(output);
      },
      30_000,
      () => output,
    );
  };
  const kill = async () => {
    if (child) {
      await stopChild(child, 'SIGKILL');
      child = null;
    }
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, kill, start, destroy: kill };
}

export const haveServerBinaries = () => existsSync(join(PG_BIN, 'postgres')) && spawnSync('redis-server', ['--version']).status === 0;

/**
 * A PostgreSQL database for a suite that does not stop the server: a scratch database on the
 * server named by DATABASE_URL when there is one (the machine's shared server, CI's second pass),
 * else a throwaway server of the suite's own.
 */
export async function postgresDatabase(tag: string): Promise<{ url: string; where: string; drop(): Promise<void> }> {
  const shared = process.env['DATABASE_URL'];
  if (shared) {
    const name = `suivi_rel_${tag}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = async (sql: string) => {
      const client = new Client({ connectionString: shared });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(shared);
    url.pathname = `/${name}`;
    return { url: url.toString(), where: 'DATABASE_URL', drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  const server = await startPostgres();
  return { url: server.url, where: 'throwaway server', drop: () => server.destroy() };
}
