import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type { ReportView } from '@suivi/contracts';
import request from 'supertest';

import { AuditService } from '../../apps/api/src/audit/audit.service';
import { EvidenceRecleaner } from '../../apps/api/src/evidence/reclean';
import { readableText, structuralProblems } from '../../apps/api/src/evidence/testing/evidence-checks';
import {
  c2paJpeg,
  IDENTIFYING,
  largeJpeg,
  pdfObjectStreamBomb,
  pdfWithEverything,
  phoneJpeg,
  pngBomb,
  pngWithPrivateChunks,
  progressiveJpeg,
  tinyPng,
} from '../../apps/api/src/evidence/testing/evidence-fixtures';
import { startApiProcess, type ApiProcess } from './support/api-process';
import { bearer, DEMO_PASSWORD, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

// DESIGN.md, "Evidence is rewritten, not filtered": every evidence file is a public download, and
// what a phone or an office suite writes into a file can name or place its author.

const report = JSON.stringify({ kind: 'self_report', status: 'in_progress', narrative: { fr: 'Photos des locaux du Pôle.' } });
const planted = (bytes: Buffer) => IDENTIFYING.filter((s) => readableText(bytes).includes(s));

describe('evidence files', () => {
  let t: TestApp;
  let justice: Session;
  let commitmentId: string;

  beforeAll(async () => {
    t = await startTestApp();
    justice = await signIn(t, 'justice@suivi.demo');
    [{ id: commitmentId }] = await t.db.query(
      `SELECT c.id FROM commitments c JOIN organizations o ON o.id = c.owner_id WHERE o.acronym = 'MJDH' LIMIT 1`,
    );
  });
  afterAll(() => t?.close());

  const upload = () => t.http().post(`/api/commitments/${commitmentId}/reports`).set(bearer(justice));
  const download = async (id: string) =>
    t
      .http()
      .get(`/api/files/${id}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);

  it.each([
    ['a phone photo with EXIF GPS, an ICC profile and an appended MPF image', phoneJpeg, 'photo.jpeg', 'photo.jpg', 'image/jpeg'],
    ['a progressive JPEG with a COM and an APP1 between its scans', progressiveJpeg, 'scan.jpg', 'scan.jpg', 'image/jpeg'],
    ['a JPEG with C2PA Content Credentials in APP11', c2paJpeg, 'credentials.jpg', 'credentials.jpg', 'image/jpeg'],
    ['a PNG with tEXt, EXIF, XMP and private chunks', pngWithPrivateChunks, 'locaux.png', 'locaux.png', 'image/png'],
    [
      'a PDF with an author, XMP, a comment, a form, a file, JavaScript and an earlier revision',
      pdfWithEverything,
      'décret.pdf',
      'décret.pdf',
      'application/pdf',
    ],
  ])(
    'serves %s rewritten: nothing identifying, only the allowed structure, hashed in the chain',
    async (_label, make, sent, named, type) => {
      const original = await make();
      expect(planted(original).length).toBeGreaterThanOrEqual(2);
      const view = (await upload().field('report', report).attach('evidence', original, sent).expect(201)).body as ReportView;
      const [file] = view.files ?? [];
      expect([file.name, file.mediaType]).toEqual([named, type]);
      const got = await download(file.id);
      expect(got.headers['content-disposition']).toMatch(/^attachment; /);
      expect(got.headers['x-content-type-options']).toBe('nosniff');
      expect(got.headers['content-type']).toBe(type);
      const bytes = got.body as Buffer;
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
      expect(planted(bytes)).toEqual([]);
      expect(structuralProblems(type, bytes)).toEqual([]);
      // Public, and checked again on every read (never immutable), so a purge reaches every cache.
      expect(got.headers['cache-control']).toBe('no-cache');
      expect(got.headers['etag']).toBe(`"${file.sha256}"`);
      await t.http().get(`/api/files/${file.id}`).set('If-None-Match', `"${file.sha256}"`).expect(304);
      const [event] = await t.db.query(`SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'report.created'`, [view.id]);
      expect(JSON.parse(event.data).files.map((f: { sha256: string }) => f.sha256)).toEqual([file.sha256]);
    },
  );

  it('refuses an image over 40 megapixels from its header with a 400 naming the limit, and writes nothing', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM progress_reports'))[0].n;
    const res = await upload()
      .field('report', report)
      .attach('evidence', await pngBomb(16_000), 'bomb.png')
      .expect(400);
    expect(JSON.stringify(res.body.message)).toContain('evidence: bomb.png: the image is 16000 × 16000 pixels: at most 40 megapixels');
    expect((await t.db.query('SELECT count(*)::int AS n FROM progress_reports'))[0].n).toBe(before);
  });

  it('refuses a PDF whose object streams inflate past 64 MB with a 400 naming the limit, and writes nothing', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM progress_reports'))[0].n;
    const res = await upload()
      .field('report', report)
      .attach('evidence', await pdfObjectStreamBomb(100), 'bombe.pdf')
      .expect(400);
    expect(JSON.stringify(res.body.message)).toContain(
      "evidence: bombe.pdf: the PDF's object streams hold more than 64 MB once uncompressed",
    );
    expect((await t.db.query('SELECT count(*)::int AS n FROM progress_reports'))[0].n).toBe(before);
  });

  it('refuses a file whose bytes are not what its name claims, and writes nothing', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM progress_reports'))[0].n;
    const res = await upload()
      .field('report', report)
      .attach('evidence', Buffer.from('<html><script>alert(1)</script></html>'), 'rapport.pdf')
      .expect(400);
    expect(JSON.stringify(res.body.message)).toMatch(/evidence: rapport\.pdf is not a PDF, PNG or JPEG/);
    const broken = await upload()
      .field('report', report)
      .attach('evidence', Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF'), 'vide.pdf');
    expect(broken.status).toBe(400);
    expect(JSON.stringify(broken.body.message)).toContain('evidence: vide.pdf: the PDF');
    expect((await t.db.query('SELECT count(*)::int AS n FROM progress_reports'))[0].n).toBe(before);
  });

  it('validates the report field of a multipart upload like a JSON body', async () => {
    await upload().field('report', '{"kind":').attach('evidence', tinyPng(), 'a.png').expect(400);
    const res = await upload()
      .field('report', JSON.stringify({ kind: 'self_report', status: 'done', narrative: { en: 'x' } }))
      .attach('evidence', tinyPng(), 'a.png')
      .expect(400);
    expect(JSON.stringify(res.body.message)).toContain('status');
    await upload().field('other', 'x').expect(400);
  });

  it('refuses files over 10 MB with 413', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024 + 10, 0x20)]);
    await upload().field('report', report).attach('evidence', big, 'big.pdf').expect(413);
  });

  it('rewrites once the files stored before uploads were rewritten (npm run reclean-evidence): each an audited event with the new sha256, the old bytes purged from the table’s files', async () => {
    const view = (await upload().field('report', report).attach('evidence', tinyPng(), 'a.png').expect(201)).body as ReportView;
    // Files as an earlier version stored them: filtered, not rewritten.
    const old = [await phoneJpeg(), await pdfWithEverything()];
    const ids: string[] = [];
    for (const [i, bytes] of old.entries()) {
      const [row] = await t.adminDb.query(
        `INSERT INTO evidence_files (report_id, name, media_type, size, sha256, content, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          view.id,
          `old-${i}`,
          i === 0 ? 'image/jpeg' : 'application/pdf',
          bytes.length,
          createHash('sha256').update(bytes).digest('hex'),
          bytes,
          justice.userId,
        ],
      );
      ids.push(row.id);
    }
    // A file uploaded since, stored after them: their space is not at the end of the table.
    await upload()
      .field('report', report)
      .attach('evidence', await largeJpeg(600, 400), 'later.jpg')
      .expect(201);
    // The table's files on disk (heap and TOAST), as a CHECKPOINT leaves them; the old ones too
    // once they are replaced (gone, or emptied until the next checkpoint).
    // As the tables' owner: CHECKPOINT and reading the table's files are not the application's to do.
    const tableFiles = async () =>
      (
        await t.adminDb.query(
          `SELECT pg_relation_filepath(c.oid) AS heap, pg_relation_filepath(nullif(c.reltoastrelid, 0)) AS toast
             FROM pg_class c WHERE c.oid = 'evidence_files'::regclass`,
        )
      )[0] as { heap: string; toast: string | null };
    const onDisk = async (paths: string[]) => {
      await t.adminDb.query('CHECKPOINT');
      const parts: Buffer[] = [];
      for (const path of paths) {
        const [{ bytes }] = await t.adminDb.query(
          'SELECT pg_read_binary_file($1, 0, coalesce((pg_stat_file($1, true)).size, 0), true) AS bytes',
          [path],
        );
        parts.push(bytes ?? Buffer.alloc(0));
      }
      return Buffer.concat(parts);
    };
    const oldFiles = Object.values(await tableFiles()).filter((p): p is string => Boolean(p));
    expect(planted(await onDisk(oldFiles)).length).toBeGreaterThanOrEqual(2);
    // Run as `npm run reclean-evidence` is run in production: by the tables' owner, who alone may
    // VACUUM (FULL) (as the application's role it rewrites and says the old bytes remain).
    const recleaner = new EvidenceRecleaner(t.adminDb, t.running.app.get(AuditService));
    // On the server, a reader whose snapshot predates the rewrite (a background export, a page
    // being read) makes VACUUM FULL copy the old versions into the new files: the purge waits for
    // it to end and copies again. (The embedded database runs one transaction at a time.)
    const reader = t.backend === 'postgres' ? t.adminDb.createQueryRunner() : null;
    if (reader) {
      await reader.startTransaction('REPEATABLE READ');
      await reader.query('SELECT count(*) FROM organizations');
    }
    let readerEnded = reader === null;
    const recleaning = recleaner.recleanAll().then((summary) => ({ summary, whileReaderOpen: !readerEnded }));
    if (reader) {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      readerEnded = true;
      await reader.commitTransaction();
      await reader.release();
    }
    expect(await recleaning).toEqual({ summary: { rewritten: 2, unreadable: [], purged: true }, whileReaderOpen: false });
    // The old bytes are purged: in no file of the table, old or new.
    const newFiles = Object.values(await tableFiles()).filter((p): p is string => Boolean(p));
    expect(planted(await onDisk([...oldFiles, ...newFiles]))).toEqual([]);
    for (const [i, id] of ids.entries()) {
      const bytes = (await download(id)).body as Buffer;
      expect(planted(bytes)).toEqual([]);
      expect(structuralProblems(i === 0 ? 'image/jpeg' : 'application/pdf', bytes)).toEqual([]);
      const [event] = await t.db.query(
        `SELECT actor, subject, data FROM audit_events WHERE entity_id = $1 AND action = 'evidence.rewritten'`,
        [id],
      );
      const data = JSON.parse(event.data) as { before: { sha256: string }; after: { sha256: string } };
      expect(data.before.sha256).toBe(createHash('sha256').update(old[i]).digest('hex'));
      expect(data.after.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(event.actor).toBe('system');
    }
    // Once: a second run rewrites nothing (a JPEG encoded again would change again).
    expect(await recleaner.recleanAll()).toEqual({ rewritten: 0, unreadable: [], purged: false });
  });

  it('answers an unknown file with 404', async () => {
    await t.http().get('/api/files/00000000-0000-4000-8000-000000000000').expect(404);
  });
});

