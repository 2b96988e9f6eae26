import { promisify } from 'node:util';
import { inflate } from 'node:zlib';

import type { PDFDict, PDFDocument, PDFObject } from '@cantoo/pdf-lib';

import { MalformedFile } from './malformed-file';

const inflated = promisify(inflate);

type PdfLib = typeof import('@cantoo/pdf-lib');

// A PDF is rewritten as a new document holding copies of its pages, so whatever hangs off the old
// document's catalogue and trailer stays behind: document information (/Info: author, creator,
// producer), XMP metadata, form fields (/AcroForm), embedded files and document JavaScript
// (/Names), /OpenAction, the structure tree, and every earlier revision an incremental update
// left in the file (the new file has one cross-reference section). What the pages themselves
// carry is then swept below. The visible text is not checked: the form tells the uploader so.

/** Keys that carry metadata, private application data or actions, wherever they appear. */
const DROPPED_KEYS = [
  'Metadata',
  'PieceInfo',
  'AA',
  'OpenAction',
  'JS',
  'JavaScript',
  'EmbeddedFiles',
  'AcroForm',
  'Names',
  'LastModified',
];

/** Annotations kept (without their author, dates or actions other than links); widgets (form fields), files, sounds, media go. */
const KEPT_ANNOTATIONS = new Set([
  'Link',
  'Text',
  'FreeText',
  'Highlight',
  'Underline',
  'Squiggly',
  'StrikeOut',
  'Square',
  'Circle',
  'Line',
  'Polygon',
  'PolyLine',
  'Ink',
  'Stamp',
  'Caret',
  'Popup',
]);
/** Annotation keys that name or date who made it. */
const ANNOTATION_AUTHOR_KEYS = ['T', 'M', 'CreationDate', 'NM', 'RC', 'IRT', 'RT', 'State', 'StateModel'];
/** A link may go to a page or a web address; no other action (JavaScript, launch, submit, import) is kept. */
const KEPT_ACTIONS = new Set(['URI', 'GoTo']);

/** The library is loaded on the first PDF, not at start (most processes never rewrite one). */
let loaded: Promise<(bytes: Buffer) => Promise<Buffer>> | null = null;

export async function rewritePdf(bytes: Buffer): Promise<Buffer> {
  await assertObjectStreamsBounded(bytes);
  loaded ??= import('@cantoo/pdf-lib').then(rewriterFor);
  return (await loaded)(bytes);
}

/**
 * At most this many bytes of object and cross-reference streams, once inflated, per PDF. pdf-lib
 * inflates them whole, in memory and on the event loop, as it reads the file: a 400 KB PDF whose
 * object stream inflates to 400 MB held 1.1 GB and the API's only thread for 12 s, and the 10 MB
 * upload limit allows ten times that. Page content is copied as it is, never inflated.
 */
export const PDF_MAX_OBJECT_STREAM_BYTES = 64 * 1024 * 1024;

/**
 * Inflates, off the event loop and up to the limit, every stream pdf-lib would decode (object and
 * cross-reference streams) before pdf-lib reads the file; refuses a file past the limit, or whose
 * such streams use a filter other than Flate (LZW or run-length would be decoded without a bound).
 */
async function assertObjectStreamsBounded(bytes: Buffer): Promise<void> {
  const text = bytes.toString('latin1');
  let budget = PDF_MAX_OBJECT_STREAM_BYTES;
  for (const match of text.matchAll(/\bstream(\r\n|\n|\r)/g)) {
    const at = match.index ?? 0;
    const dict = text.slice(Math.max(text.lastIndexOf(' obj', at), at - 4096, 0), at);
    if (!/\/Type\s*\/(ObjStm|XRef)\b/.test(dict)) {
      continue;
    }
    const filters = [...(/\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dict)?.[1] ?? '').matchAll(/\/([A-Za-z0-9]+)/g)].map((f) => f[1]);
    if (filters.some((f) => f !== 'FlateDecode' && f !== 'Fl') || filters.length > 1) {
      throw new MalformedFile(`the PDF's object streams use ${filters.join(', ')}: save it again as a standard PDF`);
    }
    if (!filters.length) {
      continue;
    }
    const start = at + match[0].length;
    const end = text.indexOf('endstream', start);
    try {
      budget -= (await inflated(bytes.subarray(start, end < 0 ? bytes.length : end), { maxOutputLength: Math.max(budget, 1) })).length;
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new MalformedFile(
          `the PDF's object streams hold more than ${PDF_MAX_OBJECT_STREAM_BYTES / 1024 / 1024} MB once uncompressed: save it again, or split it`,
        );
      }
      // A stream zlib cannot read: pdf-lib decides what to make of it.
    }
  }
}

