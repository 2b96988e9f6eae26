import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { BUILT_API, expectRecordVerifies } from '../../api/support/api-process';
import { withTestAppRole } from '../../api/support/test-app';
import { freePort, sleep, track } from './servers';

const PROBE = resolve(__dirname, 'memory-probe.cjs');

export interface MemorySample {
  at: number;
  rss: number;
  heapUsed: number;
}

/**
 * The built API as a child process that a test may kill (SIGKILL included) and start again on
 * the same DATA_DIR and port, and whose memory it can sample.
 */
export interface ApiInstance {
  baseUrl: string;
  port: number;
  dataDir: string;
  pid(): number | undefined;
  output(): string;
  /** process.memoryUsage() of the API, after a full collection. */
  memory(): Promise<MemorySample>;
  kill(signal: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
  /**
   * SIGTERM (a clean stop), then a full verification of the record on the instance's database
   * (`verify-record`; `verifyRecord: false` for all but one of several instances on one database),
   * then the data directory is removed. Throws when the record does not verify.
   */
  destroy(options?: { verifyRecord?: boolean }): Promise<void>;
}

/** On PostgreSQL the given DATABASE_URL's role migrates, and the API runs as the test's application role. */
export async function startApi(
  given: Record<string, string>,
  options: {
    /** The suite breaks the record on purpose and leaves it so: no full verification at its end. */
    leavesRecordBroken?: boolean;
  } = {},
): Promise<ApiInstance> {
  if (!existsSync(BUILT_API)) {
    throw new Error(`${BUILT_API} is missing: build the API first (npx nx build api)`);
  }
  const env = await withTestAppRole(given);
  const dataDir = mkdtempSync(join(tmpdir(), 'suivi-rel-api-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let output = '';
  /** Whether it ever served: one that never did wrote nothing to verify. */
  let served = false;
  const processEnv = {
    PATH: process.env['PATH'] ?? '',
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    WEB_DIR: '',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    AUTH_ATTEMPTS_PER_ADDRESS: '100000',
    AUTH_ATTEMPTS_PER_ACCOUNT: '100000',
    IMPORTS_PER_HOUR: '100000',
    MESSAGES_PER_MINUTE: '100000',
    DOWNLOADS_PER_ADDRESS: '100000',
    // Its 4xx bodies join the suite's check of the error vocabulary.
    ...(process.env['ERROR_BODIES_DIR'] ? { ERROR_BODIES_DIR: process.env['ERROR_BODIES_DIR'] } : {}),
    ...env,
  };

  const start = async () => {
    child = track(
      spawn(process.execPath, ['--expose-gc', '--require', PROBE, BUILT_API], {
        env: processEnv,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      }),
    );
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started = child;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && started.exitCode === null && started.signalCode === null) {
      try {
        if ((await fetch(`${baseUrl}/api/health`)).ok) {
          served = true;
          return;
        }
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`the API did not start (exit ${started.exitCode ?? started.signalCode}):\n${output.slice(-3000)}`);
  };

  const kill = async (signal: NodeJS.Signals) => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) {
      return;
    }
    await new Promise<void>((done) => {
      const timer = setTimeout(() => running.kill('SIGKILL'), 30_000);
      running.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      running.kill(signal);
    });
  };

  const instance: ApiInstance = {
    baseUrl,
    port,
    dataDir,
    pid: () => child?.pid,
    output: () => output,
    memory: () =>
      new Promise<MemorySample>((done, fail) => {
        const running = child;
        if (!running?.connected) {
          fail(new Error('the API process is not running'));
          return;
        }
        const timer = setTimeout(() => fail(new Error('no memory answer within 30 s')), 30_000);
        const onMessage = (message: { type?: string; rss: number; heapUsed: number }) => {
          if (message?.type === 'memory') {
            clearTimeout(timer);
            running.off('message', onMessage);
            done({ at: Date.now(), rss: message.rss, heapUsed: message.heapUsed });
          }
        };
        running.on('message', onMessage);
        running.send('memory');
      }),
    kill,
    start,
    async destroy({ verifyRecord = true } = {}) {
      await kill('SIGTERM');
      try {
        // After the stop: on the embedded database one process at a time may open DATA_DIR.
        if (served && verifyRecord && !options.leavesRecordBroken) {
          await expectRecordVerifies(processEnv);
        }
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
  try {
    await start();
  } catch (error) {
    await instance.destroy();
    throw error;
  }
  return instance;
}
