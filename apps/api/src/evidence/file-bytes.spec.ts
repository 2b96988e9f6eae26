import { cleanEvidence, detectType, MalformedFile, stripJpeg, stripPng } from './file-bytes';
import { jpegWithMetadata, pngWithMetadata } from './testing/image-fixtures';

describe('evidence bytes', () => {
  it('recognises PDF, PNG and JPEG from their bytes only', () => {
    expect(detectType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(detectType(pngWithMetadata())).toBe('image/png');
    expect(detectType(jpegWithMetadata())).toBe('image/jpeg');
    expect(detectType(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(detectType(Buffer.from('MZ\u0090\u0000'))).toBeNull();
  });

  it('removes text, EXIF and time chunks from a PNG and keeps the image', () => {
    const clean = stripPng(pngWithMetadata());
    const text = clean.toString('latin1');
    expect(text).not.toMatch(/GPS|Mopti|eXIf|tEXt/);
    expect(text).toMatch(/IHDR[\s\S]*IDAT[\s\S]*IEND/);
  });

  it('removes EXIF, XMP and comments from a JPEG and keeps the image data', () => {
    const clean = stripJpeg(jpegWithMetadata());
    const text = clean.toString('latin1');
    expect(text).not.toMatch(/Exif|GPS|Traor/);
    expect(text).toMatch(/JFIF/);
    expect(clean.subarray(-5)).toEqual(Buffer.from([0x12, 0x34, 0x56, 0xff, 0xd9]));
  });

  it('refuses truncated images', () => {
    expect(() => stripPng(pngWithMetadata().subarray(0, 40))).toThrow(MalformedFile);
    expect(() => stripJpeg(jpegWithMetadata().subarray(0, 12))).toThrow(MalformedFile);
  });

  it('returns null for what is not evidence', () => {
    expect(cleanEvidence(Buffer.from('plain text pretending.pdf'))).toBeNull();
  });
});
