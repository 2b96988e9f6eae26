import { importedId, uuidV5 } from './imports.service';

describe(importedId.name, () => {
  it('is a UUIDv5 as RFC 9562 computes it (its example: www.example.com in the DNS namespace)', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('names the same record for the same importer, file and line, and another for any other', () => {
    const file = 'a'.repeat(64);
    const id = importedId({ id: 'u1' }, file, 2);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(importedId({ id: 'u1' }, file, 2)).toBe(id);
    expect(
      new Set([id, importedId({ id: 'u2' }, file, 2), importedId({ id: 'u1' }, 'b'.repeat(64), 2), importedId({ id: 'u1' }, file, 3)]).size,
    ).toBe(4);
  });
});
