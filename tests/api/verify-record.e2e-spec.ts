import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';

import { startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres';
import { BUILT_API, expectRecordVerifies, runBuiltApi } from './support/api-process';
import { onServer } from './support/test-app';

// The command every suite that runs the built API ends with (its teardown, after the process
// stopped): it must fail when a row was changed behind the API's back, or those teardowns prove
// nothing. The embedded pass only: what the verification catches is proven on both databases
// (audit-full-verification), and the PostgreSQL pass's teardowns run the command as the
// application role on every suite's database.
(onServer ? describe.skip : describe)("verify-record, the built API's full verification", () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'suivi-verify-record-'));
  const env = { NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };

  beforeAll(async () => {
    if (!existsSync(BUILT_API)) {
      throw new Error(`${BUILT_API} is missing: build the API first (npx nx build api)`);
    }
    // The demo data, written by the built API's own write paths.
    expect(await runBuiltApi(['seed'], env)).toMatchObject({ code: 0, stderr: '' });
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('exits 1 naming the event and the record when a report was rewritten in the database, and the teardown throws', async () => {
    // As someone holding the stopped API's files: its database opened by this process, a report
    // rewritten in replica mode (the append-only triggers do not fire).
    const embedded = await startEmbeddedPostgres(dataDir, 2);
    const client = new Client({ host: embedded.socketDir, port: embedded.port, user: embedded.user, database: embedded.database });
    let report: { id: string; seq: number };
    try {
      await client.connect();
      [report] = (
        await client.query<{ id: string; seq: number }>(
          `SELECT r.id::text AS id, (SELECT max(a.seq)::int FROM audit_records a WHERE a.record_type = 'report' AND a.record_id = r.id::text) AS seq
             FROM progress_reports r ORDER BY r.id LIMIT 1`,
        )
      ).rows;
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query(`UPDATE progress_reports SET narrative_en = 'Rewritten behind the API' WHERE id = $1`, [report.id]);
      await client.query('COMMIT');
    } finally {
      await client.end();
      await embedded.stop();
    }
    expect(report.seq).toBeGreaterThan(0);

    const result = await runBuiltApi(['verify-record'], env);
    expect(result.code).toBe(1);
    // One line of JSON on stdout; the sentence for a person on stderr.
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ valid: false, firstBrokenSeq: report.seq, brokenRecord: `report:${report.id}` });
    expect(result.stderr).toContain(`The record does not verify from event ${report.seq} (report:${report.id}).`);

    await expect(expectRecordVerifies(env)).rejects.toThrow(new RegExp(`does not verify[\\s\\S]*report:${report.id}`));
  });
});
