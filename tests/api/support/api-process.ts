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
  /**
   * SIGTERM, then a full verification of the record the process wrote (`verify-record`, on its
   * database, after it stopped), unless told otherwise; throws when the record does not verify.
   */
  stop(options?: { verifyRecord?: boolean }): Promise<void>;
}

/**
 * A DATABASE_URL given alone is the tables' owner's: the API migrates with it and runs as the
 * test's application role (withTestAppRole). `asGiven` keeps the environment as it is.
 */
export async function startApiProcess(
  given: Record<string, string>,
  options: {
    asGiven?: boolean;
    /** The suite breaks the record on purpose and leaves it so: no full verification at its end. */
    leavesRecordBroken?: boolean;
  } = {},
): Promise<ApiProcess> {
  if (!existsSync(BUILT_API)) {
    throw new Error(`${BUILT_API} is missing: build the API first (npx nx build api)`);
  }
  const env = options.asGiven ? given : await withTestAppRole(given);
  const dataDir = mkdtempSync(join(tmpdir(), 'suivi-process-'));
  const port = await freePort();
  let output = '';
  const processEnv = {
    PATH: process.env['PATH'] ?? '',
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    WEB_DIR: '',
    // Its 4xx bodies join the suite's check of the error vocabulary.
    ...(process.env['ERROR_BODIES_DIR'] ? { ERROR_BODIES_DIR: process.env['ERROR_BODIES_DIR'] } : {}),
    ...env,
  };
  const child: ChildProcess = spawn(process.execPath, [BUILT_API], { env: processEnv });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  let started = false;
  const stop = async ({ verifyRecord = true }: { verifyRecord?: boolean } = {}) => {
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    try {
      // A process that never served wrote nothing to verify (and its database may not be migrated).
      if (started && verifyRecord && !options.leavesRecordBroken) {
        await expectRecordVerifies(processEnv);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
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
  started = true;
  return { baseUrl, pid: child.pid ?? 0, output: () => output, stop };
}

/** The built API run once with these arguments and exactly this environment (and PATH), to its exit. */
export function runBuiltApi(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BUILT_API, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Past this it is serving (or hanging), not answering: killed, it has no exit code.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/**
 * The full verification (`verify-record`) of the database an API process used, as that process's
 * environment names it. Run it once the process has stopped: on the embedded database one process
 * at a time may open DATA_DIR. A write path that binds other JSON than its record holds, or
 * changes a record without binding it, then fails the suite that exercised it.
 */
export async function expectRecordVerifies(env: Record<string, string>): Promise<void> {
  const result = await runBuiltApi(['verify-record'], env);
  if (result.code !== 0) {
    throw new Error(
      `the record does not verify at the end of this suite (verify-record exit ${result.code}):\n${result.stdout}${result.stderr}`,
    );
  }
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