function rewriterFor(lib: PdfLib): (bytes: Buffer) => Promise<Buffer> {
  const { EncryptedPDFError, PDFArray, PDFDict: Dict, PDFDocument: Document, PDFName, PDFRawStream, PDFRef, PDFStream } = lib;
  const name = (key: string) => PDFName.of(key);

  function dictOf(document: PDFDocument, value: PDFObject | undefined): PDFDict | undefined {
    const resolved = value instanceof PDFRef ? document.context.lookup(value) : value;
    if (resolved instanceof Dict) {
      return resolved;
    }
    if (resolved instanceof PDFStream) {
      return resolved.dict;
    }
    return undefined;
  }

  function nameOf(dict: PDFDict | undefined, key: string): string | undefined {
    const value = dict?.get(name(key));
    return value instanceof PDFName ? value.decodeText() : undefined;
  }

  function scrubAnnotations(document: PDFDocument, page: PDFDict): void {
    const annots = page.get(name('Annots'));
    const list = annots instanceof PDFRef ? document.context.lookup(annots) : annots;
    if (!(list instanceof PDFArray)) {
      page.delete(name('Annots'));
      return;
    }
    const kept = PDFArray.withContext(document.context);
    for (let i = 0; i < list.size(); i++) {
      const entry = list.get(i);
      const annotation = dictOf(document, entry);
      const subtype = nameOf(annotation, 'Subtype');
      if (!annotation || !subtype || !KEPT_ANNOTATIONS.has(subtype)) {
        continue;
      }
      ANNOTATION_AUTHOR_KEYS.forEach((key) => annotation.delete(name(key)));
      const action = dictOf(document, annotation.get(name('A')));
      if (action && !KEPT_ACTIONS.has(nameOf(action, 'S') ?? '')) {
        annotation.delete(name('A'));
      }
      action?.delete(name('Next'));
      kept.push(entry);
    }
    page.set(name('Annots'), kept);
  }

  /** Rewrites a PDF as described above; a file that cannot be read is a MalformedFile. */
  async function rewrite(bytes: Buffer): Promise<Buffer> {
    let source: PDFDocument;
    try {
      source = await Document.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
    } catch (error) {
      if (error instanceof EncryptedPDFError) {
        throw new MalformedFile('the PDF is encrypted: save it without a password, then send it again');
      }
      throw new MalformedFile('the PDF file could not be read');
    }
    const rewritten = await Document.create({ updateMetadata: false });
    try {
      const pages = await rewritten.copyPages(source, source.getPageIndices());
      if (!pages.length) {
        throw new MalformedFile('the PDF has no pages');
      }
      for (const page of pages) {
        scrubAnnotations(rewritten, page.node);
        rewritten.addPage(page);
      }
    } catch (error) {
      throw error instanceof MalformedFile ? error : new MalformedFile('the PDF file could not be read');
    }
    // What the copied pages brought along: XMP on images and forms, private application data,
    // page and field actions, anywhere in the new document.
    for (const [ref, object] of rewritten.context.enumerateIndirectObjects()) {
      const dict = object instanceof Dict ? object : object instanceof PDFRawStream || object instanceof PDFStream ? object.dict : null;
      if (!dict) {
        continue;
      }
      if (nameOf(dict, 'Type') === 'Metadata' || nameOf(dict, 'Type') === 'EmbeddedFile' || nameOf(dict, 'Type') === 'Filespec') {
        rewritten.context.delete(ref);
        continue;
      }
      DROPPED_KEYS.forEach((key) => dict.delete(name(key)));
    }
    dropUnreachable(rewritten);
    return Buffer.from(await rewritten.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false }));
  }

  /**
   * Copying pages copies every object they referred to, and pdf-lib saves every object it holds:
   * a form field or a file reached only through a dropped annotation would still be in the file.
   * Only what the new catalogue reaches is kept.
   */
  function dropUnreachable(document: PDFDocument): void {
    const reached = new Set<string>();
    const root = document.context.trailerInfo.Root;
    const pending: PDFObject[] = root ? [root] : [];
    while (pending.length) {
      const value = pending.pop();
      if (value instanceof PDFRef) {
        if (reached.has(value.tag)) {
          continue;
        }
        reached.add(value.tag);
        const target = document.context.lookup(value);
        if (target) {
          pending.push(target);
        }
      } else if (value instanceof Dict) {
        pending.push(...value.values());
      } else if (value instanceof PDFArray) {
        pending.push(...value.asArray());
      } else if (value instanceof PDFStream) {
        pending.push(value.dict);
      }
    }
    for (const [ref] of document.context.enumerateIndirectObjects()) {
      if (!reached.has(ref.tag)) {
        document.context.delete(ref);
      }
    }
  }

  return rewrite;
}
