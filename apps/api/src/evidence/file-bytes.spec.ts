import { EVIDENCE_MAX_PIXELS } from '@suivi/contracts';
import { PDFDocument } from '@cantoo/pdf-lib';
import sharp from 'sharp';

import { detectType, rewriteEvidence, withPlaces } from './file-bytes';
import { ImageTooLarge, MalformedFile } from './malformed-file';
import { readableText, structuralProblems } from './testing/evidence-checks';
import {
  c2paJpeg,
  IDENTIFYING,
  largeJpeg,
  pdfObjectStreamBomb,
  pdfWithEverything,
  phoneJpeg,
  pngBomb,
  pngChunk,
  pngWithPrivateChunks,
  progressiveJpeg,
  tinyPng,
} from './testing/evidence-fixtures';

const planted = (bytes: Buffer) => IDENTIFYING.filter((s) => readableText(bytes).includes(s));

describe('evidence bytes', () => {
  it('recognises PDF, PNG and JPEG from their bytes only', async () => {
    expect(detectType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(detectType(tinyPng())).toBe('image/png');
    expect(detectType(await phoneJpeg())).toBe('image/jpeg');
    expect(detectType(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(detectType(Buffer.from('MZ\u0090\u0000'))).toBeNull();
    expect(await rewriteEvidence(Buffer.from('plain text pretending.pdf'))).toBeNull();
  });

  it.each([
    ['a phone photo with EXIF GPS, an ICC profile and an appended MPF image', phoneJpeg, 'image/jpeg'],
    ['a progressive JPEG with a COM and an APP1 between its scans', progressiveJpeg, 'image/jpeg'],
    ['a JPEG with C2PA Content Credentials in APP11', c2paJpeg, 'image/jpeg'],
    ['a PNG with tEXt, EXIF, XMP and private chunks', pngWithPrivateChunks, 'image/png'],
    ['a PDF with an author, XMP, a comment, a form, a file, JavaScript and an earlier revision', pdfWithEverything, 'application/pdf'],
  ])('rewrites %s: nothing identifying survives, only the allowed structure', async (_label, make, type) => {
    const original = await make();
    expect(planted(original).length).toBeGreaterThanOrEqual(2);
    expect(structuralProblems(type, original)).not.toEqual([]);
    const rewritten = await rewriteEvidence(original);
    expect(rewritten?.type).toBe(type);
    expect(planted(rewritten?.bytes ?? Buffer.alloc(0))).toEqual([]);
    expect(structuralProblems(type, rewritten?.bytes ?? Buffer.alloc(0))).toEqual([]);
  });

  it('applies the EXIF orientation to the pixels before dropping it, in sRGB without the ICC profile', async () => {
    const original = await phoneJpeg();
    const before = await sharp(original).metadata();
    expect([before.width, before.height, before.orientation, Boolean(before.icc)]).toEqual([64, 32, 6, true]);
    const rewritten = await rewriteEvidence(original);
    const meta = await sharp(rewritten?.bytes).metadata();
    // 64 × 32 rotated by orientation 6 (90°).
    expect([meta.width, meta.height, meta.orientation ?? 1, meta.exif, meta.icc]).toEqual([32, 64, 1, undefined, undefined]);
    expect(meta.space).toBe('srgb');
  });

  it('keeps the PDF’s pages, visible text and comments (without their author)', async () => {
    const original = await pdfWithEverything();
    expect(readableText(original)).toContain('Visible text of the report');
    const rewritten = await rewriteEvidence(original);
    const text = readableText(rewritten?.bytes ?? Buffer.alloc(0));
    expect(text).toMatch(/\/Type \/Page\b/);
    expect(text).toContain('Visible text of the report');
    expect(text).toMatch(/\/Subtype \/Text/);
    expect(text).toContain('see the second page');
  });

  it('refuses an image over the pixel limit from its header, and a file that cannot be decoded', async () => {
    const side = Math.ceil(Math.sqrt(EVIDENCE_MAX_PIXELS)) + 1;
    await expect(rewriteEvidence(await pngBomb(side))).rejects.toThrow(ImageTooLarge);
    await expect(rewriteEvidence(await pngBomb(side))).rejects.toThrow(new RegExp(`is ${side} × ${side} pixels: at most 40 megapixels`));
    await expect(rewriteEvidence(tinyPng().subarray(0, 40))).rejects.toThrow(MalformedFile);
    await expect(rewriteEvidence(Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF'))).rejects.toThrow(MalformedFile);
  });

  it('refuses a 16,000 × 16,000 PNG from its header alone: its pixel data is never read', async () => {
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(16_000, 0);
    ihdr.writeUInt32BE(16_000, 4);
    ihdr.set([8, 2, 0, 0, 0], 8);
    // Pixel data that cannot be inflated: decoding it would fail as unreadable, not as too large.
    const headerOnly = Buffer.concat([
      tinyPng().subarray(0, 8),
      pngChunk('IHDR', ihdr),
      pngChunk('IDAT', Buffer.from('not deflate data at all')),
      pngChunk('IEND', Buffer.alloc(0)),
    ]);
    await expect(rewriteEvidence(headerOnly)).rejects.toThrow(
      new ImageTooLarge('the image is 16000 × 16000 pixels: at most 40 megapixels (40,000,000 pixels) are accepted'),
    );
  });

  it('refuses a PDF whose object streams inflate past 64 MB, before pdf-lib reads it whole', async () => {
    const bomb = await pdfObjectStreamBomb(100);
    expect(bomb.length).toBeLessThan(200 * 1024);
    await expect(rewriteEvidence(bomb)).rejects.toThrow(
      new MalformedFile("the PDF's object streams hold more than 64 MB once uncompressed: save it again, or split it"),
    );
    // Below the limit the same file is read, and rewritten.
    const small = await rewriteEvidence(await pdfObjectStreamBomb(8));
    expect(small?.type).toBe('application/pdf');
  });

  it('rewrites a PDF saved with object streams, as office suites save them', async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.addPage([200, 100]).drawText('Compressed objects', { x: 10, y: 50, size: 10 });
    doc.setAuthor('Awa Traore');
    doc.setCreator('Moussa Keita laptop');
    const original = Buffer.from(await doc.save({ useObjectStreams: true }));
    expect(original.toString('latin1')).toContain('/ObjStm');
    expect(planted(original).length).toBeGreaterThanOrEqual(2);
    const rewritten = await rewriteEvidence(original);
    expect(planted(rewritten?.bytes ?? Buffer.alloc(0))).toEqual([]);
    expect(structuralProblems('application/pdf', rewritten?.bytes ?? Buffer.alloc(0))).toEqual([]);
    expect(readableText(rewritten?.bytes ?? Buffer.alloc(0))).toContain('Compressed objects');
  });

  it('decodes and encodes at most two images at once, however many arrive together', async () => {
    const photo = await largeJpeg(1_600, 1_200);
    let most = 0;
    let sampling = true;
    const sample = async () => {
      while (sampling) {
        most = Math.max(most, sharp.counters().process);
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const sampler = sample();
    const rewritten = await Promise.all(Array.from({ length: 6 }, () => rewriteEvidence(photo)));
    sampling = false;
    await sampler;
    expect(rewritten.map((r) => r?.type)).toEqual(Array(6).fill('image/jpeg'));
    // sharp's own count of pipelines running: two at most (and two do run together).
    expect(most).toBe(2);
  });

  it('runs at most two rewrites at once, and one that must turn its image alone', async () => {
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const task = (name: string, places: number) =>
      withPlaces(places, async () => {
        running += places;
        most = Math.max(most, running);
        log.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        log.push(`end ${name}`);
        running -= places;
      });
    await Promise.all([task('a', 1), task('b', 1), task('turned', 2), task('c', 1)]);
    expect(most).toBe(2);
    const turned = log.indexOf('start turned');
    expect(log.slice(0, turned)).toEqual(expect.arrayContaining(['end a', 'end b']));
    expect(log[turned + 1]).toBe('end turned');
  });
});
