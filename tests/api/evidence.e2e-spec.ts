import { createHash } from 'node:crypto';

import type { ReportView } from '@suivi/contracts';

import { jpegWithMetadata, pngWithMetadata } from '../../apps/api/src/evidence/testing/image-fixtures';
import { bearer, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

describe('evidence files', () => {
  let t: TestApp;
  let justice: Session;
  let commitmentId: string;
  const report = JSON.stringify({ kind: 'self_report', status: 'in_progress', narrative: { fr: 'Photos des locaux du Pôle.' } });

  beforeAll(async () => {
    t = await startTestApp();
    justice = await signIn(t, 'justice@suivi.demo');
    [{ id: commitmentId }] = await t.db.query(
      `SELECT c.id FROM commitments c JOIN organizations o ON o.id = c.owner_id WHERE o.acronym = 'MJDH' LIMIT 1`,
    );
  });
  afterAll(() => t?.close());

  const upload = () => t.http().post(`/api/commitments/${commitmentId}/reports`).set(bearer(justice));

  it('stores PDF, PNG and JPEG evidence with its metadata removed, hashed in the audit chain', async () => {
    const res = await upload()
      .field('report', report)
      .attach('evidence', Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF'), 'décret.pdf')
      .attach('evidence', pngWithMetadata(), 'locaux.png')
      .attach('evidence', jpegWithMetadata(), '../../etc/passwd.jpeg')
      .expect(201);
    const view = res.body as ReportView;
    expect(view.files?.map((f) => [f.name, f.mediaType])).toEqual([
      ['décret.pdf', 'application/pdf'],
      ['locaux.png', 'image/png'],
      ['passwd.jpg', 'image/jpeg'],
    ]);
    for (const file of view.files ?? []) {
      const got = await t
        .http()
        .get(`/api/files/${file.id}`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(got.headers['content-disposition']).toMatch(/^attachment; /);
      expect(got.headers['x-content-type-options']).toBe('nosniff');
      expect(got.headers['content-type']).toBe(file.mediaType);
      const bytes = got.body as Buffer;
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
      expect(bytes.toString('latin1')).not.toMatch(/GPS|Exif|Traor|Mopti/);
    }
    const [event] = await t.db.query(`SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'report.created'`, [view.id]);
    expect(JSON.parse(event.data).files.map((f: { sha256: string }) => f.sha256)).toEqual(view.files?.map((f) => f.sha256));
  });

  it('refuses a file whose bytes are not what its name claims, and writes nothing', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM progress_reports'))[0].n;
    const res = await upload()
      .field('report', report)
      .attach('evidence', Buffer.from('<html><script>alert(1)</script></html>'), 'rapport.pdf')
      .expect(400);
    expect(JSON.stringify(res.body.message)).toMatch(/evidence: rapport\.pdf is not a PDF, PNG or JPEG/);
    expect((await t.db.query('SELECT count(*)::int AS n FROM progress_reports'))[0].n).toBe(before);
  });

  it('validates the report field of a multipart upload like a JSON body', async () => {
    await upload().field('report', '{"kind":').attach('evidence', pngWithMetadata(), 'a.png').expect(400);
    const res = await upload()
      .field('report', JSON.stringify({ kind: 'self_report', status: 'done', narrative: { en: 'x' } }))
      .attach('evidence', pngWithMetadata(), 'a.png')
      .expect(400);
    expect(JSON.stringify(res.body.message)).toContain('status');
    await upload().field('other', 'x').expect(400);
  });

  it('refuses files over 10 MB with 413', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024 + 10, 0x20)]);
    await upload().field('report', report).attach('evidence', big, 'big.pdf').expect(413);
  });

  it('answers an unknown file with 404', async () => {
    await t.http().get('/api/files/00000000-0000-4000-8000-000000000000').expect(404);
  });
});
