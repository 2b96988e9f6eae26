import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * PostgreSQL compiled to WASM (PGlite), served over the PostgreSQL wire protocol on a private
 * Unix socket, so TypeORM and `pg` talk to it exactly as to a server. A PGlite driver for
 * TypeORM would share one session between concurrent transactions; the socket server keeps a
 * transaction's queries to its own connection (others wait), so transactions stay isolated.
 */
export interface EmbeddedPostgres {
  /** Directory holding the socket; `pg` takes it as `host`. */
  socketDir: string;
  port: number;
  user: string;
  database: string;
  stop(): Promise<void>;
}

const SOCKET_PORT = 5432;

export async function startEmbeddedPostgres(dataDir: string, maxConnections = 10): Promise<EmbeddedPostgres> {
  const pgDir = join(dataDir, 'pgdata');
  mkdirSync(dataDir, { recursive: true });
  const releaseLock = lockDataDir(dataDir);
  try {
    const db = await PGlite.create({ dataDir: pgDir });
    const socketDir = mkdtempSync(join(tmpdir(), 'suivi-pg-'));
    const server = new PGLiteSocketServer({ db, path: join(socketDir, `.s.PGSQL.${SOCKET_PORT}`), maxConnections });
    await server.start();
    let stopped = false;
    return {
      socketDir,
      port: SOCKET_PORT,
      user: 'postgres',
      database: 'postgres',
      async stop() {
        if (stopped) {
          return;
        }
        stopped = true;
        await server.stop();
        await db.close();
        rmSync(socketDir, { recursive: true, force: true });
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/** PGlite has no lock of its own: two processes on one folder would corrupt it. */
function lockDataDir(dataDir: string): () => void {
  const lockFile = join(dataDir, 'embedded.pid');
  try {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`DATA_DIR: ${dataDir} is in use by another Suivi process (pid ${pid})`);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
