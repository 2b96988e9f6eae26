// Evidence files are recognised from their bytes, never from the name or the declared type, and
// images lose their metadata (EXIF with GPS positions, XMP, IPTC, comments) before anything is
// hashed or stored: a photo can place an informer.

export type EvidenceType = 'application/pdf' | 'image/png' | 'image/jpeg';

export const EVIDENCE_TYPES: Record<EvidenceType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function detectType(bytes: Buffer): EvidenceType | null {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    return 'application/pdf';
  }
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
    return 'image/png';
  }
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return 'image/jpeg';
  }
  return null;
}

/** PNG chunks that carry text, EXIF or time stamps; image data and colour information stay. */
const PNG_METADATA_CHUNKS = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

export function stripPng(bytes: Buffer): Buffer {
  const parts: Buffer[] = [PNG_SIGNATURE];
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.subarray(offset + 4, offset + 8).toString('latin1');
    const end = offset + 12 + length;
    if (end > bytes.length) {
      throw new MalformedFile('the PNG file is truncated');
    }
    if (!PNG_METADATA_CHUNKS.has(type)) {
      parts.push(bytes.subarray(offset, end));
    }
    offset = end;
    if (type === 'IEND') {
      return Buffer.concat(parts);
    }
  }
  throw new MalformedFile('the PNG file has no end');
}

/** JPEG segments that carry metadata: APP1 (EXIF, XMP), APP12–APP13 (IPTC, Photoshop), comments. */
const JPEG_METADATA_MARKERS = new Set([0xe1, 0xec, 0xed, 0xfe]);

export function stripJpeg(bytes: Buffer): Buffer {
  const parts: Buffer[] = [bytes.subarray(0, 2)];
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) {
      throw new MalformedFile('the JPEG file is malformed');
    }
    const marker = bytes[offset + 1];
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0xda) {
      // Start of scan: the compressed image follows to the end; no metadata segment can.
      parts.push(bytes.subarray(offset));
      return Buffer.concat(parts);
    }
    const length = bytes.readUInt16BE(offset + 2);
    const end = offset + 2 + length;
    if (length < 2 || end > bytes.length) {
      throw new MalformedFile('the JPEG file is truncated');
    }
    if (!JPEG_METADATA_MARKERS.has(marker)) {
      parts.push(bytes.subarray(offset, end));
    }
    offset = end;
  }
  throw new MalformedFile('the JPEG file has no image data');
}

export class MalformedFile extends Error {}

export function cleanEvidence(bytes: Buffer): { type: EvidenceType; bytes: Buffer } | null {
  const type = detectType(bytes);
  if (!type) {
    return null;
  }
  if (type === 'image/png') {
    return { type, bytes: stripPng(bytes) };
  }
  if (type === 'image/jpeg') {
    return { type, bytes: stripJpeg(bytes) };
  }
  return { type, bytes };
}
