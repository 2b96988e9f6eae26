import { inflateSync } from 'node:zlib';

import { jpegMarkers, pngChunkTypes } from './evidence-fixtures';

// What a rewritten file may hold, structurally: the checks the tests apply to downloads.

const JPEG_ALLOWED = new Set([0xd8, 0xe0, 0xdb, 0xc0, 0xc1, 0xc2, 0xc4, 0xdd, 0xda, 0xd9]);
const PNG_ALLOWED = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'sRGB', 'gAMA', 'pHYs']);
const PDF_FORBIDDEN = ['/Info', '/Metadata', '/AcroForm', '/EmbeddedFiles', '/JavaScript', '/JS', '/OpenAction', '/AA', '/PieceInfo'];

/** What in this file is not allowed in a rewritten one; empty when it holds only what it may. */
export function structuralProblems(type: string, bytes: Buffer): string[] {
  if (type === 'image/jpeg') {
    const markers = jpegMarkers(bytes);
    const eoi = markers.findIndex((m) => m.marker === 0xd9);
    return [
      ...markers
        .filter((m) => !JPEG_ALLOWED.has(m.marker))
        .map((m) => `JPEG marker FF${m.marker.toString(16).toUpperCase()} at ${m.offset}`),
      ...(eoi >= 0 && markers[eoi].offset + 2 < bytes.length ? [`${bytes.length - markers[eoi].offset - 2} bytes after EOI`] : []),
    ];
  }
  if (type === 'image/png') {
    return pngChunkTypes(bytes)
      .filter((t) => !PNG_ALLOWED.has(t))
      .map((t) => `PNG chunk ${t}`);
  }
  const text = bytes.toString('latin1');
  const xrefs = text.match(/(^|[\r\n])xref[\r\n]/g)?.length ?? 0;
  return [
    ...(xrefs === 1 ? [] : [`${xrefs} cross-reference sections`]),
    ...(/\/Prev\b/.test(text) ? ['an earlier revision (/Prev)'] : []),
    ...PDF_FORBIDDEN.filter((key) => new RegExp(`${key.replace('/', '\\/')}(?![A-Za-z])`).test(text)),
    ...(/\/T\s*[(<]/.test(text) ? ['an annotation or field author (/T)'] : []),
  ];
}

/**
 * A file's bytes as a reader could search them: for a PDF, also every stream inflated and every
 * hex string decoded, so a string compressed or hex-encoded by the rewrite is still found.
 */
export function readableText(bytes: Buffer): string {
  const text = bytes.toString('latin1');
  if (!text.startsWith('%PDF-')) {
    return text;
  }
  const parts = [text];
  for (const match of text.matchAll(/stream\r?\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = text.indexOf('endstream', start);
    try {
      parts.push(inflateSync(bytes.subarray(start, end < 0 ? bytes.length : end)).toString('latin1'));
    } catch {
      // Not a Flate stream: its bytes are in the text already.
    }
  }
  const all = parts.join('\n');
  const hex = [...all.matchAll(/<([0-9A-Fa-f\s]+)>/g)].map((m) => textOfString(Buffer.from(m[1].replace(/\s/g, ''), 'hex')));
  return [all, ...hex].join('\n');
}

/** A PDF string's bytes as text: UTF-16BE after its byte-order mark, else one byte a character. */
function textOfString(bytes: Buffer): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return bytes.toString('latin1');
}
