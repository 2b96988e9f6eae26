import { IMPORT_BATCH_ROWS, IMPORT_MAX_ROWS, type ImportIncomplete } from '@suivi/contracts';
import fc from 'fast-check';
import { Client } from 'pg';

import type { ImportsService } from '../../apps/api/src/imports/imports.service';
import { ImportsService as ImportsServiceToken } from '../../apps/api/src/imports/imports.service';
import { bearer, onServer, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

// DESIGN.md, the imports route: one check serves the dry run and the import; the dry run writes
// and locks nothing; the import commits in batches, and the same file sent again completes it.

describe('CSV imports: one check, batches, and a dry run that holds nobody up', () => {
  let t: TestApp;
  let secretariat: Session;
  let justice: Session;
  let dialogueId: string;
  let mjdh: string;
  let ownCommitments: string[];
  let hooks: ImportsService['testHooks'];

  const post = (path: string, session: Session, csv: string) =>
    t.http().post(path).set(bearer(session)).set('Content-Type', 'text/csv; charset=utf-8').send(csv);
  const count = async (sql: string, params: unknown[] = []) => (await t.db.query(sql, params))[0].n as number;

  beforeAll(async () => {
    t = await startTestApp({ env: { MESSAGES_PER_MINUTE: '1000' } });
    [secretariat, justice] = await Promise.all([signIn(t, 'secretariat@suivi.demo'), signIn(t, 'justice@suivi.demo')]);
    [{ id: dialogueId }] = await t.db.query('SELECT id FROM dialogues LIMIT 1');
    [{ id: mjdh }] = await t.db.query(`SELECT id FROM organizations WHERE acronym = 'MJDH'`);
    ownCommitments = ((await t.db.query('SELECT id FROM commitments WHERE owner_id = $1', [mjdh])) as Array<{ id: string }>).map(
      (r) => r.id,
    );
    hooks = t.running.app.get(ImportsServiceToken).testHooks;
  });
  afterEach(() => {
    if (hooks) {
      delete hooks.beforeBatch;
    }
  });
  afterAll(() => t?.close());

  const commitmentRow = (i: number, extra = '') =>
    `${dialogueId},Imported commitment ${i}${extra},Engagement importé ${i}${extra},${mjdh},justice_judiciary,bamako,2027-01-01,2027-12-31`;
  const commitmentsCsv = (rows: string[]) =>
    ['dialogue_id,title_en,title_fr,owner_id,themes,regions,start_date,due_date', ...rows].join('\n');

  it('writes a file cut short by a failing batch once it is sent again: every row exactly once', async () => {
    const stamp = Date.now().toString(36);
    const lines = IMPORT_BATCH_ROWS * 2 + 50;
    const csv = commitmentsCsv(Array.from({ length: lines }, (_, i) => commitmentRow(i, ` ${stamp}`)));
    const imported = () => count(`SELECT count(*)::int AS n FROM commitments WHERE title_en LIKE $1`, [`% ${stamp}`]);
    hooks.beforeBatch = (firstLine) => {
      if (firstLine > IMPORT_BATCH_ROWS + 1) {
        throw new Error('the database went away');
      }
    };
    const cut = await post('/api/imports/commitments', secretariat, csv).expect(409);
    const body = cut.body as ImportIncomplete;
    expect(body).toMatchObject({
      code: 'import_incomplete',
      created: IMPORT_BATCH_ROWS,
      written: { from: 2, to: IMPORT_BATCH_ROWS + 1 },
      firstNotWritten: IMPORT_BATCH_ROWS + 2,
    });
    expect(body.reason).toMatchObject({ line: IMPORT_BATCH_ROWS + 2, code: 'other' });
    expect(await imported()).toBe(IMPORT_BATCH_ROWS);
    delete hooks.beforeBatch;
    const dry = await post('/api/imports/commitments?dryRun=true', secretariat, csv).expect(200);
    expect(dry.body).toMatchObject({ valid: true, rows: lines });
    const completed = await post('/api/imports/commitments', secretariat, csv).expect(201);
    expect(completed.body).toMatchObject({ created: lines - IMPORT_BATCH_ROWS, unchanged: IMPORT_BATCH_ROWS });
    expect(await imported()).toBe(lines);
    const again = await post('/api/imports/commitments', secretariat, csv).expect(201);
    expect(again.body).toMatchObject({ created: 0, unchanged: lines });
    expect(await imported()).toBe(lines);
    // Each imported commitment was written once: one creation event each.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM audit_events e JOIN commitments c ON c.id::text = e.entity_id
          WHERE e.action = 'commitment.created' AND c.title_en LIKE $1`,
        [`% ${stamp}`],
      ),
    ).toBe(lines);
  });

  it(`refuses a file of more than ${IMPORT_MAX_ROWS} rows whole, naming the limit`, async () => {
    const csv = commitmentsCsv(Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) => commitmentRow(i)));
    const res = await post('/api/imports/commitments?dryRun=true', secretariat, csv).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(`body: a file may hold at most ${IMPORT_MAX_ROWS.toLocaleString('en')} rows`);
  });

  // The check and the write read the same rules whatever the database: once, in the embedded pass.
  (onServer ? it.skip : it)('says a file is valid in a dry run exactly when importing it succeeds (generated files)', async () => {
    const [{ id: otherOrg }] = await t.db.query(
      `SELECT id FROM organizations WHERE acronym <> 'MJDH' AND stakeholder_group = 'government' LIMIT 1`,
    );
    const row = fc.record({
      owner: fc.constantFrom(mjdh, mjdh, otherOrg, '00000000-0000-4000-8000-000000000000', 'not-an-id'),
      title: fc.constantFrom('Train judges', 'Former les juges', '', 'x'.repeat(600)),
      theme: fc.constantFrom('justice_judiciary', 'governance_anticorruption', 'weather'),
      dates: fc.constantFrom(['2027-01-01', '2027-12-31'], ['2027-12-31', '2027-01-01'], ['2027-01-01', ''], ['31/12/2027', '']),
      code: fc.constantFrom('', 'R1', 'R2', 'R9'),
    });
    const stamp = Date.now().toString(36);
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 6 }), fc.nat(), async (rows, salt) => {
        const csv = [
          'dialogue_id,title_en,title_fr,owner_id,themes,regions,start_date,due_date,recommendation_codes',
          ...rows.map(
            (r, i) =>
              `${dialogueId},${r.title ? `${r.title} ${stamp}-${salt}-${i}` : ''},,${r.owner},${r.theme},bamako,${r.dates[0]},${r.dates[1]},${r.code}`,
          ),
        ].join('\n');
        const dry = await post('/api/imports/commitments?dryRun=true', secretariat, csv);
        const real = await post('/api/imports/commitments', secretariat, csv);
        expect({ dry: dry.status, valid: dry.body.valid }).toEqual({ dry: 200, valid: real.status === 201 });
        expect([201, 400]).toContain(real.status);
      }),
      { numRuns: 25 },
    );
  });

  it('holds no lock and no long transaction while a 3,000-row dry run is checked, and lets a message through first', async () => {
    const header = 'commitment_id,kind,status,percent,narrative_en,narrative_fr,evidence_links';
    const csv = [
      header,
      ...Array.from(
        { length: 3000 },
        (_, i) => `${ownCommitments[i % ownCommitments.length]},self_report,in_progress,${i % 100},Row ${i},,`,
      ),
    ].join('\n');
    const [thread] = await t.db.query(`SELECT id FROM threads WHERE visibility = 'public' LIMIT 1`);
    const seen: string[] = [];
    let watcher: Client | null = null;
    let watching = true;
    const problems: string[] = [];
    if (onServer) {
      const [{ db }] = await t.db.query('SELECT current_database() AS db');
      const url = new URL(process.env['DATABASE_URL'] as string);
      url.pathname = `/${db}`;
      watcher = new Client({ connectionString: url.toString() });
      await watcher.connect();
    }
    const watch = (async () => {
      while (watching && watcher) {
        const { rows } = await watcher.query(
          `SELECT 'advisory lock' AS what FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND a.datname = current_database()
           UNION ALL
           SELECT 'transaction open ' || round(extract(epoch FROM now() - xact_start)::numeric, 1) || ' s' FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start < now() - interval '1 second'`,
        );
        problems.push(...rows.map((r: { what: string }) => r.what));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const dryRun = post('/api/imports/progress?dryRun=true', justice, csv).then((res) => {
      seen.push('dry run');
      return res;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const message = t
      .http()
      .post(`/api/threads/${thread.id}/messages`)
      .set(bearer(secretariat))
      .send({ body: 'posted during a dry run' })
      .then((res) => {
        seen.push('message');
        return res;
      });
    const [checked, posted] = await Promise.all([dryRun, message]);
    watching = false;
    await watch;
    await watcher?.end();
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ valid: true, rows: 3000 });
    expect(posted.status).toBe(201);
    expect(seen).toEqual(['message', 'dry run']);
    expect([...new Set(problems)]).toEqual([]);
  });
});