// Memory is a property of the process, so it is measured on the built API in its own process.
// Once on the embedded database: the database does not change what is decoded.
const onEmbedded = process.env['DATABASE_URL'] ? describe.skip : describe;
onEmbedded('evidence: large images do not exhaust the API’s memory', () => {
  let api: ApiProcess;

  beforeAll(async () => {
    api = await startApiProcess({ LOG_LEVEL: 'warn', AUTH_ATTEMPTS_PER_ADDRESS: '1000' });
  });
  afterAll(async () => {
    await api?.stop();
  });

  const rssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${api.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

  it('refuses four 256-megapixel PNGs from their headers and rewrites two 40-megapixel JPEGs, within 150 MB more', async () => {
    const login = await request(api.baseUrl)
      .post('/api/auth/login')
      .send({ email: 'justice@suivi.demo', password: DEMO_PASSWORD })
      .expect(200);
    const token = login.body.accessToken as string;
    const commitments = (await request(api.baseUrl).get('/api/commitments?pageSize=100').expect(200)).body.items as Array<{
      id: string;
      owner: { acronym: string | null };
    }>;
    const target = commitments.find((c) => c.owner.acronym === 'MJDH')?.id;
    const [bomb, photo] = [await pngBomb(16_000), await largeJpeg(8_000, 5_000)];
    const baseline = rssMb();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 100);
    const send = (bytes: Buffer, name: string) =>
      request(api.baseUrl)
        .post(`/api/commitments/${target}/reports`)
        .set({ Authorization: `Bearer ${token}` })
        .field('report', report)
        .attach('evidence', bytes, name);
    const answers = await Promise.all([
      ...[1, 2, 3, 4].map((i) => send(bomb, `bomb-${i}.png`)),
      ...[1, 2].map((i) => send(photo, `photo-${i}.jpg`)),
    ]);
    clearInterval(sampler);
    peak = Math.max(peak, rssMb());
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 201, 201]);
    process.stdout.write(
      `evidence memory: RSS ${baseline.toFixed(0)} MB before, ${peak.toFixed(0)} MB at most (+${(peak - baseline).toFixed(0)} MB)\n`,
    );
    expect(peak - baseline).toBeLessThan(150);
  });

  it('refuses a 500 KB PDF whose object stream inflates to 500 MB within 150 MB more, and keeps answering meanwhile', async () => {
    const login = await request(api.baseUrl)
      .post('/api/auth/login')
      .send({ email: 'justice@suivi.demo', password: DEMO_PASSWORD })
      .expect(200);
    const commitments = (await request(api.baseUrl).get('/api/commitments?pageSize=100').expect(200)).body.items as Array<{
      id: string;
      owner: { acronym: string | null };
    }>;
    const target = commitments.find((c) => c.owner.acronym === 'MJDH')?.id;
    const bomb = await pdfObjectStreamBomb(500);
    const baseline = rssMb();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 100);
    const sent = request(api.baseUrl)
      .post(`/api/commitments/${target}/reports`)
      .set({ Authorization: `Bearer ${login.body.accessToken as string}` })
      .field('report', report)
      .attach('evidence', bomb, 'bombe.pdf');
    // The health check answers while the file is looked at (pdf-lib held the event loop 12 s for 400 MB).
    await new Promise((resolve) => setTimeout(resolve, 200));
    const askedAt = Date.now();
    await request(api.baseUrl).get('/api/health').expect(200);
    const healthMs = Date.now() - askedAt;
    const answer = await sent;
    clearInterval(sampler);
    peak = Math.max(peak, rssMb());
    process.stdout.write(
      `PDF object-stream bomb (${(bomb.length / 1024).toFixed(0)} KB): ${answer.status}; RSS +${(peak - baseline).toFixed(0)} MB; health answered in ${healthMs} ms meanwhile\n`,
    );
    expect(answer.status).toBe(400);
    expect(peak - baseline).toBeLessThan(150);
    expect(healthMs).toBeLessThan(2000);
  });
});
