import { randomBytes } from 'node:crypto';
import { createDeflate, deflateSync } from 'node:zlib';

import { PDFDocument, PDFName, PDFString } from '@cantoo/pdf-lib';
import sharp from 'sharp';

// Files as phones and office suites write them, carrying what can name or place a person, for
// the evidence tests. Every identifying string is plain ASCII in the file, so a test can first
// check that it is there and then that the rewritten file no longer holds it.

/** Strings planted in the fixtures; none may survive a rewrite. */
export const IDENTIFYING = [
  'Awa Traore',
  'GPS-KIDAL-18.44N',
  'Moussa Keita',
  'c2pa.claim',
  'Fatoumata',
  'secret-chunk',
  'informer-list',
  'app.alert',
  'SM-A546B',
] as const;

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    }
  }
  return ~c >>> 0;
}

export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function jpegSegment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** Inserts segments right after SOI (and APP0 if any). */
function afterHeader(jpeg: Buffer, ...segments: Buffer[]): Buffer {
  const at = jpeg[2] === 0xff && jpeg[3] === 0xe0 ? 4 + jpeg.readUInt16BE(4) : 2;
  return Buffer.concat([jpeg.subarray(0, at), ...segments, jpeg.subarray(at)]);
}

/** Offsets of every SOS marker in a JPEG (entropy-coded data escapes 0xFF as FF 00). */
export function jpegMarkers(jpeg: Buffer): Array<{ marker: number; offset: number }> {
  const found: Array<{ marker: number; offset: number }> = [];
  let offset = 2;
  found.push({ marker: 0xd8, offset: 0 });
  while (offset + 1 < jpeg.length) {
    if (jpeg[offset] !== 0xff) {
      offset += 1;
      continue;
    }
    const marker = jpeg[offset + 1];
    if (marker === 0x00 || marker === 0xff || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 1;
      continue;
    }
    found.push({ marker, offset });
    if (marker === 0xd9) {
      break;
    }
    const length = jpeg.readUInt16BE(offset + 2);
    offset += 2 + length;
    if (marker === 0xda) {
      while (
        offset + 1 < jpeg.length &&
        !(jpeg[offset] === 0xff && jpeg[offset + 1] !== 0 && !(jpeg[offset + 1] >= 0xd0 && jpeg[offset + 1] <= 0xd7))
      ) {
        offset += 1;
      }
    }
  }
  return found;
}

export function pngChunkTypes(png: Buffer): string[] {
  const types: string[] = [];
  let offset = 8;
  while (offset + 8 <= png.length) {
    types.push(png.subarray(offset + 4, offset + 8).toString('latin1'));
    offset += 12 + png.readUInt32BE(offset);
  }
  return types;
}

const exif = {
  IFD0: { Artist: 'Awa Traore', Copyright: 'Moussa Keita', Make: 'samsung', Model: 'SM-A546B' },
  IFD3: {
    GPSLatitudeRef: 'N',
    GPSLatitude: '18/1 26/1 24/1',
    GPSLongitudeRef: 'E',
    GPSLongitude: '1/1 24/1 36/1',
    GPSProcessingMethod: 'GPS-KIDAL-18.44N',
  },
};

/**
 * An MPF (CIPA DC-007) APP2 segment as phones write it: an MP index naming two images, the
 * primary at offset 0 and the secondary (a preview or depth map) at `secondAt`, counted from the
 * segment's own TIFF header.
 */
