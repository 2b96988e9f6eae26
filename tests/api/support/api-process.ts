import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { adminQuery, withTestAppRole } from './test-app';

export const BUILT_API = resolve(__dirname, '../../../dist/apps/api/main.js');

/** The built API (`node dist/apps/api/main.js`) as its own process, with everything it printed. */
export interface ApiProcess {
  baseUrl: string;
  /** The API's process id, to sample its memory. */
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/**
 * A DATABASE_URL given alone is the tables' owner's: the API migrates with it and runs as the
 * test's application role (withTestAppRole). `asGiven` keeps the environment as it is.
 */
export async function startApiProcess(given: Record<string, string>, options: { asGiven?: boolean } = {}): Promise<ApiProcess> {
  if (!existsSync(BUILT_API)) {
    throw new Error(`${BUILT_API} is missing: build the API first (npx nx build api)`);
  }
  const env = options.asGiven ? given : await withTestAppRole(given);
  const dataDir = mkdtempSync(join(tmpdir(), 'suivi-process-'));
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [BUILT_API], {
    env: { PATH: process.env['PATH'] ?? '', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', WEB_DIR: '', ...env },
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(
      baseUrl,
      () => output,
      () => child.exitCode,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, pid: child.pid ?? 0, output: () => output, stop };
}

/** A new database on the server named by `serverUrl`, and how to drop it. */
export async function scratchDatabase(serverUrl: string, tag: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `suivi_${tag}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

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

async function waitForHealth(base: string, log: () => string, exitCode: () => number | null): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && exitCode() === null) {
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
