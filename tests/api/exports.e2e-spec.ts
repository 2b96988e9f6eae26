import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { parse } from 'csv-parse/sync';

import { bearer, signIn, startTestApp, type TestApp } from './support/test-app';

const VERIFY = resolve(__dirname, '../../tools/verify-export.mjs');

function verifyFile(doc: unknown, ...args: string[]): { code: number; out: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'suivi-export-')), 'export.json');
  writeFileSync(file, JSON.stringify(doc));
  try {
    return { code: 0, out: execFileSync(process.execPath, [VERIFY, file, ...args], { encoding: 'utf8' }) };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { code: e.status, out: e.stdout };
  }
}

describe('exports', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('exports commitments as CSV with the list’s filters, a BOM and neutralised formulas', async () => {
    const secretariat = await signIn(t, 'secretariat@suivi.demo');
    const [dialogue] = (await t.http().get('/api/dialogues').expect(200)).body;
    const [owner] = (await t.http().get('/api/organizations').expect(200)).body;
    await t
      .http()
      .post('/api/commitments')
      .set(bearer(secretariat))
      .send({
        dialogueId: dialogue.id,
        title: { fr: '=HYPERLINK("http://evil.example","clic")', en: 'Ségou, "Mopti"\nand Gao' },
        ownerId: owner.id,
        themes: ['justice_judiciary'],
      })
      .expect(201);
    const res = await t.http().get('/api/commitments/export.csv?theme=justice_judiciary').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="suivi-commitments-/);
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(res.text.slice(1), { columns: true }) as Array<Record<string, string>>;
    const listed = (await t.http().get('/api/commitments?theme=justice_judiciary&pageSize=100').expect(200)).body;
    expect(rows).toHaveLength(listed.total);
    const tricky = rows.find((r) => r['title_en'].startsWith('Ségou'));
    expect(tricky?.['title_en']).toBe('Ségou, "Mopti"\nand Gao');
    expect(tricky?.['title_fr']).toBe('\'=HYPERLINK("http://evil.example","clic")');
    expect(rows.every((r) => r['themes'].split(';').includes('justice_judiciary'))).toBe(true);
    await t.http().get('/api/commitments/export.csv?status=unknown').expect(400);
  });

  it('exports reports as CSV without their authors', async () => {
    const res = await t.http().get('/api/reports/export.csv?contested=true').expect(200);
    const rows = parse(res.text.slice(1), { columns: true }) as Array<Record<string, string>>;
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0])).not.toContain('author');
    expect(res.text).not.toMatch(/suivi\.demo/);
    expect(new Set(rows.map((r) => r['kind']))).toEqual(new Set(['self_report', 'independent_assessment']));
  });

  it('publishes open data that verifies offline, and detects a changed record, a rewritten chain and a kept head it no longer extends', async () => {
    const doc = (await t.http().get('/api/export.json').expect(200)).body;
    expect(doc.format).toBe('suivi-open-data/1');
    expect(doc.reports.every((r: { data: { author: unknown } }) => r.data.author === null)).toBe(true);
    expect(JSON.stringify(doc)).not.toMatch(/suivi\.demo|password|salt/);
    const head = doc.audit.head;
    const ok = verifyFile(doc, '--extends', `${head.seq}:${head.hash}`);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.out).toMatch(/^valid: \d+ records/);
    expect(ok.out).toMatch(/extends the head you kept/);

    const edited = structuredClone(doc);
    edited.reports[0].data.status = 'completed';
    expect(verifyFile(edited)).toMatchObject({ code: 1, out: expect.stringMatching(/its hash does not match its content/) });

    const rewritten = structuredClone(doc);
    rewritten.audit.links[2][2] = 'f'.repeat(64);
    expect(verifyFile(rewritten)).toMatchObject({ code: 1, out: expect.stringMatching(/audit link 4: does not follow/) });

    const kept = `${head.seq}:${'a'.repeat(64)}`;
    expect(verifyFile(doc, '--extends', kept)).toMatchObject({ code: 1, out: expect.stringMatching(/does NOT extend the head you kept/) });
    expect(verifyFile(doc, '--extends', 'nonsense').code).toBe(2);
  });
});