function mpfSegment(primarySize: number, secondSize: number, secondAt: number): Buffer {
  const body = Buffer.alloc(4 + 50 + 32);
  body.write('MPF\u0000', 0, 'latin1');
  const tiff = 4;
  body.write('MM', tiff, 'latin1');
  body.writeUInt16BE(0x2a, tiff + 2);
  body.writeUInt32BE(8, tiff + 4);
  body.writeUInt16BE(3, tiff + 8);
  const entry = (i: number, tag: number, type: number, count: number, value: Buffer | number) => {
    const at = tiff + 10 + i * 12;
    body.writeUInt16BE(tag, at);
    body.writeUInt16BE(type, at + 2);
    body.writeUInt32BE(count, at + 4);
    if (typeof value === 'number') {
      body.writeUInt32BE(value, at + 8);
    } else {
      value.copy(body, at + 8);
    }
  };
  entry(0, 0xb000, 7, 4, Buffer.from('0100', 'latin1'));
  entry(1, 0xb001, 4, 1, 2);
  entry(2, 0xb002, 7, 32, 50);
  body.writeUInt32BE(0, tiff + 46);
  const entries = tiff + 50;
  body.writeUInt32BE(0x20030000, entries);
  body.writeUInt32BE(primarySize, entries + 4);
  body.writeUInt32BE(0, entries + 8);
  body.writeUInt32BE(0x00010001, entries + 16);
  body.writeUInt32BE(secondSize, entries + 20);
  body.writeUInt32BE(secondAt, entries + 24);
  return jpegSegment(0xe2, body);
}

/**
 * A photo as a phone writes it: EXIF naming the owner and the phone, with GPS coordinates, an ICC
 * profile (Display P3), rotated by its EXIF orientation, and a second image (a preview or depth
 * map) appended after the first and indexed by an MPF segment, with EXIF and GPS of its own.
 */
export async function phoneJpeg(): Promise<Buffer> {
  const photo = await sharp({ create: { width: 64, height: 32, channels: 3, background: '#c84' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge(exif)
    .withIccProfile('p3')
    .toBuffer();
  const appended = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#48c' } })
    .jpeg()
    .withExif({ IFD0: { Artist: 'Fatoumata' }, IFD3: { GPSLatitudeRef: 'N', GPSProcessingMethod: 'GPS-KIDAL-18.44N' } })
    .toBuffer();
  // The MPF segment's size does not depend on its content: place it, then fill in the offsets.
  const at = photo[2] === 0xff && photo[3] === 0xe0 ? 4 + photo.readUInt16BE(4) : 2;
  const placeholder = mpfSegment(0, 0, 0);
  const primarySize = photo.length + placeholder.length;
  const tiffHeaderAt = at + 4 + 4;
  const mpf = mpfSegment(primarySize, appended.length, primarySize - tiffHeaderAt);
  return Buffer.concat([afterHeader(photo, mpf), appended]);
}

/**
 * A photo with C2PA Content Credentials, as newer phones and editors write them: a JUMBF box in
 * APP11 (ISO 19566-5) whose manifest names the claim's signer.
 */
export async function c2paJpeg(): Promise<Buffer> {
  const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#84c' } })
    .jpeg()
    .toBuffer();
  const box = (type: string, content: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(8 + content.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, content]);
  };
  const c2paUuid = Buffer.from('6332706100110010800000aa00389b71', 'hex');
  const description = box('jumd', Buffer.concat([c2paUuid, Buffer.from([0x03]), Buffer.from('c2pa\u0000', 'latin1')]));
  const claim = box('json', Buffer.from('{"c2pa.claim":{"signer":"Awa Traore","device":"GPS-KIDAL-18.44N"}}', 'latin1'));
  const jumbf = box('jumb', Buffer.concat([description, claim]));
  // Common Identifier "JP", box instance 1, packet sequence 1, then the JUMBF box.
  const app11 = jpegSegment(0xeb, Buffer.concat([Buffer.from([0x4a, 0x50, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01]), jumbf]));
  return afterHeader(photo, app11);
}

/** A progressive JPEG with a comment and an EXIF segment between its scans. */
export async function progressiveJpeg(): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 48, height: 48, channels: 3, background: '#8c4' } })
    .jpeg({ progressive: true })
    .toBuffer();
  const scans = jpegMarkers(jpeg).filter((m) => m.marker === 0xda);
  if (scans.length < 2) {
    throw new Error('expected a progressive JPEG with several scans');
  }
  const between = Buffer.concat([
    jpegSegment(0xfe, Buffer.from('taken by Awa Traore', 'latin1')),
    jpegSegment(0xe1, Buffer.from('Exif\u0000\u0000GPS-KIDAL-18.44N', 'latin1')),
  ]);
  return Buffer.concat([jpeg.subarray(0, scans[1].offset), between, jpeg.subarray(scans[1].offset)]);
}

