import { parse } from 'csv-parse/sync';

import { bearer, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

describe('CSV imports', () => {
  let t: TestApp;
  let secretariat: Session;
  let justice: Session;
  let dialogueId: string;
  let mjdh: string;

  const post = (path: string, session: Session, csv: string) =>
    t.http().post(path).set(bearer(session)).set('Content-Type', 'text/csv; charset=utf-8').send(csv);
  const count = async (table: string) => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
  const events = () => count('audit_events');

  beforeAll(async () => {
    t = await startTestApp();
    [secretariat, justice] = await Promise.all([signIn(t, 'secretariat@suivi.demo'), signIn(t, 'justice@suivi.demo')]);
    [{ id: dialogueId }] = await t.db.query('SELECT id FROM dialogues LIMIT 1');
    [{ id: mjdh }] = await t.db.query(`SELECT id FROM organizations WHERE acronym = 'MJDH'`);
  });
  afterAll(() => t?.close());

  const commitmentsCsv = (rows: string[]) =>
    ['dialogue_id,title_en,title_fr,owner_id,themes,regions,start_date,due_date,recommendation_codes', ...rows].join('\n');

  it('lists every row’s errors by line and column in a dry run, and writes nothing', async () => {
    const before = [await count('commitments'), await events()];
    const csv = commitmentsCsv([
      `${dialogueId},Train judges,Former les juges,${mjdh},justice_judiciary,bamako,2027-01-01,2027-12-31,R1`,
      `${dialogueId},,,${mjdh},weather,bamako,2027-01-01,2027-12-31,R1`,
      `${dialogueId},Third,Troisième,${mjdh},justice_judiciary,paris,2027-01-01,31/12/2027,R9`,
    ]);
    const res = await post('/api/imports/commitments?dryRun=true', secretariat, csv).expect(200);
    expect(res.body).toMatchObject({ valid: false, rows: 3 });
    const where = res.body.errors.map((e: { line: number; column: string }) => `${e.line}:${e.column}`);
    expect(where).toEqual(expect.arrayContaining(['3:title_en', '3:themes', '4:recommendation_codes']));
    expect([await count('commitments'), await events()]).toEqual(before);
  });

  it('gives every problem a stable code and the params a screen needs to say it in French, beside the English message', async () => {
    const header = 'dialogue_id,title_en,title_fr,owner_id,themes,regions,start_date,due_date,recommendation_codes';
    const rowsCsv = [
      `${dialogueId},,,${mjdh},weather,bamako,2027-01-01,31/12/2027,R1`,
      `${dialogueId},Fine,Bien,${mjdh},justice_judiciary,bamako,,,R9;R8`,
    ];
    const unknownColumn = [`${header},colour`, ...rowsCsv.map((r) => `${r},red`)].join('\n');
    expect((await post('/api/imports/commitments?dryRun=true', secretariat, unknownColumn).expect(200)).body.errors).toEqual([
      { line: 1, column: 'colour', code: 'column_unknown', params: { column: 'colour' }, message: 'unknown column colour' },
    ]);

    const rows = (await post('/api/imports/commitments?dryRun=true', secretariat, [header, ...rowsCsv].join('\n')).expect(200)).body;
    const problems = rows.errors.map((e: { line: number; column: string; code: string; params: object }) => ({
      line: e.line,
      column: e.column,
      code: e.code,
      params: e.params,
    }));
    expect(problems).toEqual(
      expect.arrayContaining([
        { line: 2, column: 'title_en', code: 'one_language', params: { column: 'title_en' } },
        {
          line: 2,
          column: 'themes',
          code: 'not_allowed',
          params: { column: 'themes', allowed: expect.stringContaining('justice_judiciary') },
        },
        { line: 2, column: 'due_date', code: 'date', params: { column: 'due_date' } },
        {
          line: 3,
          column: 'recommendation_codes',
          code: 'unknown_recommendation_code',
          params: { column: 'recommendation_codes', codes: 'R9, R8' },
        },
      ]),
    );
    for (const e of rows.errors) {
      expect(e.message).toEqual(expect.any(String));
      expect(e.code).not.toBe('other');
    }

    const [own] = await t.db.query(`SELECT id FROM commitments WHERE owner_id = $1 LIMIT 1`, [mjdh]);
    const progress = [
      'commitment_id,kind,status,percent,narrative_en,narrative_fr,evidence_links',
      `${own.id},self_report,in_progress,150,Half way,,ftp://example.org/a.pdf`,
      `nonsense,self_report,in_progress,,Half way,,`,
    ].join('\n');
    const reports = (await post('/api/imports/progress?dryRun=true', justice, progress).expect(200)).body;
    expect(reports.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 2, column: 'percent', code: 'max', params: { column: 'percent', max: 100 } }),
        expect.objectContaining({ line: 2, column: 'evidence_links', code: 'url' }),
        expect.objectContaining({ line: 3, column: 'commitment_id', code: 'unknown_commitment' }),
      ]),
    );
  });

  it('refuses a file with one bad row as a whole (400 naming the row and column) and writes nothing', async () => {
    const before = [await count('commitments'), await events()];
    const csv = commitmentsCsv([
      `${dialogueId},Good row,Bonne ligne,${mjdh},justice_judiciary,bamako,2027-01-01,2027-12-31,R1`,
      `${dialogueId},Bad row,Mauvaise ligne,${mjdh},justice_judiciary,bamako,2027-01-01,2026-01-01,R1`,
    ]);
    const res = await post('/api/imports/commitments', secretariat, csv).expect(400);
    expect(res.body.errors).toEqual([
      {
        line: 3,
        column: 'due_date',
        code: 'date_order',
        params: { column: 'due_date', after: 'startDate' },
        message: expect.stringMatching(/^dueDate/),
      },
    ]);
    expect([await count('commitments'), await events()]).toEqual(before);
  });

  it('imports a valid file as ordinary audited writes, and the dry run of the same file says valid', async () => {
    const csv = commitmentsCsv([
      `${dialogueId},"Open a registry in Gao, ""north""","Ouvrir un greffe à Gao",${mjdh},justice_judiciary;governance_anticorruption,gao,2027-01-01,2027-12-31,R1;R2`,
      `${dialogueId},'=Formula looking title,Titre,${mjdh},justice_judiciary,mopti,,,`,
    ]);
    expect((await post('/api/imports/commitments?dryRun=true', secretariat, csv).expect(200)).body).toMatchObject({
      valid: true,
      rows: 2,
      errors: [],
    });
    const before = await events();
    const res = await post('/api/imports/commitments', secretariat, csv).expect(201);
    expect(res.body).toMatchObject({ valid: true, rows: 2, created: 2, updated: 0 });
    // Each commitment: its creation and its public thread.
    expect(await events()).toBe(before + 4);
    const [gao] = await t.db.query(`SELECT title_en, themes FROM commitments WHERE title_fr = 'Ouvrir un greffe à Gao'`);
    expect(gao).toEqual({ title_en: 'Open a registry in Gao, "north"', themes: ['justice_judiciary', 'governance_anticorruption'] });
    const [formula] = await t.db.query(`SELECT title_en FROM commitments WHERE title_fr = 'Titre'`);
    expect(formula.title_en).toBe('=Formula looking title');
    await post('/api/imports/commitments', justice, csv).expect(403);
  });

  it('round-trips the export: accents, commas, quotes, newlines and neutralised formulas come back as they were', async () => {
    const exported = (await t.http().get('/api/commitments/export.csv?q=Gao').expect(200)).text;
    const before = (parse(exported.slice(1), { columns: true }) as Array<Record<string, string>>).find(
      (r) => r['title_fr'] === 'Ouvrir un greffe à Gao',
    );
    expect(before).toBeDefined();
    const versions = async () => (await t.db.query(`SELECT id, version FROM commitments ORDER BY id`)) as unknown[];
    const versionsBefore = await versions();
    const res = await post('/api/imports/commitments', secretariat, exported).expect(201);
    // Sending an export back changes nothing: no write, no new version, no audit event.
    expect(res.body).toMatchObject({ created: 0, updated: 0 });
    expect(res.body.unchanged).toBeGreaterThan(0);
    expect(await versions()).toEqual(versionsBefore);
    const again = (await t.http().get('/api/commitments/export.csv?q=Gao').expect(200)).text;
    const after = (parse(again.slice(1), { columns: true }) as Array<Record<string, string>>).find((r) => r['id'] === before?.['id']);
    const stable = (r?: Record<string, string>) => ({ ...r, last_report_at: '', overdue: '' });
    expect(stable(after)).toEqual(stable(before));
    // One cell changed is one row updated.
    const edited = exported.replace('Ouvrir un greffe à Gao', 'Ouvrir un greffe à Gao et à Kidal');
    const changed = await post('/api/imports/commitments', secretariat, edited).expect(201);
    expect(changed.body).toMatchObject({ created: 0, updated: 1 });
  });

  it('imports progress for the importer’s own organisation’s commitments only, and skips what the export already holds', async () => {
    const [own] = await t.db.query(`SELECT id FROM commitments WHERE owner_id = $1 LIMIT 1`, [mjdh]);
    const [other] = await t.db.query(`SELECT id FROM commitments WHERE owner_id <> $1 LIMIT 1`, [mjdh]);
    const header = 'commitment_id,kind,status,percent,narrative_en,narrative_fr,evidence_links';
    const bad = [
      header,
      `${own.id},self_report,in_progress,50,Half way,À mi-chemin,https://example.org/a.pdf`,
      `${other.id},self_report,completed,,Done,,`,
    ].join('\n');
    const refused = await post('/api/imports/progress', justice, bad).expect(400);
    expect(refused.body.errors).toEqual([
      {
        line: 3,
        column: 'commitment_id',
        code: 'forbidden',
        params: { column: 'commitment_id' },
        message: expect.stringMatching(/owner organisation/),
      },
    ]);
    const good = [
      header,
      `${own.id},self_report,in_progress,50,"Half way, with ""quotes""
and a new line",À mi-chemin,https://example.org/a.pdf https://example.org/b.pdf`,
    ].join('\n');
    const done = await post('/api/imports/progress', justice, good).expect(201);
    expect(done.body).toMatchObject({ created: 1, unchanged: 0 });
    const [report] = await t.db.query(
      `SELECT narrative_en, evidence_links FROM progress_reports WHERE commitment_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [own.id],
    );
    expect(report).toEqual({
      narrative_en: 'Half way, with "quotes"\nand a new line',
      evidence_links: ['https://example.org/a.pdf', 'https://example.org/b.pdf'],
    });

    const exported = (await t.http().get(`/api/reports/export.csv?owner=${mjdh}`).expect(200)).text;
    const reimport = await post('/api/imports/progress', justice, exported).expect(201);
    expect(reimport.body.created).toBe(0);
    expect(reimport.body.unchanged).toBeGreaterThan(0);
  });

  it('answers a body that is not CSV with a 400', async () => {
    await post('/api/imports/progress', justice, '').expect(400);
    await post('/api/imports/commitments?dryRun=true', secretariat, 'a,b\n"unclosed')
      .expect(200)
      .expect((res) => {
        expect(res.body.valid).toBe(false);
      });
    await t.http().post('/api/imports/commitments').set(bearer(secretariat)).send({ not: 'csv' }).expect(400);
  });
});
