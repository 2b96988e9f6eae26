import { createHash } from 'node:crypto';

import { IMPORT_BATCH_ROWS, IMPORT_MAX_ROWS, type ImportIncomplete } from '@suivi/contracts';
import fc from 'fast-check';
import { Client } from 'pg';

import type { ImportsService } from '../../apps/api/src/imports/imports.service';
import { DomainEvents } from '../../apps/api/src/events/domain-events';
import { importedId, ImportsService as ImportsServiceToken } from '../../apps/api/src/imports/imports.service';
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
      delete hooks.batchMs;
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
    const batches: number[] = [];
    // 200 rows a batch whatever they take, so the lines written are known in advance.
    hooks.batchMs = Infinity;
    hooks.beforeBatch = (firstLine) => {
      batches.push(firstLine);
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
    expect(batches).toEqual([2, IMPORT_BATCH_ROWS + 2]);
    hooks.beforeBatch = (firstLine) => batches.push(firstLine);
    batches.length = 0;
    const dry = await post('/api/imports/commitments?dryRun=true', secretariat, csv).expect(200);
    expect(dry.body).toMatchObject({ valid: true, rows: lines });
    // The dry run wrote no batch; the second sending writes what is missing, 200 rows at most a batch.
    expect(batches).toEqual([]);
    const completed = await post('/api/imports/commitments', secretariat, csv).expect(201);
    expect(completed.body).toMatchObject({ created: lines - IMPORT_BATCH_ROWS, unchanged: IMPORT_BATCH_ROWS });
    expect(IMPORT_BATCH_ROWS).toBeLessThanOrEqual(200);
    expect(batches).toEqual([IMPORT_BATCH_ROWS + 2, 2 * IMPORT_BATCH_ROWS + 2]);
    expect(await imported()).toBe(lines);
    // Each created as the UUIDv5 of the importer, the file's sha256 and its line.
    const file = createHash('sha256').update(csv).digest('hex');
    const ids = (await t.db.query(`SELECT id FROM commitments WHERE title_en LIKE $1`, [`% ${stamp}`])) as Array<{ id: string }>;
    expect(ids.map((r) => r.id).sort()).toEqual(
      Array.from({ length: lines }, (_, i) => importedId({ id: secretariat.userId }, file, i + 2)).sort(),
    );
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

  it('ends a batch once it has been writing for a quarter of a second, so a message sent meanwhile waits for that batch only', async () => {
    const stamp = Date.now().toString(36);
    const lines = 600;
    const csv = [
      'commitment_id,kind,status,percent,narrative_en,narrative_fr,evidence_links',
      ...Array.from(
        { length: lines },
        (_, i) => `${ownCommitments[i % ownCommitments.length]},self_report,in_progress,${i % 100},Batch ${stamp} ${i},,`,
      ),
    ].join('\n');
    const [thread] = await t.db.query(`SELECT id FROM threads WHERE visibility = 'public' LIMIT 1`);
    const batches: number[] = [];
    let message: Promise<number> | null = null;
    hooks.beforeBatch = (firstLine) => {
      batches.push(firstLine);
      if (batches.length === 2) {
        // Sent while the second batch holds the audit lock (the only session, embedded).
        const sent = Date.now();
        message = t
          .http()
          .post(`/api/threads/${thread.id}/messages`)
          .set(bearer(secretariat))
          .send({ body: `posted during an import ${stamp}` })
          .then((res) => {
            expect(res.status).toBe(201);
            return Date.now() - sent;
          });
      }
    };
    const started = Date.now();
    const res = await post('/api/imports/progress', justice, csv).expect(201);
    const took = Date.now() - started;
    const waited = await (message as Promise<number> | null);
    expect(res.body).toMatchObject({ created: lines });
    expect(await count(`SELECT count(*)::int AS n FROM progress_reports WHERE narrative_en LIKE $1`, [`Batch ${stamp} %`])).toBe(lines);
    // Every line in one batch, in order, none of more than 200 rows.
    const sizes = batches.map((line, i) => (batches[i + 1] ?? lines + 2) - line);
    expect(batches[0]).toBe(2);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(lines);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(IMPORT_BATCH_ROWS);
    process.stdout.write(
      `${lines}-row import on ${t.backend}: ${took} ms in ${batches.length} batches (largest ${Math.max(...sizes)} rows); a message sent as the second began: ${waited} ms\n`,
    );
    expect(waited).toBeLessThan(1500);
  });

  it('pushes the dashboard’s totals with the last batch, and at most once a second before it', async () => {
    const stamp = Date.now().toString(36);
    const heard: number[] = [];
    t.running.app.get(DomainEvents).after('dashboard.updated', () => void heard.push(Date.now()));
    const batches: number[] = [];
    hooks.batchMs = 0;
    hooks.beforeBatch = (firstLine) => batches.push(firstLine);
    const started = Date.now();
    await post(
      '/api/imports/commitments',
      secretariat,
      commitmentsCsv(Array.from({ length: 12 }, (_, i) => commitmentRow(i, ` ${stamp}`))),
    ).expect(201);
    const took = Date.now() - started;
    // Heard after each commit, in order; the last may still be on its way.
    for (let i = 0; i < 40 && heard.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // One row a batch: twelve batches, and a push for the first, the last, and one a second between.
    expect(batches).toHaveLength(12);
    expect(heard.length).toBeGreaterThanOrEqual(2);
    expect(heard.length).toBeLessThanOrEqual(2 + Math.floor(took / 1000));
  });

  it(`refuses a file of more than ${IMPORT_MAX_ROWS} rows whole, checked or imported, with a 400 naming the limit`, async () => {
    const csv = commitmentsCsv(Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) => commitmentRow(i)));
    const before = await count('SELECT count(*)::int AS n FROM commitments');
    for (const path of ['/api/imports/commitments?dryRun=true', '/api/imports/commitments']) {
      const res = await post(path, secretariat, csv).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(`body: a file may hold at most ${IMPORT_MAX_ROWS.toLocaleString('en')} rows`);
      // A code and the counts, for a screen to say it in its language.
      expect(res.body).toMatchObject({ code: 'import_too_many_rows', rows: IMPORT_MAX_ROWS + 1, maxRows: IMPORT_MAX_ROWS });
    }
    expect(await count('SELECT count(*)::int AS n FROM commitments')).toBe(before);
  });

  // The check and the write read the same rules whatever the database: once, in the embedded pass.
  (onServer ? it.skip : it)('says a file is valid in a dry run exactly when importing it succeeds (generated files)', async () => {
    const [{ id: otherOrg }] = await t.db.query(
      `SELECT id FROM organizations WHERE acronym <> 'MJDH' AND stakeholder_group = 'government' LIMIT 1`,
    );
    // Rows drawn mostly from valid values, so that files of several rows are valid often enough.
    const fields = (valid: boolean) =>
      fc.record({
        owner: fc.constantFrom(mjdh, otherOrg, ...(valid ? [] : ['00000000-0000-4000-8000-000000000000', 'not-an-id'])),
        title: fc.constantFrom('Train judges', 'Former les juges', ...(valid ? [] : ['', 'x'.repeat(600)])),
        theme: fc.constantFrom('justice_judiciary', 'governance_anticorruption', ...(valid ? [] : ['weather'])),
        dates: fc.constantFrom(
          ['2027-01-01', '2027-12-31'],
          ['2027-01-01', ''],
          ...(valid
            ? []
            : [
                ['2027-12-31', '2027-01-01'],
                ['31/12/2027', ''],
              ]),
        ),
        code: fc.constantFrom('', 'R1', ...(valid ? [] : ['R2', 'R9'])),
      });
    const row = fc.oneof({ arbitrary: fields(true), weight: 4 }, { arbitrary: fields(false), weight: 1 });
    const stamp = Date.now().toString(36);
    let validFiles = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 4 }), fc.nat(), async (rows, salt) => {
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
        validFiles += real.status === 201 ? 1 : 0;
      }),
      { numRuns: 25 },
    );
    // Both answers were seen: the property is not proved by invalid files alone.
    expect(validFiles).toBeGreaterThanOrEqual(1);
    expect(validFiles).toBeLessThan(25);
  });

  (onServer ? it.skip : it)('says a progress file is valid in a dry run exactly when importing it succeeds (generated files)', async () => {
    const [{ id: otherOwned }] = await t.db.query('SELECT id FROM commitments WHERE owner_id <> $1 LIMIT 1', [mjdh]);
    // Rows drawn mostly from valid values, so that files of several rows are valid often enough.
    const fields = (valid: boolean) =>
      fc.record({
        commitment: fc.constantFrom(
          ...[ownCommitments[0], ownCommitments[1]],
          ...(valid ? [] : [otherOwned, '00000000-0000-4000-8000-000000000000', 'nope']),
        ),
        kind: fc.constantFrom('self_report', ...(valid ? [] : ['independent_assessment', 'verdict'])),
        status: fc.constantFrom('in_progress', 'stalled', ...(valid ? [] : ['completed', 'finished'])),
        percent: fc.constantFrom('', '40', ...(valid ? [] : ['100', '150', 'half'])),
        narrative: fc.constantFrom(
          ['Les juges sont nommés', ''],
          ['', 'Judges appointed'],
          ...(valid
            ? []
            : [
                ['', ''],
                ['x'.repeat(20_001), ''],
              ]),
        ),
        link: fc.constantFrom('', 'https://example.org/decret', ...(valid ? [] : ['javascript:alert(1)'])),
      });
    const row = fc.oneof({ arbitrary: fields(true), weight: 4 }, { arbitrary: fields(false), weight: 1 });
    let validFiles = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 4 }), fc.nat(), async (rows, salt) => {
        const csv = [
          'commitment_id,kind,status,percent,narrative_fr,narrative_en,evidence_links',
          ...rows.map(
            (r, i) =>
              `${r.commitment},${r.kind},${r.status},${r.percent},${r.narrative[0] ? `${r.narrative[0]} ${salt}-${i}` : ''},${r.narrative[1]},${r.link}`,
          ),
        ].join('\n');
        const dry = await post('/api/imports/progress?dryRun=true', justice, csv);
        const real = await post('/api/imports/progress', justice, csv);
        expect({ dry: dry.status, valid: dry.body.valid }).toEqual({ dry: 200, valid: real.status === 201 });
        expect([201, 400]).toContain(real.status);
        validFiles += real.status === 201 ? 1 : 0;
      }),
      { numRuns: 20 },
    );
    // Both answers were seen: the property is not proved by invalid files alone.
    expect(validFiles).toBeGreaterThanOrEqual(1);
    expect(validFiles).toBeLessThan(20);
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
    let samples = 0;
    // The message's own write takes the audit lock for a moment: a lock seen while it is on its
    // way is the message's, not the dry run's (which opens no transaction, so could hold none).
    let messageInFlight = false;
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
        const during = messageInFlight;
        const { rows } = await watcher.query(
          `SELECT 'advisory' AS kind, 'advisory lock held by ' || l.pid || ': ' || left(a.query, 60) AS what
             FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND a.datname = current_database()
           UNION ALL
           SELECT 'transaction', 'transaction open ' || round(extract(epoch FROM now() - xact_start)::numeric, 1) || ' s by ' || pid || ': ' || left(query, 60)
             FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start < now() - interval '1 second'`,
        );
        samples += 1;
        problems.push(
          ...rows
            .filter((r: { kind: string }) => r.kind === 'transaction' || !(during || messageInFlight))
            .map((r: { what: string }) => r.what),
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const started = Date.now();
    const timings: Record<string, number> = {};
    const dryRun = post('/api/imports/progress?dryRun=true', justice, csv).then((res) => {
      seen.push('dry run');
      timings['dry run'] = Date.now() - started;
      return res;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    messageInFlight = true;
    const messageSent = Date.now();
    const message = t
      .http()
      .post(`/api/threads/${thread.id}/messages`)
      .set(bearer(secretariat))
      .send({ body: 'posted during a dry run' })
      .then((res) => {
        messageInFlight = false;
        seen.push('message');
        timings['message'] = Date.now() - messageSent;
        return res;
      });
    const [checked, posted] = await Promise.all([dryRun, message]);
    watching = false;
    await watch;
    await watcher?.end();
    process.stdout.write(
      `3,000-row dry run on ${t.backend}: ${timings['dry run']} ms; a message posted 300 ms in: answered in ${timings['message']} ms; ${samples} samples of pg_locks and pg_stat_activity\n`,
    );
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ valid: true, rows: 3000 });
    expect(posted.status).toBe(201);
    expect(seen).toEqual(['message', 'dry run']);
    if (onServer) {
      // Sampled all along the dry run, every 50 ms or so.
      expect(samples).toBeGreaterThanOrEqual(Math.floor(timings['dry run'] / 200));
    }
    expect([...new Set(problems)]).toEqual([]);
  });
});