/** A PNG with text, EXIF, XMP and a private chunk an application wrote. */
export async function pngWithPrivateChunks(): Promise<Buffer> {
  const png = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#4c8' } })
    .png()
    .toBuffer();
  const iend = png.length - 12;
  return Buffer.concat([
    png.subarray(0, 33), // signature and IHDR
    pngChunk('tEXt', Buffer.from('Author\u0000Awa Traore', 'latin1')),
    pngChunk('eXIf', Buffer.from('MM\u0000*GPS-KIDAL-18.44N', 'latin1')),
    pngChunk('iTXt', Buffer.from('XML:com.adobe.xmp\u0000\u0000\u0000\u0000\u0000<dc:creator>Moussa Keita</dc:creator>', 'latin1')),
    pngChunk('prVt', Buffer.from('secret-chunk Fatoumata', 'latin1')),
    png.subarray(33, iend),
    pngChunk('zzZz', Buffer.from('secret-chunk after the image', 'latin1')),
    png.subarray(iend),
  ]);
}

/**
 * A PDF as an office suite and a second editor leave it: document information naming the author,
 * XMP, a comment with its author, a form field, an embedded file, document JavaScript, an
 * /OpenAction, a page action, and an incremental update whose earlier revision still names them.
 */
export async function pdfWithEverything(): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([300, 200]);
  page.drawText('Visible text of the report', { x: 20, y: 150, size: 12 });
  const { context, catalog } = doc;
  const info = context.register(context.obj({ Author: PDFString.of('Awa Traore'), Creator: PDFString.of('Moussa Keita laptop') }));
  context.trailerInfo.Info = info;
  const xmp = context.stream('<x:xmpmeta><dc:creator>Awa Traore</dc:creator></x:xmpmeta>', { Type: 'Metadata', Subtype: 'XML' });
  catalog.set(PDFName.of('Metadata'), context.register(xmp));
  const comment = context.obj({
    Type: 'Annot',
    Subtype: 'Text',
    Rect: [20, 20, 40, 40],
    T: PDFString.of('Fatoumata'),
    Contents: PDFString.of('see the second page'),
  });
  const link = context.obj({
    Type: 'Annot',
    Subtype: 'Link',
    Rect: [60, 20, 120, 40],
    A: { S: 'JavaScript', JS: PDFString.of('app.alert("Awa Traore")') },
  });
  page.node.set(PDFName.of('Annots'), context.obj([context.register(comment), context.register(link)]));
  page.node.set(PDFName.of('AA'), context.obj({ O: { S: 'JavaScript', JS: PDFString.of('app.alert("opened")') } }));
  doc.getForm().createTextField('Moussa Keita').addToPage(page, { x: 20, y: 80, width: 100, height: 20 });
  const embedded = context.stream('informer-list: Moussa Keita, Gao', { Type: 'EmbeddedFile' });
  const spec = context.obj({ Type: 'Filespec', F: PDFString.of('contacts.txt'), EF: { F: context.register(embedded) } });
  const script = context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert("Fatoumata")') });
  catalog.set(
    PDFName.of('Names'),
    context.obj({
      EmbeddedFiles: { Names: [PDFString.of('contacts.txt'), context.register(spec)] },
      JavaScript: { Names: [PDFString.of('hello'), context.register(script)] },
    }),
  );
  catalog.set(PDFName.of('OpenAction'), context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert("Awa Traore")') }));
  const first = Buffer.from(await doc.save({ useObjectStreams: false, updateFieldAppearances: true }));
  return incrementalUpdate(first);
}

