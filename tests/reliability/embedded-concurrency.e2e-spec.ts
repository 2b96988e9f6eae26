import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Pool } from 'pg';

import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres';

// The embedded database serves several `pg` connections from PGlite's one session. A query with
// parameters is several protocol messages (Parse, Bind, Describe, Execute, Sync): if another
// connection's Parse runs between them, the unnamed statement is replaced under the first one,
// which then fails ("unnamed prepared statement does not exist") or runs with the wrong SQL.
describe('embedded database under concurrent parameterised queries', () => {
  let dir: string;
  let embedded: EmbeddedPostgres;
  let pool: Pool;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'suivi-rel-embedded-'));
    embedded = await startEmbeddedPostgres(dir, 12);
    pool = new Pool({
      host: embedded.socketDir,
      port: embedded.port,
      user: embedded.user,
      database: embedded.database,
      max: 10,
      // Without the fix the protocol goes out of step and an answer may never come: fail, not hang.
      query_timeout: 20_000,
    });
    pool.on('error', () => undefined);
  }, 120_000);
  afterAll(async () => {
    await pool?.end();
    await embedded?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every query with its own statement and its own parameters', async () => {
    await pool.query('CREATE TABLE IF NOT EXISTS probe (n int PRIMARY KEY, label text NOT NULL)');
    const failures: string[] = [];
    const one = async (i: number) => {
      try {
        // Different SQL texts and parameter counts, so a swapped statement cannot pass unnoticed.
        switch (i % 3) {
          case 0: {
            const { rows } = await pool.query<{ v: number; tag: string }>('SELECT $1::int AS v, $2::text AS tag', [i, `t${i}`]);
            if (rows[0]?.v !== i || rows[0]?.tag !== `t${i}`) {
              failures.push(`${i}: ${JSON.stringify(rows)}`);
            }
            break;
          }
          case 1: {
            // Inside a transaction, as every write of the API is.
            const client = await pool.connect();
            try {
              await client.query('BEGIN');
              await client.query('INSERT INTO probe (n, label) VALUES ($1, $2)', [i, `row ${i}`]);
              const { rows } = await client.query<{ label: string }>('SELECT label FROM probe WHERE n = $1', [i]);
              if (rows[0]?.label !== `row ${i}`) {
                failures.push(`${i}: ${JSON.stringify(rows)}`);
              }
              await client.query('COMMIT');
            } finally {
              client.release();
            }
            break;
          }
          default: {
            const { rows } = await pool.query<{ w: string }>('SELECT ($1::int * 2)::text AS w', [i]);
            if (rows[0]?.w !== String(i * 2)) {
              failures.push(`${i}: ${JSON.stringify(rows)}`);
            }
          }
        }
      } catch (error) {
        failures.push(`${i}: ${(error as Error).message}`);
      }
    };
    await Promise.all(Array.from({ length: 600 }, (_, i) => one(i)));
    expect(failures.slice(0, 10)).toEqual([]);
    const { rows } = await pool.query<{ n: number; label: string }>('SELECT n, label FROM probe ORDER BY n');
    expect(rows).toEqual(Array.from({ length: 200 }, (_, k) => ({ n: 3 * k + 1, label: `row ${3 * k + 1}` })));
  });
});
