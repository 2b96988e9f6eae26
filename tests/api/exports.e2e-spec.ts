import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { OpenDataInfoView } from '@suivi/contracts';
import { parse } from 'csv-parse/sync';

import { OpenDataService } from '../../apps/api/src/exports/open-data.service';
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

  /** The export as the public downloads it, generated first (a request never starts one). */
  async function exportNow(): Promise<OpenData> {
    await t.running.app.get(OpenDataService).generate({ force: true, wait: true });
    return (await t.http().get('/api/export.json').expect(200)).body as OpenData;
  }

  /** A change made as the tables' owner could, triggers off for one transaction; and its undoing. */
  async function asOwner(sql: string, params: unknown[]): Promise<void> {
    await t.adminDb.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(sql, params);
    });
  }

  it('describes the latest export at /api/open-data as the file is served, and both say export_not_ready before the first', async () => {
    const openData = t.running.app.get(OpenDataService);
    // No generation under way, then no export at all: as on a first start before the first one is written.
    await openData.generate({ force: true, wait: true });
    await t.db.query('DELETE FROM open_data_exports');
    for (const path of ['/api/open-data', '/api/export.json']) {
      const res = await t.http().get(path).expect(503);
      expect({ path, body: res.body, retryAfter: res.headers['retry-after'] }).toEqual({
        path,
        body: expect.objectContaining({ statusCode: 503, code: 'export_not_ready' }),
        retryAfter: '30',
      });
    }

    await openData.generate({ force: true, wait: true });
    const info = (await t.http().get('/api/open-data').expect(200)).body as OpenDataInfoView;
    const file = await t.http().get('/api/export.json').expect(200);
    const doc = file.body as OpenData;
    expect(info).toEqual({
      format: 'suivi-open-data/2',
      headSeq: doc.head?.seq,
      headHash: doc.head?.hash,
      generatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      // The bytes stored (the answer itself may travel compressed, without a content-length).
      size: Buffer.byteLength(file.text, 'utf8'),
      fileName: expect.stringMatching(new RegExp(`^suivi-open-data-\\d{4}-\\d{2}-\\d{2}-${doc.head?.seq}\\.json$`)),
      download: '/api/export.json',
    });
    expect(file.headers['content-disposition']).toBe(`attachment; filename="${info.fileName}"`);
    expect(info.generatedAt.slice(0, 10)).toBe(info.fileName.slice('suivi-open-data-'.length, 'suivi-open-data-'.length + 10));
  });

  it('publishes open data that verifies offline: every v2 text, each public record with its salt and binding, the head it covers', async () => {
    const doc = await exportNow();
    expect(doc.format).toBe('suivi-open-data/2');
    const head = doc.head as { seq: number; hash: string };
    const ok = verifyFile(doc, '--extends', `${head.seq}:${head.hash}`);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.out).toMatch(/^valid: \d+ records/);
    expect(ok.out).toMatch(/extends the head you kept/);
    // Served with its head as the ETag: a client that has it gets a 304, and nothing is generated.
    const res = await t.http().get('/api/export.json').expect(200);
    expect(res.headers['etag']).toBe(`"${head.hash}"`);
    await t.http().get('/api/export.json').set('if-none-match', res.headers['etag']).expect(304);
    expect(new Set(doc.records.map((r) => r.type))).toEqual(
      new Set([
        'organization',
        'dialogue',
        'recommendation',
        'commitment',
        'report',
        'verification',
        'milestone',
        'thread',
        'message',
        'round',
        'request',
      ]),
    );

    const kept = `${head.seq}:${'a'.repeat(64)}`;
    expect(verifyFile(doc, '--extends', kept)).toMatchObject({ code: 1, out: expect.stringMatching(/does NOT extend the head you kept/) });
    expect(verifyFile(doc, '--extends', 'nonsense').code).toBe(2);
    const edited = structuredClone(doc);
    // Another status than the one it has, whichever report comes first (ids are random).
    const report = edited.records.find((r) => r.type === 'report') as OpenRecord;
    report.data['status'] = report.data['status'] === 'completed' ? 'stalled' : 'completed';
    expect(verifyFile(edited)).toMatchObject({ code: 1, out: expect.stringMatching(/does not match what event \d+ bound/) });
  });

  it('names no account but members writing in public under their name, no private action, no earlier salt', async () => {
    const doc = await exportNow();
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/suivi\.demo|password|email|user\.(registered|approved|confirmed|reset|password|created|suspended)/);
    const named = new Set(
      (
        (await t.db.query(
          `SELECT DISTINCT m.author_id::text AS id FROM messages m JOIN threads th ON th.id = m.thread_id
          WHERE th.visibility = 'public' AND NOT m.pseudonymous`,
        )) as Array<{ id: string }>
      ).map((r) => r.id),
    );
    const accounts = (await t.db.query('SELECT id::text AS id, display_name FROM users')) as Array<{ id: string; display_name: string }>;
    for (const account of accounts.filter((a) => !named.has(a.id))) {
      expect(text).not.toContain(account.id);
      expect(text).not.toContain(account.display_name);
    }
    // Only the latest binding's salt of each record: an earlier one would let a guess at old words be tested.
    const salts = new Set(doc.records.map((r) => r.salt));
    const earlier = (await t.db.query(
      `SELECT a.salt FROM audit_records a WHERE a.salt IS NOT NULL
          AND EXISTS (SELECT 1 FROM audit_records b WHERE b.record_type = a.record_type AND b.record_id = a.record_id AND b.seq > a.seq)`,
    )) as Array<{ salt: string }>;
    expect(earlier.length).toBeGreaterThan(0);
    expect(earlier.filter((e) => salts.has(e.salt))).toEqual([]);
  });

  it('is refused offline when taken after a report rewritten, a verification inserted, an event’s text changed or a quiet purge', async () => {
    const [report] = (await t.db.query(`SELECT id, narrative_en FROM progress_reports WHERE narrative_en IS NOT NULL LIMIT 1`)) as Array<{
      id: string;
      narrative_en: string;
    }>;
    const cases: Array<{ tamper: () => Promise<unknown>; restore: () => Promise<unknown>; says: RegExp }> = [
      {
        tamper: () => asOwner('UPDATE progress_reports SET narrative_en = $2 WHERE id = $1', [report.id, 'Done, all of it.']),
        restore: () => asOwner('UPDATE progress_reports SET narrative_en = $2 WHERE id = $1', [report.id, report.narrative_en]),
        says: new RegExp(`record report:${report.id}: does not match`),
      },
    ];
    const [unverified] = (await t.db.query(
      `SELECT p.id, p.organization_id FROM progress_reports p WHERE NOT EXISTS (SELECT 1 FROM report_verifications v WHERE v.report_id = p.id) LIMIT 1`,
    )) as Array<{ id: string; organization_id: string }>;
    cases.push({
      tamper: () =>
        t.adminDb.query('INSERT INTO report_verifications (report_id, organization_id) VALUES ($1, $2)', [
          unverified.id,
          unverified.organization_id,
        ]),
      restore: () => asOwner('DELETE FROM report_verifications WHERE report_id = $1', [unverified.id]),
      says: /record verification:[0-9a-f-]+: no event binds it/,
    });
    const [event] = (await t.db.query(
      `SELECT seq, canonical FROM audit_events WHERE v = 2 AND canonical LIKE '%"records"%' ORDER BY seq DESC LIMIT 1`,
    )) as Array<{
      seq: string;
      canonical: string;
    }>;
    cases.push({
      tamper: () =>
        asOwner('UPDATE audit_events SET canonical = $2 WHERE seq = $1', [
          event.seq,
          event.canonical.replace(/"sealed":"[0-9a-f]/, '"sealed":"x'),
        ]),
      restore: () => asOwner('UPDATE audit_events SET canonical = $2 WHERE seq = $1', [event.seq, event.canonical]),
      says: new RegExp(`event ${event.seq}: its hash is not that of its text`),
    });
    const [message] = (await t.db.query(
      `SELECT m.id, m.body FROM messages m JOIN threads th ON th.id = m.thread_id WHERE th.visibility = 'public' AND m.state = 'visible' LIMIT 1`,
    )) as Array<{ id: string; body: string }>;
    cases.push({
      tamper: () => asOwner(`UPDATE messages SET body = '' WHERE id = $1`, [message.id]),
      restore: () => asOwner('UPDATE messages SET body = $2 WHERE id = $1', [message.id, message.body]),
      says: new RegExp(`record message:${message.id}: does not match`),
    });
    for (const change of cases) {
      await change.tamper();
      try {
        expect(verifyFile(await exportNow())).toMatchObject({ code: 1, out: expect.stringMatching(change.says) });
      } finally {
        await change.restore();
      }
      expect(verifyFile(await exportNow())).toMatchObject({ code: 0 });
    }
  });

  it('verifies after a legitimate purge, which leaves the message without its words', async () => {
    const secretariat = await signIn(t, 'secretariat@suivi.demo');
    const [event] = (await t.db.query(
      `SELECT e.seq, e.entity_id FROM audit_events e JOIN messages m ON m.id::text = e.entity_id JOIN threads th ON th.id = m.thread_id
        WHERE e.action = 'message.created' AND th.visibility = 'public' AND e.purged_at IS NULL LIMIT 1`,
    )) as Array<{ seq: string; entity_id: string }>;
    await t.http().post(`/api/audit/${event.seq}/purge`).set(bearer(secretariat)).send({ reason: 'names a witness' }).expect(200);
    const doc = await exportNow();
    expect(doc.records.find((r) => r.type === 'message' && r.id === event.entity_id)?.data).toMatchObject({ state: 'hidden', body: null });
    expect(verifyFile(doc)).toMatchObject({ code: 0 });
  });
});