/** Appends a revision that replaces the document information, as an editor saving "in place" does. */
function incrementalUpdate(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const previous = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
  const size = Number(/\/Size (\d+)/.exec(text.slice(previous))?.[1]);
  const root = /\/Root (\d+ \d+ R)/.exec(text.slice(previous))?.[1];
  const objectAt = pdf.length + 1;
  const object = `\n${size} 0 obj\n<< /Author (Anonymous) /Producer (Second editor) >>\nendobj\n`;
  const xrefAt = pdf.length + Buffer.byteLength(object, 'latin1');
  const update =
    object +
    `xref\n${size} 1\n${String(objectAt).padStart(10, '0')} 00000 n \n` +
    `trailer\n<< /Size ${size + 1} /Root ${root} /Info ${size} 0 R /Prev ${previous} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(update, 'latin1')]);
}

/**
 * A small PDF with an object stream that inflates to `megabytes` MB (of spaces before its one
 * object), appended as an incremental update: pdf-lib inflates every object stream it meets.
 */
export async function pdfObjectStreamBomb(megabytes: number): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage([100, 100]);
  const base = Buffer.from(await doc.save({ useObjectStreams: false }));
  const text = base.toString('latin1');
  const previous = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
  const size = Number(/\/Size (\d+)/.exec(text.slice(previous))?.[1]);
  const root = /\/Root (\d+ \d+ R)/.exec(text.slice(previous))?.[1];
  const index = `${size + 1} 0 `;
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => parts.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  deflate.write(index);
  const spaces = Buffer.alloc(1024 * 1024, 0x20);
  for (let i = 0; i < megabytes; i++) {
    if (!deflate.write(spaces)) {
      await new Promise((resolve) => deflate.once('drain', resolve));
    }
  }
  deflate.end('<< /A 1 >>');
  await done;
  const stream = Buffer.concat(parts);
  const head = `${size} 0 obj\n<< /Type /ObjStm /N 1 /First ${index.length} /Filter /FlateDecode /Length ${stream.length} >>\nstream\n`;
  const tail = '\nendstream\nendobj\n';
  const xrefAt = base.length + head.length + stream.length + tail.length;
  const xref =
    `xref\n${size} 1\n${String(base.length).padStart(10, '0')} 00000 n \n` +
    `trailer\n<< /Size ${size + 2} /Root ${root} /Prev ${previous} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([base, Buffer.from(head, 'latin1'), stream, Buffer.from(tail + xref, 'latin1')]);
}

/** A PNG whose header says `side` × `side` pixels, its IDAT a valid stream of zeros (a decompression bomb). */
export async function pngBomb(side: number): Promise<Buffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => parts.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const row = Buffer.alloc(side * 3 + 1);
  const rowsPerWrite = Math.max(1, Math.floor((4 * 1024 * 1024) / row.length));
  const block = Buffer.alloc(row.length * rowsPerWrite);
  for (let written = 0; written < side; written += rowsPerWrite) {
    const rows = Math.min(rowsPerWrite, side - written);
    if (!deflate.write(rows === rowsPerWrite ? block : block.subarray(0, rows * row.length))) {
      await new Promise((resolve) => deflate.once('drain', resolve));
    }
  }
  deflate.end();
  await done;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', Buffer.concat(parts)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A plain JPEG of width × height pixels: small on the wire, as large as any to decode. */
export async function largeJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#777' } })
    .jpeg({ quality: 60 })
    .toBuffer();
}

/** A JPEG of about `bytes` bytes: noise compresses badly, so its size follows its pixel count. */
export async function noisyJpeg(bytes: number): Promise<Buffer> {
  const side = Math.ceil(Math.sqrt(bytes / 0.8));
  return sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** A tiny valid PNG, built without sharp (for tests that only need some image). */
export function tinyPng(): Buffer {
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
