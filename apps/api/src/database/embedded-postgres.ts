import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

import { keepToOwner } from '../config/data-dir';

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
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const releaseLock = lockDataDir(dataDir);
  try {
    const db = await PGlite.create({ dataDir: pgDir });
    // PGlite writes the files of a new database 0666 and its relation cache files 0644 at every
    // start, whatever the umask: they are the owner's alone.
    keepToOwner(pgDir);
    const socketDir = mkdtempSync(join(tmpdir(), 'suivi-pg-'));
    const server = new PGLiteSocketServer({
      db: keepingProtocolBatchesWhole(db),
      path: join(socketDir, `.s.PGSQL.${SOCKET_PORT}`),
      maxConnections,
    });
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

const SYNC = 0x53; // 'S'
const SIMPLE_QUERY = 0x51; // 'Q'
const EXTENDED_QUERY_MESSAGES = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]); // Parse, Bind, Describe, Execute, Close, Flush

/**
 * pglite-socket queues protocol messages one by one and keeps to one connection only while a
 * transaction is open. A query with parameters is several messages (Parse, Bind, Describe,
 * Execute, then Sync), and PGlite has one session, so another connection's Parse arriving between
 * them replaces the unnamed statement under the first: "unnamed prepared statement does not
 * exist", or a Bind run against someone else's SQL. The queue's only notion of "stay with this
 * connection" is `isInTransaction()`, so this view of the database also answers true from a
 * connection's first extended-query message until its Sync.
 */
export function keepingProtocolBatchesWhole(db: PGlite): PGlite {
  let midBatch = false;
  return new Proxy(db, {
    get(target, property, receiver) {
      switch (property) {
        case 'isInTransaction':
          return () => midBatch || target.isInTransaction();
        case 'execProtocolRawStream':
          return (message: Uint8Array, options: Parameters<PGlite['execProtocolRawStream']>[1]) => {
            const type = message[0];
            if (type === SYNC || type === SIMPLE_QUERY) {
              midBatch = false;
            } else if (EXTENDED_QUERY_MESSAGES.has(type)) {
              midBatch = true;
            }
            return target.execProtocolRawStream(message, options);
          };
        case 'exec':
          // The queue's clean-up after a connection vanished mid-batch or mid-transaction.
          return async (query: string) => {
            if (midBatch) {
              midBatch = false;
              await target.execProtocolRaw(new Uint8Array([SYNC, 0, 0, 0, 4]));
            }
            return target.exec(query);
          };
        default: {
          const value = Reflect.get(target, property, receiver) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        }
      }
    },
  });
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