interface OpenRecord {
  type: string;
  id: string;
  seq: number | null;
  salt: string | null;
  data: Record<string, unknown>;
}
interface OpenData {
  format: string;
  head: { seq: number; hash: string } | null;
  records: OpenRecord[];
  events: unknown[];
}

describe('downloads per client address (DOWNLOADS_PER_ADDRESS)', () => {
  let t: TestApp;
  const [A, B] = ['203.0.113.7', '198.51.100.20'];
  /** A request from `address` through a proxy the API trusts (the test's own connection). */
  const from = (address: string, path: string, ifNoneMatch?: string) =>
    t
      .http()
      .get(path)
      .set('X-Forwarded-For', address)
      .set(ifNoneMatch ? { 'If-None-Match': ifNoneMatch } : {});

  beforeAll(async () => {
    t = await startTestApp({ seed: false, env: { DOWNLOADS_PER_ADDRESS: '3', TRUST_PROXY: '127.0.0.1, ::1' } });
    await t.running.app.get(OpenDataService).generate({ force: true, wait: true });
  });
  afterAll(() => t?.close());

  it('answers 429 with Retry-After and a code past the limit, the export and the CSV files counted together; 304s never count', async () => {
    const first = await from(A, '/api/export.json').expect(200);
    const etag = first.headers['etag'] as string;
    // A mirror revalidating its copy, more often than the limit: each a 304, none counted.
    for (let i = 0; i < 5; i++) {
      await from(A, '/api/export.json', etag).expect(304);
    }
    await from(A, '/api/commitments/export.csv').expect(200);
    await from(A, '/api/reports/export.csv').expect(200);

    for (const path of ['/api/export.json', '/api/commitments/export.csv', '/api/reports/export.csv']) {
      const refused = await from(A, path).expect(429);
      expect({ path, body: refused.body }).toEqual({
        path,
        body: expect.objectContaining({ statusCode: 429, code: 'too_many_downloads', retryAfter: expect.any(Number) }),
      });
      // The rest of the ten minutes, give or take the test's own seconds.
      expect(refused.headers['retry-after']).toBe(String(refused.body.retryAfter));
      expect(refused.body.retryAfter).toBeGreaterThan(500);
      expect(refused.body.retryAfter).toBeLessThanOrEqual(600);
      expect(refused.headers['etag']).toBeUndefined();
    }
    // Revalidating stays free while the address waits.
    await from(A, '/api/export.json', etag).expect(304);
  });

  it('leaves another address its own downloads', async () => {
    await from(B, '/api/export.json').expect(200);
    await from(B, '/api/commitments/export.csv').expect(200);
    await from(B, '/api/reports/export.csv').expect(200);
    await from(B, '/api/export.json').expect(429);
  });
});