describe('CSV imports: a per-person limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { IMPORTS_PER_HOUR: '2' } });
  });
  afterAll(() => t?.close());

  it('answers a person’s third check or import of the hour with a 429 and Retry-After, writing nothing, and holds nobody else', async () => {
    const [justice, other] = await Promise.all([signIn(t, 'justice@suivi.demo'), signIn(t, 'secretariat@suivi.demo')]);
    const [{ id: commitmentId }] = await t.db.query(
      `SELECT c.id FROM commitments c JOIN organizations o ON o.id = c.owner_id WHERE o.acronym = 'MJDH' LIMIT 1`,
    );
    const csv = `commitment_id,kind,status,narrative_fr\n${commitmentId},self_report,in_progress,Limite par personne`;
    const post = (session: Session, dryRun: boolean) =>
      t
        .http()
        .post(`/api/imports/progress${dryRun ? '?dryRun=true' : ''}`)
        .set(bearer(session))
        .set('Content-Type', 'text/csv; charset=utf-8')
        .send(csv);
    const written = async () =>
      (await t.db.query(`SELECT count(*)::int AS n FROM progress_reports WHERE narrative_fr = 'Limite par personne'`))[0].n as number;
    await post(justice, true).expect(200);
    await post(justice, true).expect(200);
    const refused = await post(justice, false).expect(429);
    expect(refused.body.message).toMatch(/^You have sent 2 imports in the last hour: wait \d+ min before the next$/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await written()).toBe(0);
    // Counted per person: someone else still may.
    await post(other, true).expect(200);
  });
});
