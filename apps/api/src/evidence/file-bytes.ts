import { EVIDENCE_MAX_PIXELS } from '@suivi/contracts';
import type { Metadata, Sharp, SharpOptions } from 'sharp';

import { ImageTooLarge, MalformedFile } from './malformed-file';
import { rewritePdf } from './pdf-rewrite';

// Evidence files are recognised from their bytes, never from the name or the declared type, and
// rewritten before anything is hashed or stored: every file is a public download, and a photo's
// EXIF (GPS), an appended second image, a PDF's author or XMP can name or place an informer.
// Rewriting keeps only what the new file is made of — an image's pixels, a PDF's pages — so no
// metadata we did not think of survives, as filtering known segments let it (DESIGN.md).

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

/**
 * At most two rewrites at once per instance. An image in its stored orientation is decoded and
 * encoded in strips (a few MB whatever its size); one that must be turned (EXIF orientation) is
 * held whole while it turns, up to 120 MB at 40 megapixels, so it takes both places.
 */
const PLACES = 2;
let taken = 0;
const queue: Array<{ places: number; start: () => void }> = [];

export async function withPlaces<T>(places: number, work: () => Promise<T>): Promise<T> {
  if (taken + places > PLACES || queue.length) {
    await new Promise<void>((start) => queue.push({ places, start }));
  } else {
    taken += places;
  }
  try {
    return await work();
  } finally {
    taken -= places;
    while (queue.length && taken + queue[0].places <= PLACES) {
      const next = queue.shift() as { places: number; start: () => void };
      taken += next.places;
      next.start();
    }
  }
}

type SharpFactory = (input: Buffer, options?: SharpOptions) => Sharp;
let sharpLoaded: Promise<SharpFactory> | null = null;

/** Loaded on the first upload, not at start: libvips is a large native library most processes never need. */
function loadSharp(): Promise<SharpFactory> {
  sharpLoaded ??= import('sharp').then(({ default: sharp }) => {
    // One libvips thread per image: two rewrites at once then use the machine's two cores, no more.
    sharp.concurrency(1);
    // libvips' operation cache would keep decoded images after the request.
    sharp.cache(false);
    return sharp;
  });
  return sharpLoaded;
}

async function rewriteImage(bytes: Buffer, type: 'image/png' | 'image/jpeg'): Promise<Buffer> {
  const sharp = await loadSharp();
  let header: Metadata;
  try {
    header = await sharp(bytes).metadata();
  } catch {
    throw new MalformedFile(`the ${type === 'image/png' ? 'PNG' : 'JPEG'} file could not be read`);
  }
  const width = header.width ?? 0;
  const height = header.height ?? 0;
  if (width * height > EVIDENCE_MAX_PIXELS) {
    throw new ImageTooLarge(
      `the image is ${width} × ${height} pixels: at most ${EVIDENCE_MAX_PIXELS / 1e6} megapixels (${EVIDENCE_MAX_PIXELS.toLocaleString('en')} pixels) are accepted`,
    );
  }
  return withPlaces((header.orientation ?? 1) > 1 ? PLACES : 1, async () => {
    try {
      // Decoded and encoded again from the pixels: orientation applied (the EXIF that said it is
      // gone), converted to sRGB, no ICC profile, no metadata (sharp keeps none unless asked).
      // Huffman tables are not optimised: that would hold every coefficient of the image at once.
      const image = sharp(bytes, { limitInputPixels: EVIDENCE_MAX_PIXELS, failOn: 'error', sequentialRead: true })
        .rotate()
        .toColourspace('srgb');
      return await (
        type === 'image/png' ? image.png({ compressionLevel: 6 }) : image.jpeg({ quality: 90, optimiseCoding: false })
      ).toBuffer();
    } catch {
      throw new MalformedFile(`the ${type === 'image/png' ? 'PNG' : 'JPEG'} file could not be decoded`);
    }
  });
}

/** The file rewritten, or null when its bytes are not a PDF, PNG or JPEG. */
export async function rewriteEvidence(bytes: Buffer): Promise<{ type: EvidenceType; bytes: Buffer } | null> {
  const type = detectType(bytes);
  if (type === null) {
    return null;
  }
  if (type === 'application/pdf') {
    return { type, bytes: await withPlaces(1, () => rewritePdf(bytes)) };
  }
  return { type, bytes: await rewriteImage(bytes, type) };
}
